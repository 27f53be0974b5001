"""Where Django's admin looks for this app's model admins; they live in the editorial
room, and those of e-mail alerts in the alerts room."""

from briefs.alerts import admin as alerts_admin  # noqa: F401 (registers them)
from briefs.editorial.admin import model_admins  # noqa: F401 (registers them)
