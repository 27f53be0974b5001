from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = "Briefs"

    def ready(self):
        from briefs import signals
        from briefs.alerts import hooks as alerts
        from briefs.caching import generation
        from briefs.content import public_generation
        from briefs.printing import tasks as printing
        from briefs.search import index

        generation.read_from(public_generation.read)
        index.connect()
        signals.connect()
        printing.connect()
        alerts.connect()
