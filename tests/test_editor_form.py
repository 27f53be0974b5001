"""The brief form without dead ends: authors in byline order in one pick, the next free
part of a series suggested, a taken part named with a link and an editor's "insert here",
a hero upload kept when the save is refused for another reason."""

import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.urls import reverse
from django.utils.html import strip_tags

from briefs.models import Brief, BriefAuthor, LibraryImage
from tests import image_files as files
from tests.factories import AuthorFactory, BriefFactory, CountryFactory, SeriesFactory, UserFactory
from tests.forms import form_data, new_brief_form

pytestmark = pytest.mark.django_db

ADD = reverse("admin:briefs_brief_add")
NEXT_PART = reverse("admin:briefs_brief_next_part")
SHIFT = "Insert here and shift the later parts"


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def errors_of(response, field):
    return [strip_tags(error) for error in response.context["adminform"].form.errors[field]]


def parts_of(series):
    return dict(Brief.objects.filter(series=series).values_list("title", "series_position"))


# The next free part


def test_the_next_free_part_is_the_one_after_the_last(editor_client):
    """Parts 1, 2 and 4 taken: the suggestion is 5; an empty series starts at 1."""
    series, empty = SeriesFactory(), SeriesFactory()
    for position in (1, 2, 4):
        BriefFactory(series=series, series_position=position)
    assert editor_client.get(NEXT_PART, {"series": series.pk}).json() == {
        "series": series.pk,
        "next_part": 5,
    }
    assert editor_client.get(NEXT_PART, {"series": empty.pk}).json()["next_part"] == 1


def test_the_next_free_part_leaves_the_brief_being_edited_out(editor_client):
    """The last part, edited, is offered its own place back, not the one after it."""
    series = SeriesFactory()
    BriefFactory(series=series, series_position=1)
    last = BriefFactory(series=series, series_position=2)
    answer = editor_client.get(NEXT_PART, {"series": series.pk, "brief": last.pk}).json()
    assert answer["next_part"] == 2


def test_the_next_free_part_runs_a_fixed_number_of_queries(
    editor_client, django_assert_num_queries
):
    """The same queries for a series of 29 parts as for an empty one."""
    series = SeriesFactory()
    editor_client.get(NEXT_PART, {"series": series.pk})
    for position in range(1, 30):
        BriefFactory(series=series, series_position=position)
    with django_assert_num_queries(6):
        assert editor_client.get(NEXT_PART, {"series": series.pk}).json()["next_part"] == 30


@pytest.mark.parametrize(
    "query, status",
    [
        ({}, 400),
        ({"series": "x"}, 400),
        ({"series": "1\x00"}, 400),
        ({"series": "99999999"}, 404),
        ({"series": "1", "brief": "nope"}, 400),
    ],
)
def test_bad_questions_get_a_400_or_404(editor_client, query, status):
    """No series, no id, an unknown one: never a 500."""
    SeriesFactory(pk=1)
    assert editor_client.get(NEXT_PART, query).status_code == status


def test_the_next_free_part_is_for_people_who_write_briefs(client, contributor_client):
    """Contributors may ask; staff without the right to write briefs may not; readers are
    sent to the login page; a brief the contributor may not see is not found."""
    series = SeriesFactory()
    assert contributor_client.get(NEXT_PART, {"series": series.pk}).status_code == 200
    hidden = BriefFactory(draft=True, series=series, series_position=1)
    asked = contributor_client.get(NEXT_PART, {"series": series.pk, "brief": hidden.pk})
    assert asked.status_code == 404
    client.logout()
    assert client.get(NEXT_PART, {"series": series.pk}).status_code == 302
    client.force_login(UserFactory(username="clerk"))
    assert client.get(NEXT_PART, {"series": series.pk}).status_code == 403


def test_a_series_without_a_position_gets_the_next_free_part(editor_client):
    """Without JavaScript, an empty position is the part after the last one when saved."""
    series = SeriesFactory()
    BriefFactory(series=series, series_position=1)
    response = editor_client.post(ADD, new_brief_form(editor_client, series=series.pk))
    assert response.status_code == 302
    assert Brief.objects.get(slug="gas-storage-in-winter").series_position == 2


