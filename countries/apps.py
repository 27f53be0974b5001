from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "countries"
    verbose_name = "Countries and regions"

    def ready(self):
        from countries import checks  # noqa: F401  (registers the map's check)
