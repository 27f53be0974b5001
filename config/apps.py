from django.contrib.admin.apps import AdminConfig


class EditorialAdminConfig(AdminConfig):
    """Django's admin app, with the site that refuses malformed requests (admin_site.py)."""

    default_site = "config.admin_site.EditorialAdminSite"
