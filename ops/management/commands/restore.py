from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from briefs.caching import generation
from briefs.models import ContentGeneration
from ops.backup import restore_database, restore_media


class Command(BaseCommand):
    help = "Restore the database and local media from a folder written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Folder holding database.dump and media.tar.gz")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, source, interactive, **options):
        database = settings.DATABASES["default"]
        if interactive:
            answer = input(f"Replace everything in database {database['NAME']!r}? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        restore_database(source, database)
        # The backup brings back its own public generation (and pg_restore's COPY fires no
        # triggers), under which pages showing later content may have been kept: a new one
        # retires every kept page, at once here and within GENERATION_CHECK_SECONDS elsewhere.
        ContentGeneration.bump()
        generation.forget()
        restore_media(source, settings.MEDIA_ROOT)
        self.stdout.write(f"Restored {database['NAME']} and media from {source}.")
