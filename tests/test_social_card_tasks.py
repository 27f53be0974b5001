"""Social cards are drawn by a background task when a brief is published or changed; the card
view serves the stored file, and draws a card whose task has not run yet, never a 500."""

from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from briefs.images import cards
from briefs.models import Brief
from briefs.social import tasks
from briefs.social.tasks import draw_card, redraw_showing
from countries.models import Country
from tests.factories import BriefFactory, SeriesFactory
from tests.forms import form_data
from tests.query_counts import measured

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CARD_VIEW_MAX_QUERIES = 6


@pytest.fixture(autouse=True)
def cards_ahead(settings):
    settings.SOCIAL_CARDS_AHEAD = True


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database, as in production until the worker takes them."""
    settings.TASKS = DATABASE_BACKEND


def stored(brief):
    brief = Brief.objects.select_related("series").prefetch_related("countries").get(pk=brief.pk)
    return default_storage.exists(cards.card_name(brief))


def no_drawing(monkeypatch):
    """Make drawing on request impossible: whatever the view serves was stored before."""

    def refuse(brief):
        raise AssertionError("the card was drawn on request")

    monkeypatch.setattr(cards, "draw_card", refuse)


def fetch(client, brief):
    brief = Brief.objects.get(pk=brief.pk)
    response = client.get(brief.social_card_url())
    assert response.status_code == 200
    card = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert (card.format, card.size) == ("PNG", cards.SIZE)
    return response


def test_publishing_draws_the_card_before_anyone_asks(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    """With the tasks run at once (the immediate back end), the card is stored when the
    save commits; the view then serves it without drawing."""
    with django_capture_on_commit_callbacks(execute=True):
        brief = BriefFactory(title="Caspian ferries")
    assert stored(brief)
    no_drawing(monkeypatch)
    fetch(client, brief)


def test_a_published_brief_changed_in_the_admin_gets_its_new_card(
    editor_client, monkeypatch, django_capture_on_commit_callbacks
):
    """A new title, saved through the admin with its countries, is on the stored card."""
    brief = BriefFactory(title="Before")
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    georgia = Country.objects.get(code="GE")
    data = {**form_data(editor_client.get(url)), "title": "After", "countries": [georgia.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    brief = Brief.objects.prefetch_related("countries").get(pk=brief.pk)
    assert [country.name for country in brief.countries.all()] == [georgia.name]
    assert stored(brief)
    no_drawing(monkeypatch)
    fetch(editor_client, brief)


def test_with_the_database_queue_the_card_waits_for_the_worker(
    client, database_queue, django_capture_on_commit_callbacks
):
    """The save queues the task and draws nothing; asked for before the worker ran, the
    view draws and stores the card; the task then finds it and draws nothing more."""
    with django_capture_on_commit_callbacks(execute=True):
        brief = BriefFactory()
    queued = DBTaskResult.objects.get(task_path="briefs.social.tasks.draw_card")
    assert queued.args_kwargs["args"] == [brief.pk]
    assert not stored(brief)

    fetch(client, brief)
    assert stored(brief)
    name = cards.card_name(Brief.objects.prefetch_related("countries").get(pk=brief.pk))
    _, files = default_storage.listdir(cards.CARDS_FOLDER)
    assert draw_card.call(brief.pk) == name
    assert default_storage.listdir(cards.CARDS_FOLDER)[1] == files  # no second file


def test_the_card_view_runs_the_same_queries_drawn_or_stored(client, database_queue):
    """Drawing on request costs time, not queries."""
    brief = BriefFactory(series=SeriesFactory(), series_position=1)
    url = Brief.objects.get(pk=brief.pk).social_card_url()
    drawing, response = measured(lambda: client.get(url))
    assert response.status_code == 200
    serving, response = measured(lambda: client.get(url))
    assert response.status_code == 200
    assert serving == drawing <= CARD_VIEW_MAX_QUERIES


def test_a_scheduled_brief_is_queued_for_its_publish_time(
    database_queue, django_capture_on_commit_callbacks
):
    """The card of a scheduled brief waits in the queue until the brief is public."""
    with django_capture_on_commit_callbacks(execute=True):
        brief = BriefFactory(scheduled=True)
    queued = DBTaskResult.objects.get(task_path="briefs.social.tasks.draw_card")
    assert queued.run_after == brief.publish_at
    assert draw_card.call(brief.pk) is None  # run early: nothing drawn for a hidden brief
    assert not stored(brief)


def test_a_draft_queues_no_card(database_queue, django_capture_on_commit_callbacks):
    """Saving a draft queues nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        BriefFactory(draft=True)
    assert not DBTaskResult.objects.filter(task_path__startswith="briefs.social").exists()


def test_retitling_a_series_queues_one_task_that_redraws_its_public_parts(
    database_queue, django_capture_on_commit_callbacks
):
    """The request queues one task whatever the number of parts, with the same queries;
    the worker queues the public parts' cards in batches, and they show the new title."""
    series = SeriesFactory(title="Neutrality watch")
    BriefFactory(series=series, series_position=1)

    def retitle(title):
        def save():
            series.title = title
            with django_capture_on_commit_callbacks(execute=True):
                series.save()

        return measured(save)[0]

    one = retitle("Neutrality under strain")
    parts = [BriefFactory(series=series, series_position=n) for n in range(2, 6)]
    BriefFactory(draft=True, series=series, series_position=6)
    DBTaskResult.objects.all().delete()
    assert retitle("Neutrality under pressure") == one
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "briefs.social.tasks.redraw_showing"

    tasks.BATCH, batch = 3, tasks.BATCH
    try:
        assert redraw_showing.call("briefs.Series", series.pk) == 5
    finally:
        tasks.BATCH = batch
    batches = DBTaskResult.objects.filter(task_path="briefs.social.tasks.draw_cards")
    assert sorted(len(row.args_kwargs["args"][0]) for row in batches) == [2, 3]
    for row in batches:
        tasks.draw_cards.call(*row.args_kwargs["args"])
    assert all(stored(part) for part in parts)


def test_a_queue_that_refuses_does_not_fail_the_save(
    monkeypatch, caplog, client, django_capture_on_commit_callbacks
):
    """The brief is published; the card is drawn when first asked for."""
    refusing = SimpleNamespace(enqueue=lambda *args: (_ for _ in ()).throw(OSError("down")))
    monkeypatch.setattr(tasks, "draw_card", refusing)
    with django_capture_on_commit_callbacks(execute=True):
        brief = BriefFactory()
    assert f"The card of brief {brief.pk} was not queued" in caplog.text
    assert not stored(brief)
    fetch(client, brief)


def test_a_failed_card_does_not_keep_the_others_from_being_drawn(monkeypatch):
    """A batch draws every card it can, then fails naming the brief whose card failed."""
    good, bad = BriefFactory(), BriefFactory(title="Unlucky")
    draw = cards.draw_card

    def fail_for_one(brief):
        if brief.pk == bad.pk:
            raise OSError("disk full")
        return draw(brief)

    monkeypatch.setattr(cards, "draw_card", fail_for_one)
    with pytest.raises(RuntimeError, match=str([bad.pk])):
        tasks.draw_cards.call([bad.pk, good.pk])
    assert stored(good) and not stored(bad)