def test_a_refused_form_shows_the_suggested_part(editor_client):
    """The form comes back (no summary) with the position filled in, to check or change."""
    series = SeriesFactory()
    BriefFactory(series=series, series_position=1)
    data = new_brief_form(editor_client, series=series.pk, dek="")
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    assert response.context["adminform"].form["series_position"].value() == 2
    assert not Brief.objects.filter(slug="gas-storage-in-winter").exists()


# A taken part


def test_a_taken_part_names_and_links_the_brief_that_holds_it(editor_client):
    """At the field: its title, a link to its form, and the way out."""
    series = SeriesFactory(title="Energy")
    holder = BriefFactory(series=series, series_position=2, title="Pipelines and power")
    response = editor_client.post(
        ADD, new_brief_form(editor_client, series=series.pk, series_position="2")
    )
    assert errors_of(response, "series_position") == [
        "Part 2 of “Energy” is already “Pipelines and power”: choose another position, or "
        f"tick “{SHIFT}”."
    ]
    html = response.content.decode()
    assert f'<a href="{change_url(holder)}">Pipelines and power</a>' in html
    assert "Every word of this summary must survive." in html


def test_a_contributor_gets_neither_the_link_to_a_hidden_part_nor_the_shift(contributor_client):
    """Someone else's draft holds the place: no title, no link, no insert; a posted insert
    changes nothing."""
    series = SeriesFactory(title="Energy")
    hidden = BriefFactory(draft=True, series=series, series_position=2, title="Secret draft")
    form = contributor_client.get(ADD).content.decode()
    assert SHIFT not in form
    data = new_brief_form(
        contributor_client, series=series.pk, series_position="2", shift_later_parts="on"
    )
    response = contributor_client.post(ADD, data)
    assert errors_of(response, "series_position") == [
        "Part 2 of “Energy” is already another brief, not yet published: choose another position."
    ]
    html = response.content.decode()
    assert "Secret draft" not in html and change_url(hidden) not in html
    hidden.refresh_from_db()
    assert hidden.series_position == 2


