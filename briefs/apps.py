from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Briefs")

    def ready(self):
        from django.db.backends.signals import connection_created

        from briefs import signals
        from briefs.alerts import hooks as alerts
        from briefs.caching import generation
        from briefs.content import public_generation
        from briefs.content.lookups import register_casefold
        from briefs.exports import tasks as exports
        from briefs.imports import tasks as imports
        from briefs.printing import tasks as printing
        from briefs.search import index
        from briefs.social import tasks as social_cards

        generation.read_from(public_generation.read)
        connection_created.connect(register_casefold, dispatch_uid="sqlite-casefold")
        index.connect()
        signals.connect()
        printing.connect()
        social_cards.connect()
        exports.connect()
        imports.connect()
        alerts.connect()
