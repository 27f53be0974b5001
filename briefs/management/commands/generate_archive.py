import sys
import time

from django.core.management.base import BaseCommand, CommandError

from briefs.archive import ArchiveGenerator

BAR_WIDTH = 40


class Command(BaseCommand):
    help = (
        "Generate a large, realistic archive of briefs (authors, series, themes, countries) "
        "for the benchmark. Reproducible with --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--briefs", type=int, default=100_000, help="How many briefs.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete a previously generated archive first (other content is kept).",
        )

    def handle(self, *args, briefs, seed, replace, **options):
        if briefs < 1:
            raise CommandError("--briefs must be at least 1.")
        if ArchiveGenerator.exists():
            if not replace:
                self.stdout.write("A generated archive is already there; --replace rebuilds it.")
                return
            self.stdout.write("Removing the generated archive...")
            ArchiveGenerator.remove()
        started = time.monotonic()
        report = ArchiveGenerator(seed=seed, progress=self._progress).generate(briefs)
        self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.briefs} briefs, {report.series} series, {report.authors} authors, "
                f"{report.themes} themes, {report.countries} countries "
                f"in {time.monotonic() - started:.0f} s"
            )
        )

    def _progress(self, done, total):
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\n" if not sys.stderr.isatty() and done == total else ""
        self.stderr.write(f"\r[{bar}] {done}/{total}", ending=end)
        self.stderr.flush()
