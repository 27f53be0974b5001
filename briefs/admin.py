"""Where Django's admin looks for this app's model admins; they live in the editorial,
exports, imports and alerts rooms."""

from briefs.alerts import admin as alerts_admin  # noqa: F401 (registers them)
from briefs.editorial.admin import model_admins  # noqa: F401 (registers them)
from briefs.exports import admin as exports_admin  # noqa: F401 (registers it)
from briefs.imports import admin as imports_admin  # noqa: F401 (registers it)
