"""Benchmark of ``manage.py import_wxr``: minutes and peak memory for a generated export.

``python bench/import_wxr.py --posts 10000 --images 5000`` writes an export of that many
posts (Gutenberg and classic, with categories, tags and countries; every second post shows
an image of its own, until ``--images`` are used) and a media folder, then imports it into a
scratch database made for the run (an SQLite file in a temporary folder, or
``--database-url`` for an empty PostgreSQL database), in a process of its own, and prints
the import's wall time and peak resident memory. The target (issue 17) is under 10 minutes
and 300 MB for 10,000 posts and 5,000 images. Not a test: results go in docs/performance.md.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from tests.wxr_fixtures import SITE, Attachment, Post, wxr  # noqa: E402

COUNTRY_NAMES = [
    "Armenia",
    "Azerbaijan",
    "Georgia",
    "Turkey",
    "Russian Federation",
    "Moldova",
    "Ukraine",
    "Kazakhstan",
    "Uzbekistan",
    "Iran",
]
THEMES = [
    "energy security",
    "sanctions",
    "neutrality",
    "migration",
    "trade",
    "elections",
    "media freedom",
    "water",
    "transport corridors",
    "peace talks",
]
WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "government",
    "policy",
    "energy",
    "security",
    "sanctions",
    "trade",
    "border",
    "region",
    "economic",
    "reform",
    "election",
    "parliament",
    "minister",
    "pipeline",
    "gas",
    "transit",
    "corridor",
    "migration",
    "neutrality",
    "alliance",
    "ceasefire",
    "negotiation",
    "treaty",
]


def sentence(rng):
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))


def body(rng, number, image_url):
    """About 600 words, as blocks or as classic text."""
    paragraphs = [paragraph(rng) for _ in range(8)]
    if number % 2:
        parts = [
            f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->" for text in paragraphs
        ]
        if image_url:
            parts.insert(
                2,
                f'<!-- wp:image --><figure class="wp-block-image"><img src="{image_url}" '
                f'alt="Chart {number}" class="wp-image-{1_000_000 + number}"/>'
                f"<figcaption>Figure {number}</figcaption></figure><!-- /wp:image -->",
            )
        return "\n\n".join(parts)
    if image_url:
        paragraphs.insert(
            2,
            f'[caption width="640"]<img src="{image_url}" alt="" '
            f'class="wp-image-{1_000_000 + number}" /> Figure {number}[/caption]',
        )
    return "\n\n".join(paragraphs)


def write_export(folder, posts, images, seed):
    """The export and its media folder; returns the export's path."""
    rng = random.Random(seed)
    uploads = folder / "uploads"
    items = []
    for number in range(1, posts + 1):
        image_url = ""
        if number % 2 == 0 and number // 2 <= images:
            relative = f"2023/{number % 12 + 1:02d}/chart-{number}.jpg"
            path = uploads / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            buffer = BytesIO()
            color = (number * 7 % 256, number * 13 % 256, number * 29 % 256)
            Image.new("RGB", (640, 427), color).save(buffer, "JPEG", quality=85)
            path.write_bytes(buffer.getvalue())
            image_url = f"{SITE}/wp-content/uploads/{relative}"
            items.append(Attachment(1_000_000 + number, image_url, f"Chart {number}").xml())
        day = f"20{10 + number % 14}-{number % 12 + 1:02d}-{number % 28 + 1:02d} 09:00:00"
        items.append(
            Post(
                number,
                f"{sentence(rng)[:-1]} ({number})",
                body(rng, number, image_url),
                slug=f"post-{number}",
                date_gmt=day,
                creator=rng.choice(["anna", "giorgi"]),
                categories=rng.sample(COUNTRY_NAMES, 2),
                tags=rng.sample(THEMES, 3),
            ).xml()
        )
    path = folder / "export.xml"
    path.write_text(wxr(items), encoding="utf-8")
    return path, uploads


def run_measured(command, environment):
    """Run ``command``; (seconds, peak resident MB) of that process alone."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{command[2]} failed with exit code {process.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--images", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wxr-bench-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        export, uploads = write_export(folder, args.posts, args.images, args.seed)
        size = export.stat().st_size / 1e6
        print(
            f"Export: {args.posts} posts, {min(args.images, args.posts // 2)} images, "
            f"{size:.1f} MB, written in {time.perf_counter() - started:.0f} s"
        )
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEBUG", "REDIS_URL", "CACHE_KEY_PREFIX"}
        }
        environment.update(
            DEBUG="0",
            SECRET_KEY="bench-" + "k" * 50,
            ALLOWED_HOSTS="localhost",
            SITE_URL="http://localhost",
            DATABASE_URL=args.database_url or f"sqlite:///{folder / 'scratch.sqlite3'}",
            MEDIA_ROOT=str(folder / "media"),
            BRIEF_PDFS="0",
        )
        python = sys.executable
        run_measured([python, "manage.py", "migrate", "-v", "0"], environment)
        seconds, peak = run_measured(
            [
                python,
                "manage.py",
                "import_wxr",
                str(export),
                "--media-dir",
                str(uploads),
                "--report",
                str(folder / "report.txt"),
                "-v",
                "0",
            ],
            environment,
        )
        print("\n".join((folder / "report.txt").read_text().splitlines()[1:7]))
        print(
            f"Import: {seconds / 60:.1f} minutes ({args.posts / seconds:.0f} posts a second), "
            f"peak memory {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
