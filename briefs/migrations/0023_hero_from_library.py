"""Hero images come from the image library, and every image is in the library once.

Forward, in one transaction:

1. Each library image gets its fingerprint: the sha256 of its stored file. New uploads
   are fingerprinted from the bytes as received (``briefs.library.uploads``); for an
   image already stored those bytes are gone, and the stored file (the upload re-encoded,
   which the same encoder writes byte for byte the same for the same upload) is the best
   left. An image whose file cannot be read gets none.
2. Images with the same file are merged into the oldest when their alt text, caption
   and credit are the same too: bodies' figures and ``BriefFigure`` rows are repointed,
   and the newer records deleted (their files stay in storage, unlinked). Same file with
   different words: both are kept, the newer without a fingerprint, so no brief changes
   what it tells readers.
3. Every hero moves into the library, one library image per distinct stored file (the
   words of the oldest brief that shows it), keeping its file and renditions as they are:
   nothing is re-encoded or renamed. A hero whose file is already in the library with
   the same words uses that image instead.

Backward, ``Brief.hero`` is copied back into the hero fields (restored by 0019's reverse);
library images that were only heroes leave the library, their files now the brief's. Merged
duplicates stay merged.
"""

import hashlib

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import migrations, models

from briefs.content.figures import STORED
from ops.sqlite_triggers import put_triggers_back, set_triggers_aside

WORDS = ("alt", "caption", "credit")


def fingerprint_of(name):
    """The sha256 of the stored file ``name``, or None when it cannot be read."""
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def words(image):
    return tuple(getattr(image, field) for field in WORDS)


def repoint_figures(apps, merged):
    """Bodies and ``BriefFigure`` rows that showed a merged image show its keeper."""
    if not merged:
        return
    Brief = apps.get_model("briefs", "Brief")
    BriefFigure = apps.get_model("briefs", "BriefFigure")

    def keeper(match):
        kept = merged.get(int(match.group(1)))
        return match.group(0) if kept is None else f'<figure data-image="{kept}"></figure>'

    touched = BriefFigure.objects.filter(image_id__in=merged).values("brief")
    for brief in Brief.objects.filter(pk__in=touched).only("pk", "body"):
        Brief.objects.filter(pk=brief.pk).update(body=STORED.sub(keeper, brief.body))
    for use in BriefFigure.objects.filter(image_id__in=merged):
        kept = merged[use.image_id]
        if BriefFigure.objects.filter(brief_id=use.brief_id, image_id=kept).exists():
            use.delete()
        else:
            BriefFigure.objects.filter(pk=use.pk).update(image_id=kept)


def fingerprint_and_merge(apps, schema_editor):
    LibraryImage = apps.get_model("briefs", "LibraryImage")
    kept = {}  # fingerprint -> the library images with it, oldest first
    merged = {}  # id of a merged duplicate -> id of the image kept
    for image in LibraryImage.objects.order_by("pk"):
        fingerprint = fingerprint_of(image.image.name)
        if fingerprint is None:
            continue
        same_file = kept.setdefault(fingerprint, [])
        twin = next((other for other in same_file if words(other) == words(image)), None)
        if twin is not None:
            merged[image.pk] = twin.pk
            continue
        same_file.append(image)
        if len(same_file) == 1:  # the first with this file holds its fingerprint
            LibraryImage.objects.filter(pk=image.pk).update(fingerprint=fingerprint)
    repoint_figures(apps, merged)
    LibraryImage.objects.filter(pk__in=merged).delete()


def move_heroes_into_library(apps, schema_editor):
    Brief = apps.get_model("briefs", "Brief")
    LibraryImage = apps.get_model("briefs", "LibraryImage")
    title_length = LibraryImage._meta.get_field("title").max_length
    by_file = {}  # stored name -> library image id
    heroes = Brief.objects.exclude(hero_image="").order_by("pk")
    for brief in heroes.only(
        "pk", "hero_image", "hero_alt", "hero_caption", "hero_credit", "hero_renditions",
        "created_by",
    ):
        name = brief.hero_image.name
        if name not in by_file:
            by_file[name] = library_image_for(LibraryImage, brief, title_length).pk
        Brief.objects.filter(pk=brief.pk).update(hero_id=by_file[name])


