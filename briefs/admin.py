"""Where Django's admin looks for this app's model admins; they live in the editorial room."""

from briefs.editorial.admin import model_admins  # noqa: F401 (registers them)
