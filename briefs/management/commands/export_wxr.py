"""Export every brief as a WordPress (WXR 1.2) file, with a folder of the original images."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from briefs.content.addresses import site_root
from briefs.exports.media import FolderMedia
from briefs.exports.writer import CHUNK_SIZE, export
from briefs.models import Brief


class Command(BaseCommand):
    help = (
        "Write every brief (drafts, briefs in review and scheduled ones included), its "
        "authors, countries, themes, series, figures and footnotes to OUT.xml as a WordPress "
        "export (WXR 1.2); with --media-dir, copy the original images into "
        "DIR/wp-content/uploads. The file holds unpublished work: keep it private."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.xml", help="The file to write (replaced).")
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help="Copy the original images into DIR/wp-content/uploads/<year>/<month>/.",
        )
        parser.add_argument(
            "--media-url",
            metavar="URL",
            help="The address DIR/wp-content/uploads will be served from; attachments then "
            "point there instead of at this site's copies.",
        )
        parser.add_argument(
            "--site-url",
            metavar="URL",
            help="The site's public address, when SITE_URL is not set (links, GUIDs, images).",
        )
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, help="Briefs per read.")

    def handle(self, *args, out, media_dir, media_url, site_url, chunk_size, **options):
        if not (site_url or site_root()):
            raise CommandError("Set SITE_URL, or pass --site-url, the site's public address.")
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        out_path = Path(out)
        if not out_path.parent.is_dir():
            raise CommandError(f"No folder {out_path.parent} to write {out_path.name} in.")
        if out_path.is_dir():
            raise CommandError(f"{out_path} is a folder; name the file to write.")
        media = None
        if media_dir:
            media_path = Path(media_dir)
            if media_path.exists() and not media_path.is_dir():
                raise CommandError(f"--media-dir {media_path} is a file, not a folder.")
            # Made even when no brief shows an image, so an import can be pointed at it.
            media_path.mkdir(parents=True, exist_ok=True)
            media = FolderMedia(media_path)

        total = Brief.objects.count()
        with (
            Progress(
                TextColumn("Exporting briefs"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                disable=options["verbosity"] == 0,
                console=None,
            ) as progress,
            out_path.open("wb") as file,
        ):
            task = progress.add_task("briefs", total=total)
            summary = export(
                file,
                site_url=site_url,
                media=media,
                media_url=media_url,
                chunk_size=chunk_size,
                progress=lambda done: progress.advance(task, done),
            )
        self.stdout.write(
            f"Wrote {summary.briefs} briefs, {summary.authors} authors, "
            f"{summary.categories} categories, {summary.tags} tags and "
            f"{summary.attachments} attachments to {out_path}."
        )
        if media is not None:
            self.stdout.write(f"Copied {summary.media_files} images into {media.root}.")
        if summary.media_missing:
            self.stderr.write(
                f"{summary.media_missing} images were missing from storage and not copied."
            )
