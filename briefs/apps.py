from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = "Briefs"

    def ready(self):
        from . import search_index, signals

        search_index.connect()
        signals.connect()