def test_inserting_moves_the_later_parts_up_to_the_first_gap(editor_client):
    """Parts 1, 2, 3 and 5: a new part 2 moves 2 and 3 up by one, and 5 stays; the moved
    briefs' versions go up, so a form opened on their old place cannot put them back."""
    series = SeriesFactory(title="Energy")
    parts = {
        position: BriefFactory(series=series, series_position=position, title=f"Part {position}")
        for position in (1, 2, 3, 5)
    }
    data = new_brief_form(
        editor_client, series=series.pk, series_position="2", shift_later_parts="on"
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 302
    assert parts_of(series) == {
        "Part 1": 1,
        "Gas storage in winter": 2,
        "Part 2": 3,
        "Part 3": 4,
        "Part 5": 5,
    }
    versions = {p: Brief.objects.get(pk=brief.pk).version for p, brief in parts.items()}
    assert versions == {1: 1, 2: 2, 3: 2, 5: 1}


def test_moving_a_part_forward_in_its_own_series(editor_client):
    """Part 4 becomes part 2: parts 2 and 3 move up into the place it left."""
    series = SeriesFactory()
    briefs = {p: BriefFactory(series=series, series_position=p, title=f"P{p}") for p in range(1, 5)}
    url = change_url(briefs[4])
    data = {**form_data(editor_client.get(url)), "series_position": "2", "shift_later_parts": "on"}
    assert editor_client.post(url, data).status_code == 302
    assert parts_of(series) == {"P1": 1, "P4": 2, "P2": 3, "P3": 4}


def test_a_readers_page_shows_the_new_numbering_at_once(client, editor_client, remembered):
    """With the caches on, the shifted part's page says its new number."""
    series = SeriesFactory(title="Energy")
    BriefFactory(series=series, series_position=1)
    second = BriefFactory(series=series, series_position=2, title="Pipelines and power")
    assert "Part 2 of 2" in client.get(second.get_absolute_url()).content.decode()
    data = new_brief_form(
        editor_client,
        series=series.pk,
        series_position="2",
        shift_later_parts="on",
        _workflow="publish",
    )
    assert editor_client.post(ADD, data).status_code == 302
    assert "Part 3 of 3" in client.get(second.get_absolute_url()).content.decode()


def test_a_part_taken_while_inserting_is_moved_too(editor_client, monkeypatch):
    """Another brief takes part 2 after the form was checked (same transaction): the
    insert moves it up like the others, nothing is refused, nothing collides."""
    from briefs.editorial import workflow

    series = SeriesFactory()
    BriefFactory(series=series, series_position=2, title="Old 2")
    apply = workflow.apply

    def another_editor_first(transition, brief):
        BriefFactory(series=series, series_position=3, title="Meanwhile 3")
        apply(transition, brief)

    monkeypatch.setattr(workflow, "apply", another_editor_first)
    data = new_brief_form(
        editor_client, series=series.pk, series_position="2", shift_later_parts="on"
    )
    assert editor_client.post(ADD, data).status_code == 302
    assert parts_of(series) == {"Gas storage in winter": 2, "Old 2": 3, "Meanwhile 3": 4}


@pytest.mark.django_db(transaction=True)
def test_a_part_committed_by_another_connection_while_inserting(client, monkeypatch):
    """On PostgreSQL another connection commits part 3 mid-save: the insert sees it and
    moves it too (the series row lock makes inserts into one series take turns)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's immediate transactions let no other writer in mid-save")
    from briefs.editorial import workflow

    client.force_login(UserFactory(username="editor", is_superuser=True))
    series, country = SeriesFactory(), CountryFactory()
    BriefFactory(series=series, series_position=2, title="Old 2", countries=[country])
    apply = workflow.apply

    def other_editor_saves():
        BriefFactory(series=series, series_position=3, title="Meanwhile 3", countries=[country])
        connection.close()

    def another_connection_first(transition, brief):
        other = threading.Thread(target=other_editor_saves)
        other.start()
        other.join()
        apply(transition, brief)

    monkeypatch.setattr(workflow, "apply", another_connection_first)
    data = new_brief_form(
        client, country, series=series.pk, series_position="2", shift_later_parts="on"
    )
    assert client.post(ADD, data).status_code == 302
    assert parts_of(series) == {"Gas storage in winter": 2, "Old 2": 3, "Meanwhile 3": 4}


# The hero image of a refused form


def test_a_hero_upload_survives_a_refused_save_and_is_saved_next(editor_client):
    """No summary: the form comes back with the new image in the library, picked and shown;
    the next save, with no file sent again, gives the brief that image."""
    data = new_brief_form(
        editor_client,
        dek="",
        hero_image=files.upload(files.jpeg(1600, 900), name="yerevan.jpg"),
        hero_alt="Mount Ararat seen from Yerevan",
    )
    refused = editor_client.post(ADD, data)
    assert refused.status_code == 200
    kept = LibraryImage.objects.get()
    assert kept.alt == "Mount Ararat seen from Yerevan"
    form = refused.context["adminform"].form
    assert form["hero"].value() == str(kept.pk)
    html = refused.content.decode()
    assert "Your new image is kept" in html
    assert 'class="hero-preview"' in html and " hidden>" not in html.split("hero-preview")[1][:400]

    again = {**form_data(refused), "dek": "Now with a summary."}
    assert "hero_image" not in again
    assert editor_client.post(ADD, again).status_code == 302
    assert Brief.objects.get(slug="gas-storage-in-winter").hero == kept
    assert LibraryImage.objects.count() == 1


def test_an_upload_without_its_alt_text_is_not_kept(editor_client):
    """The refusal is the image's own (no alt text): nothing joins the library."""
    data = new_brief_form(editor_client, dek="", hero_image=files.upload(files.jpeg()), hero_alt="")
    assert editor_client.post(ADD, data).status_code == 200
    assert not LibraryImage.objects.exists()


# The byline


def test_authors_are_credited_in_the_order_picked(editor_client):
    """Picked Zara, then Anna: the byline says so, though the names sort the other way."""
    anna, zara = AuthorFactory(name="Anna Petrosyan"), AuthorFactory(name="Zara Aliyeva")
    data = new_brief_form(editor_client, byline=[str(zara.pk), str(anna.pk)])
    assert editor_client.post(ADD, data).status_code == 302
    brief = Brief.objects.get(slug="gas-storage-in-winter")
    assert brief.ordered_authors == [zara, anna]
    shown = form_data(editor_client.get(change_url(brief)))["byline"]
    assert shown == [str(zara.pk), str(anna.pk)]


def test_a_refused_form_keeps_the_order_picked(editor_client):
    """The form comes back with the authors as picked, not as their names sort."""
    anna, zara = AuthorFactory(name="Anna Petrosyan"), AuthorFactory(name="Zara Aliyeva")
    response = editor_client.post(
        ADD, new_brief_form(editor_client, dek="", byline=[str(zara.pk), str(anna.pk)])
    )
    assert response.status_code == 200
    assert form_data(response)["byline"] == [str(zara.pk), str(anna.pk)]


def test_reordering_keeps_the_existing_credits(editor_client):
    """Existing credit rows stay (their ids too); a removed author loses theirs."""
    first, second, third = AuthorFactory(), AuthorFactory(), AuthorFactory()
    brief = BriefFactory(authors=[first, second, third])
    kept = dict(brief.byline.values_list("author", "pk"))
    url = change_url(brief)
    data = {**form_data(editor_client.get(url)), "byline": [str(third.pk), str(first.pk)]}
    assert editor_client.post(url, data).status_code == 302
    credits = list(BriefAuthor.objects.filter(brief=brief).values_list("author", "position", "pk"))
    assert credits == [(third.pk, 1, kept[third.pk]), (first.pk, 2, kept[first.pk])]


def test_a_new_order_alone_is_a_change_in_the_history(editor_client):
    """Swapping two authors is recorded as a change of the authors, not "no fields"."""
    first, second = AuthorFactory(), AuthorFactory()
    brief = BriefFactory(authors=[first, second])
    url = change_url(brief)
    data = {**form_data(editor_client.get(url)), "byline": [str(second.pk), str(first.pk)]}
    assert editor_client.post(url, data).status_code == 302
    entry = LogEntry.objects.get(object_id=str(brief.pk))
    assert "Authors" in entry.get_change_message()
    assert brief.ordered_authors == [second, first]


def test_a_brief_needs_an_author(editor_client):
    """No author: a form error at the field, nothing saved."""
    response = editor_client.post(ADD, new_brief_form(editor_client, byline=[]))
    assert errors_of(response, "byline") == ["Name at least one author."]
    assert not Brief.objects.exists()


def test_an_unknown_author_is_a_form_error(editor_client):
    """A forged id: a form error, never a 500."""
    response = editor_client.post(ADD, new_brief_form(editor_client, byline=["99999999"]))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["byline"]


def test_a_contributor_credited_through_their_author_record_still_edits(contributor_client):
    """A draft crediting the contributor's author record is theirs: they reorder its byline."""
    contributor = contributor_client.session["_auth_user_id"]
    own = AuthorFactory(user_id=contributor)
    other = AuthorFactory()
    brief = BriefFactory(draft=True, authors=[own, other])
    url = change_url(brief)
    data = {**form_data(contributor_client.get(url)), "byline": [str(other.pk), str(own.pk)]}
    assert contributor_client.post(url, data).status_code == 302
    assert brief.ordered_authors == [other, own]


def test_a_contributor_viewing_another_brief_reads_its_byline(contributor_client):
    """A public brief they may not change shows its authors as a byline, in order."""
    brief = BriefFactory(authors=[AuthorFactory(name="Zara"), AuthorFactory(name="Anna")])
    html = contributor_client.get(change_url(brief)).content.decode()
    assert "Zara, Anna" in html
    assert 'name="byline"' not in html


def test_existing_themes_are_suggested_by_the_admin_autocomplete(editor_client):
    """The chips' suggestions: themes in use whose names match what is typed."""
    BriefFactory(themes=["energy security", "neutrality"])
    answer = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "briefs", "model_name": "brief", "field_name": "themes", "term": "ener"},
    ).json()
    assert [theme["text"] for theme in answer["results"]] == ["energy security"]
