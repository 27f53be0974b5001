"""Import a WordPress or Squarespace export (WXR) into briefs: ``briefs.imports``."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from briefs.imports.importer import Importer
from briefs.imports.media import MediaSource
from briefs.imports.terms import Mapping, MappingError
from briefs.imports.wxr import Export, WxrError


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress or Squarespace export (WXR file) as briefs, with "
        "their images, authors, countries, themes and old addresses. Safe to re-run: posts "
        "are found again by their GUID; a brief edited here is left alone unless "
        "--overwrite is given. Prints a summary and writes a report file."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The export's XML file.")
        parser.add_argument(
            "--media-dir",
            help="A copy of wp-content/uploads, or any folder of the export's images "
            "(matched by path, then by file name).",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download images not found in --media-dir from the old site.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and report what would happen; save nothing.",
        )
        parser.add_argument(
            "--mapping",
            help="A TOML file saying what categories, tags and authors become (docs/importing.md).",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also update briefs that were edited here since they were imported.",
        )
        parser.add_argument(
            "--report",
            help="Where to write the report (default: import-report-<time>.txt beside the export).",
        )
        parser.add_argument(
            "--timeout", type=float, default=10, help="Seconds to wait on the old site."
        )

    def handle(self, *args, **options):
        path = Path(options["export"])
        if options["media_dir"] and not Path(options["media_dir"]).is_dir():
            raise CommandError(f"--media-dir {options['media_dir']} is not a folder")
        try:
            mapping = Mapping.load(options["mapping"]) if options["mapping"] else None
            export = Export(path)
            export.scan()
            source = MediaSource(
                site=export.site,
                media_dir=options["media_dir"],
                fetch=options["fetch_media"],
                timeout=options["timeout"],
            )
            importer = Importer(
                export,
                source=source,
                mapping=mapping,
                overwrite=options["overwrite"],
                dry_run=options["dry_run"],
            )
            report = self._run(importer, export.item_count, options["verbosity"])
        except (WxrError, MappingError) as error:
            raise CommandError(f"{path.name}: {error}") from None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        report_path = Path(options["report"] or path.with_name(f"import-report-{stamp}.txt"))
        report_path.write_text("\n".join(report.lines()) + "\n", encoding="utf-8")
        for line in report.summary():
            self.stdout.write(line)
        self.stdout.write(f"Report: {report_path}")

    def _run(self, importer, total, verbosity):
        progress = Progress(
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=verbosity < 1,
            transient=True,
        )
        with progress:
            task = progress.add_task("items", total=total)
            return importer.run(progress=lambda item: progress.advance(task))
