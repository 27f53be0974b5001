from django.conf import settings
from django.core.management.base import BaseCommand

from ops.backup import backup


class Command(BaseCommand):
    help = "Dump the PostgreSQL database (pg_dump -Fc) and archive local media into a folder."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="Folder to write database.dump and media.tar.gz")

    def handle(self, destination, **options):
        dump, archive = backup(destination, settings.DATABASES["default"], settings.MEDIA_ROOT)
        self.stdout.write(f"Wrote {dump} and {archive}.")
