"""Where Django's admin looks for this app's model admins; they live in the editorial room,
and the imports room has the old addresses of imported posts."""

from briefs.editorial.admin import model_admins  # noqa: F401 (registers them)
from briefs.imports import admin as imports_admin  # noqa: F401 (registers it)
