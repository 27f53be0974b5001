"""Get the benchmark database ready and print, as JSON, the addresses to measure.

Runs migrations, generates the archive unless one is already there, takes 1 brief in 500
down (a past take-down time, so every page reads around briefs that came down), collects
static files, makes sure a bench editor can log in, and picks real pages from the archive
(a brief in a series, a standalone brief, a busy country and theme). Run with the same
environment as the server under test.
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.db.models.functions import Mod  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.archive import generate  # noqa: E402
from briefs.api import cursors  # noqa: E402
from briefs.models import Brief, Theme  # noqa: E402
from countries.models import Country  # noqa: E402

EDITOR = "bench-editor"
TAKEN_DOWN_EVERY = 500
TAKEN_DOWN_AFTER = timedelta(days=1)


def take_some_down():
    """Give every 500th published brief (by id) that went public over a day ago a take-down
    time a day after its publish time, now past; again, this changes nothing. Returns how
    many briefs have come down."""
    now = timezone.now()
    Brief.objects.alias(turn=Mod("id", TAKEN_DOWN_EVERY)).filter(
        turn=0,
        status=Brief.Status.PUBLISHED,
        publish_at__lt=now - TAKEN_DOWN_AFTER,
        take_down_at__isnull=True,
    ).update(take_down_at=F("publish_at") + TAKEN_DOWN_AFTER)
    return Brief.objects.taken_down(now).count()


def prepare(briefs, seed, password):
    call_command("migrate", verbosity=0)
    generate(briefs, seed, out=sys.stderr)
    taken_down = take_some_down()
    call_command("collectstatic", interactive=False, verbosity=0)
    editor, _ = get_user_model().objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    editor.set_password(password)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    public = Brief.objects.published()
    in_series = public.filter(series__isnull=False).order_by("-publish_at", "-id").first()
    standalone = public.filter(series__isnull=True).order_by("-publish_at", "-id")[500]
    country = (
        Country.objects.annotate(n=Count("briefs")).order_by("-n", "code").values("slug").first()
    )
    theme = Theme.objects.annotate(n=Count("tagged_briefs")).order_by("-n", "slug").first()
    deep = public.order_by("-publish_at", "-id")[min(40_000, briefs // 2)]
    return {
        "public_briefs": public.count(),
        "taken_down_briefs": taken_down,
        "editor": EDITOR,
        "brief_in_series": in_series.get_absolute_url(),
        "standalone_brief": standalone.get_absolute_url(),
        "country": f"/countries/{country['slug']}/",
        "search_filtered": f"/search/?q=energy&country={country['slug']}",
        "theme": theme.get_absolute_url(),
        "api_brief": reverse("api-v1:brief-detail", args=[in_series.slug]),
        "api_filtered": f"/api/v1/briefs/?country={country['slug']}&q=energy",
        # The page after the 40,000th brief (or the middle one in a smaller archive).
        "api_deep": f"/api/v1/briefs/?cursor={cursors.encode(deep.publish_at, deep.pk)}",
    }


if __name__ == "__main__":
    briefs, seed, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    json.dump(prepare(briefs, seed, password), sys.stdout)
