"""Delete the social card files that no public brief shows any more."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from briefs.images.cards import CARDS_FOLDER, card_name
from briefs.models import Brief


class Command(BaseCommand):
    help = (
        "Delete card files in the cards folder that are not the current card of a public "
        "brief (superseded by an edit, or of a brief no longer public). Safe at any time: "
        "a card is drawn again the next time its address is asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        public = (
            Brief.objects.published()
            .select_related("series", "hero")
            .prefetch_related("countries")
            .order_by("pk")
        )
        current = {card_name(brief) for brief in public.iterator(chunk_size=2000)}
        try:
            _folders, files = default_storage.listdir(CARDS_FOLDER)
        except FileNotFoundError:
            files = []
        stale = sorted(
            f"{CARDS_FOLDER}/{name}" for name in files if f"{CARDS_FOLDER}/{name}" not in current
        )
        for name in stale:
            if dry_run:
                self.stdout.write(f"would delete {name}")
            else:
                default_storage.delete(name)
        verb = "Would delete" if dry_run else "Deleted"
        cards = ngettext(
            "%(stale)d of %(total)d card file", "%(stale)d of %(total)d card files", len(files)
        ) % {"stale": len(stale), "total": len(files)}
        briefs = ngettext("%d public brief", "%d public briefs", len(current)) % len(current)
        self.stdout.write(f"{verb} {cards}; {briefs}.")
