"""A large, realistic, reproducible archive of briefs, for the benchmark and load tests.

From the command line, with the settings of the database to fill:
``python bench/archive.py --briefs 100000 --seed 1 [--replace]``; ``bench/prepare.py``
(``make bench``) calls ``generate()`` itself.

``ArchiveGenerator(seed).generate(count)`` writes authors, themes, series, briefs and their
links in batches with ``bulk_create``. Each brief goes through ``Brief.prepare_for_save()``
so its derived fields are exactly what ``save()`` would store. Steps that fill columns
from the stored rows (a full-text index, say) belong in ``finish()``, which runs one bulk
statement per step after the inserts.
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

if __name__ == "__main__":  # run as a script: set Django up before the models are imported
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.functional import cached_property  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from briefs.caching import generation  # noqa: E402
from briefs.models import Author, Brief, BriefAuthor, BriefKind, Series, Theme, ThemedBrief  # noqa: E402
from briefs.search import index as search_index  # noqa: E402
from countries.models import Country, Region  # noqa: E402

SLUG_PREFIX = "arc-"
COUNTRIES = 60
REGIONS = 6
EXTRA_REGION = ("Wider neighbourhood", "wider-neighbourhood")
THEMES = 40
SERIES = 500
SERIES_PARTS = (3, 12)
AUTHORS = 300
BODY_WORDS = (600, 1500)
BATCH = 1000
ARCHIVE_YEARS = 15

# A rare word turns up in about one brief in 10,000, so a search for it finds a handful.
RARE_WORD = "ophiolite"
RARE_EVERY = 10_000

_VOCABULARY_TEXT = (
    "the of and to in a is that for on with as by government policy energy security "
    "sanctions trade border region regional economic reform election parliament minister "
    "opposition pipeline gas oil transit corridor migration labour remittances diaspora "
    "neutrality alliance military defence conflict ceasefire negotiation mediation treaty "
    "sovereignty investment infrastructure railway port customs tariff currency inflation "
    "budget debt bank lending grain water drought climate hydropower electricity grid "
    "refugees humanitarian aid donors reconstruction corruption courts judiciary media "
    "freedom press civil society protest constitution presidency succession elite clan "
    "patronage business oligarch privatisation agriculture cotton wheat fertiliser "
    "exports imports re-exports dual-use technology logistics shipping caspian black sea "
    "steppe mountains valley province capital city rural urban youth education health "
    "pension wages unemployment poverty inequality growth recession forecast scenario "
    "risk leverage influence strategy partnership cooperation competition rivalry "
    "dependence diversification integration union bloc summit dialogue communique "
    "delegation envoy observers mission monitoring verification compliance enforcement"
)
VOCABULARY = _VOCABULARY_TEXT.split()
_THEMES_TEXT = (
    "neutrality, sanctions, energy security, humanitarian aid, trade, migration, "
    "water, climate, elections, media freedom, corruption, rule of law, defence, "
    "conflict resolution, transport corridors, food security, remittances, debt, "
    "banking, digital economy, education, health, labour, religion, minorities, "
    "borders, diplomacy, nuclear, hydropower, mining, agriculture, tourism, "
    "infrastructure, urbanisation, demography, gender, youth, civil society, "
    "decentralisation, public finance"
)
THEME_NAMES = _THEMES_TEXT.split(", ")
TITLE_PATTERNS = (
    "{theme} in {country}: what changes after {year}",
    "{country} and the politics of {theme}",
    "Why {theme} matters for {country}",
    "{country}'s {theme} gamble",
    "Reading {country}'s {theme} strategy",
    "{theme}: lessons from {country}",
)
FIRST_NAMES = ("Ana", "Aziz", "Dilnoza", "Giorgi", "Irina", "Kamila", "Levan", "Marat", "Nino")
LAST_NAMES = ("Aliyeva", "Beridze", "Grigoryan", "Ismailov", "Karimova", "Lomidze", "Nurlanov")
# Status mix of the archive: most briefs public, some scheduled, the rest unpublished.
SCHEDULED_SHARE = 0.03
DRAFT_SHARE = 0.04
REVIEW_SHARE = 0.02


@dataclass
class ArchiveReport:
    briefs: int = 0
    authors: int = 0
    series: int = 0
    themes: int = 0
    countries: int = 0


class ArchiveGenerator:
    def __init__(self, seed=1, progress=None):
        self.rng = random.Random(seed)
        self.progress = progress or (lambda done, total: None)
        self.now = timezone.now()
        self.weights = [1 / rank for rank in range(1, len(VOCABULARY) + 1)]

    @staticmethod
    def exists():
        return Brief.objects.filter(slug__startswith=SLUG_PREFIX).exists()

    @staticmethod
    def remove():
        """Delete a previously generated archive, leaving other content alone."""
        with transaction.atomic():
            Brief.objects.filter(slug__startswith=SLUG_PREFIX).delete()
            Series.objects.filter(slug__startswith=SLUG_PREFIX).delete()
            Author.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        generation.forget()

    def generate(self, count):
        countries = self._countries()
        themes = self._themes()
        authors = self._authors()
        series_slots = self._series(count)
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            with transaction.atomic():
                self._write_batch(done, size, countries, themes, authors, series_slots)
            done += size
            self.progress(done, count)
        self.finish()
        return ArchiveReport(
            briefs=count,
            authors=len(authors),
            series=len({slot[0].id for slot in series_slots.values()}),
            themes=len(themes),
            countries=len(countries),
        )

    def finish(self):
        """Bulk steps over the stored rows, then fresh planner statistics.

        The bulk inserts moved the public generation themselves (database triggers)."""
        # Bulk inserts skip the signals that index a saved brief for search.
        search_index.update_vectors(Brief.objects.filter(search_vector__isnull=True))
        if connection.vendor == "postgresql":
            # VACUUM (for index-only scans) cannot run inside a transaction; tests wrap one.
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(statement)
        generation.forget()

    def _countries(self):
        """About 60 countries in 6 regions: the regional ones first, then others."""
        extra, _ = Region.objects.get_or_create(
            slug=EXTRA_REGION[1], defaults={"name": EXTRA_REGION[0]}
        )
        regions = list(Region.objects.exclude(id=extra.id).order_by("id")[: REGIONS - 1])
        chosen = list(Country.objects.filter(region__in=regions).order_by("code"))
        others = list(
            Country.objects.filter(Q(region__isnull=True) | Q(region=extra)).order_by("code")
        )
        extras = self.rng.sample(others, max(0, COUNTRIES - len(chosen)))
        Country.objects.filter(id__in=[c.id for c in extras]).update(region=extra)
        return chosen + extras

    def _themes(self):
        themes = []
        for name in THEME_NAMES[:THEMES]:
            theme, _ = Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
            themes.append(theme)
        return themes

    def _authors(self):
        authors = [
            Author(
                name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                slug=f"{SLUG_PREFIX}author-{n}",
                role=self.rng.choice(["Senior Fellow", "Research Fellow", "Associate"]),
                bio="Writes on the politics and economy of the region.",
            )
            for n in range(1, AUTHORS + 1)
        ]
        return Author.objects.bulk_create(authors)

    def _series(self, count):
        """Map brief numbers to (series, position): 500 series of 3-12 parts, spread out."""
        series = Series.objects.bulk_create(
            Series(
                title=f"{theme.title()} across the region, part set {n}",
                slug=f"{SLUG_PREFIX}series-{n}",
                description="A series of briefs read in order.",
            )
            for n, theme in (
                (n, self.rng.choice(THEME_NAMES))
                for n in range(1, min(SERIES, max(1, count // 20)) + 1)
            )
        )
        slots = {}
        numbers = list(range(count))
        self.rng.shuffle(numbers)
        cursor = 0
        for one in series:
            parts = self.rng.randint(*SERIES_PARTS)
            for position, number in enumerate(numbers[cursor : cursor + parts], start=1):
                slots[number] = (one, position)
            cursor += parts
        return slots

    def _write_batch(self, start, size, countries, themes, authors, series_slots):
        briefs = [
            self._brief(number, countries, themes, series_slots)
            for number in range(start, start + size)
        ]
        for brief in briefs:
            brief.prepare_for_save()
        Brief.objects.bulk_create(briefs)
        credits, themed, filed = [], [], []
        Filed = Brief.countries.through
        for brief in briefs:
            for position, author in enumerate(self.rng.sample(authors, self._some(1, 3)), 1):
                credits.append(BriefAuthor(brief=brief, author=author, position=position))
            for theme in self.rng.sample(themes, self._some(1, 4)):
                themed.append(ThemedBrief(content_object=brief, tag=theme))
            for country in self.rng.sample(countries, self._some(1, 3)):
                filed.append(Filed(brief=brief, country=country))
        BriefAuthor.objects.bulk_create(credits)
        ThemedBrief.objects.bulk_create(themed)
        Filed.objects.bulk_create(filed)

    def _some(self, low, high):
        """Mostly ``low``, sometimes more: most briefs have one author, some two or three."""
        return min(high, low + int(self.rng.expovariate(1.5)))

    def _brief(self, number, countries, themes, series_slots):
        country = self.rng.choice(countries)
        theme = self.rng.choice(themes)
        publish_at = self.now - timedelta(seconds=self.rng.uniform(0, ARCHIVE_YEARS * 365 * 86400))
        title = self.rng.choice(TITLE_PATTERNS).format(
            theme=theme.name.capitalize(), country=country.name, year=publish_at.year
        )
        roll = self.rng.random()
        status = Brief.Status.PUBLISHED
        if roll < SCHEDULED_SHARE:
            publish_at = self.now + timedelta(seconds=self.rng.uniform(3600, 90 * 86400))
        elif roll < SCHEDULED_SHARE + DRAFT_SHARE:
            status, publish_at = Brief.Status.DRAFT, None
        elif roll < SCHEDULED_SHARE + DRAFT_SHARE + REVIEW_SHARE:
            status, publish_at = Brief.Status.REVIEW, None
        series, position = series_slots.get(number, (None, None))
        return Brief(
            title=title,
            slug=f"{SLUG_PREFIX}{number + 1}-{slugify(title)}"[:250],
            dek=self._sentence(30, 60),
            body=self._body(number),
            status=status,
            publish_at=publish_at,
            series=series,
            series_position=position,
            # Every type in turn: the type facet counts something in each.
            kind_id=self._kinds[number % len(self._kinds)],
        )

    @cached_property
    def _kinds(self):
        return list(BriefKind.objects.values_list("pk", flat=True))

    def _sentence(self, low, high):
        words = self.rng.choices(VOCABULARY, weights=self.weights, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def _body(self, number):
        target = self.rng.randint(*BODY_WORDS)
        paragraphs, written = [], 0
        while written < target:
            size = min(self.rng.randint(60, 140), target - written)
            words = self.rng.choices(VOCABULARY, weights=self.weights, k=size)
            if number % RARE_EVERY == 0 and not paragraphs:
                words[len(words) // 2] = RARE_WORD
            paragraphs.append("<p>" + " ".join(words).capitalize() + ".</p>")
            written += size
            if self.rng.random() < 0.15:
                paragraphs.append(f"<h2>{self._sentence(3, 6)[:-1]}</h2>")
        return "".join(paragraphs)


BAR_WIDTH = 40


def generate(briefs, seed=1, replace=False, out=None, progress_to=None):
    """Generate ``briefs`` briefs unless a generated archive is there (``replace`` rebuilds
    it; other content is kept), reporting to ``out`` with a progress bar on ``progress_to``."""
    if briefs < 1:
        raise ValueError("--briefs must be at least 1.")
    out, progress_to = out or sys.stdout, progress_to or sys.stderr
    if ArchiveGenerator.exists():
        if not replace:
            print("A generated archive is already there; --replace rebuilds it.", file=out)
            return
        print("Removing the generated archive...", file=out)
        ArchiveGenerator.remove()
    started = time.monotonic()

    def progress(done, total):
        filled = BAR_WIDTH * done // total
        end = "\n" if not progress_to.isatty() and done == total else ""
        progress_to.write(f"\r[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}{end}")
        progress_to.flush()

    report = ArchiveGenerator(seed=seed, progress=progress).generate(briefs)
    print(
        f"{report.briefs} briefs, {report.series} series, {report.authors} authors, "
        f"{report.themes} themes, {report.countries} countries "
        f"in {time.monotonic() - started:.0f} s",
        file=out,
    )


def main(arguments=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=100_000, help="How many briefs.")
    parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive.")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="Delete a previously generated archive first (other content is kept).",
    )
    options = parser.parse_args(arguments)
    try:
        generate(options.briefs, options.seed, options.replace)
    except ValueError as error:
        parser.error(str(error))


if __name__ == "__main__":
    main()
