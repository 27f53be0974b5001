from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    name = "countries"
    verbose_name = _("Countries and regions")

    def ready(self):
        from countries import checks  # noqa: F401  (registers the map's check)
