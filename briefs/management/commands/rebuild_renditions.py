"""Rewrite every stored image's renditions, e.g. after the widths or quality change."""

from django.core.management.base import BaseCommand

from briefs import images
from briefs.models import Author, Brief

IMAGE_FIELDS = [
    (Brief, "hero_image", "hero_renditions"),
    (Author, "photo", "photo_renditions"),
]
BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Rebuild the responsive renditions of every hero image and author photo from the "
        "stored originals. Safe to re-run: each run replaces the files it wrote before."
    )

    def handle(self, *args, **options):
        work = [
            (record, field, renditions)
            for model, field, renditions in IMAGE_FIELDS
            for record in model.objects.exclude(**{field: ""}).order_by("pk")
        ]
        failed = 0
        for done, (record, field, renditions) in enumerate(work, start=1):
            try:
                images.rebuild_renditions(record, field, renditions)
            except (OSError, ValueError) as error:
                failed += 1
                self.stderr.write(f"\n{record._meta.verbose_name} {record.pk}: {error}")
            else:
                record.save(update_fields=[renditions])
            self._progress(done, len(work))
        self.stdout.write(f"Rebuilt renditions for {len(work) - failed} image(s); {failed} failed.")

    def _progress(self, done, total):
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending="\n" if done == total else "")
        self.stdout.flush()