def library_image_for(LibraryImage, brief, title_length):
    """The library image of ``brief``'s hero: one with the same file and words, or a new
    record on the hero's stored file and renditions."""
    alt = brief.hero_alt.strip() or brief.hero_caption.strip() or "Hero image"
    hero_words = (alt, brief.hero_caption, brief.hero_credit)
    fingerprint = fingerprint_of(brief.hero_image.name)
    holder = fingerprint and LibraryImage.objects.filter(fingerprint=fingerprint).first()
    if holder and words(holder) == hero_words:
        return holder
    return LibraryImage.objects.create(
        image=brief.hero_image.name,
        renditions=brief.hero_renditions or {},
        title=alt[:title_length],
        alt=alt,
        caption=brief.hero_caption,
        credit=brief.hero_credit,
        uploaded_by_id=brief.created_by_id,
        # A file already in the library with other words keeps its fingerprint there.
        fingerprint=None if holder else fingerprint,
    )


def copy_heroes_back(apps, schema_editor):
    Brief = apps.get_model("briefs", "Brief")
    LibraryImage = apps.get_model("briefs", "LibraryImage")
    BriefFigure = apps.get_model("briefs", "BriefFigure")
    heroes = set(Brief.objects.filter(hero__isnull=False).values_list("hero", flat=True))
    for brief in Brief.objects.filter(hero__isnull=False).select_related("hero"):
        hero = brief.hero
        Brief.objects.filter(pk=brief.pk).update(
            hero_image=hero.image.name,
            hero_alt=hero.alt,
            hero_caption=hero.caption,
            hero_credit=hero.credit,
            hero_renditions=hero.renditions,
            hero=None,
        )
    # Images that were only heroes leave the library: their files are the briefs' again.
    figures = BriefFigure.objects.filter(image__in=heroes).values_list("image", flat=True)
    LibraryImage.objects.filter(pk__in=heroes - set(figures)).delete()
    if schema_editor.connection.vendor == "postgresql":
        # The columns go next, in this transaction: PostgreSQL alters no table with
        # foreign key checks still pending, so they run now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0022_imports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Added with ALTER TABLE and a unique index: Django would rebuild the table on
        # SQLite for a unique column, and a rebuilt table loses its triggers (0013).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE briefs_libraryimage ADD COLUMN fingerprint varchar(64) NULL",
                    "ALTER TABLE briefs_libraryimage DROP COLUMN fingerprint",
                ),
                migrations.RunSQL(
                    "CREATE UNIQUE INDEX briefs_libraryimage_fingerprint_uniq "
                    "ON briefs_libraryimage (fingerprint)",
                    "DROP INDEX briefs_libraryimage_fingerprint_uniq",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="libraryimage",
                    name="fingerprint",
                    field=models.CharField(editable=False, max_length=64, null=True, unique=True),
                ),
            ],
        ),
        migrations.AddField(
            model_name="libraryimage",
            name="uploaded_again_by",
            field=models.ManyToManyField(
                blank=True, editable=False, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        # Backward, dropping the column rebuilds the table on SQLite (see 0019).
        migrations.RunPython(migrations.RunPython.noop, put_triggers_back),
        migrations.AddField(
            model_name="brief",
            name="hero",
            field=models.ForeignKey(
                blank=True,
                help_text="Shown above the body and on social cards, with the library image's "
                "alt text, caption and credit. At least 1600 pixels wide looks sharp on every "
                "screen.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="hero_of",
                to="briefs.libraryimage",
                verbose_name="hero image",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, set_triggers_aside),
        migrations.RunPython(fingerprint_and_merge, migrations.RunPython.noop),
        migrations.RunPython(move_heroes_into_library, copy_heroes_back),
    ]
