"""Where Django's admin looks for this app's model admins; they live in the editorial and
exports rooms."""

from briefs.editorial.admin import model_admins  # noqa: F401 (registers them)
from briefs.exports import admin as exports_admin  # noqa: F401 (registers it)
