from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import restore


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
        restore(source, database, settings.MEDIA_ROOT)
        self.stdout.write(f"Restored {database['NAME']} and media from {source}.")
