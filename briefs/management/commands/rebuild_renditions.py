"""Rewrite every stored image's renditions, e.g. after the widths or quality change.

With ``--rename``, images still stored under their uploader's file name (from before
names were generated) move to generated names, so their addresses cannot be guessed.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from briefs import images
from briefs.images import naming
from briefs.models import Author, LibraryImage

IMAGE_FIELDS = [
    (Author, "photo", "photo_renditions"),
    (LibraryImage, "image", "renditions"),
]
BAR_WIDTH = 30


def images_count(count):
    """The count with its noun: "1 image", "2 images"."""
    return ngettext("%d image", "%d images", count) % count


class Command(BaseCommand):
    help = (
        "Rebuild the responsive renditions of every library image (figures and hero "
        "images) and author photo from the stored originals. Safe to re-run: each run "
        "replaces the files it wrote before."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rename",
            action="store_true",
            help="Also move images stored under their uploader's file name (a guessable "
            "address) to generated names, and delete the old files. Safe to re-run.",
        )

    def handle(self, *args, rename=False, **options):
        work = [
            (record, field, renditions)
            for model, field, renditions in IMAGE_FIELDS
            for record in model.objects.exclude(**{field: ""}).order_by("pk")
        ]
        failed = renamed = guessable = 0
        for done, (record, field, renditions) in enumerate(work, start=1):
            generated = naming.is_generated(getattr(record, field).name)
            try:
                if rename and not generated:
                    old_names = images.move_to_generated_name(record, field, renditions)
                else:
                    old_names = []
                    images.rebuild_renditions(record, field, renditions)
            except (OSError, ValueError) as error:
                failed += 1
                self.stderr.write(f"\n{record._meta.verbose_name} {record.pk}: {error}")
            else:
                record.save(update_fields=[field, renditions])
                images.delete_replaced_on_commit(old_names, record, field, renditions)
                renamed += bool(old_names)
            guessable += not generated
            self._progress(done, len(work))
        rebuilt = len(work) - failed
        self.stdout.write(f"Rebuilt renditions for {images_count(rebuilt)}; {failed} failed.")
        if rename:
            self.stdout.write(
                f"Renamed {images_count(renamed)} to generated names; "
                f"{len(work) - guessable} already had one."
            )
        elif guessable:
            self.stdout.write(
                f"{images_count(guessable)} still stored under the uploader's file name, a "
                "guessable address: run again with --rename to move them to generated names."
            )

    def _progress(self, done, total):
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending="\n" if done == total else "")
        self.stdout.flush()
