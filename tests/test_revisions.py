"""Every admin save is a revision; editors compare two and restore one, related data included."""

import pytest
from django.urls import reverse
from reversion.models import Version

from briefs.models import Brief
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def save_through_admin(client, brief, **changes):
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Brief.objects.get(pk=brief.pk)


@pytest.fixture
def edited_brief(editor_client):
    """A brief saved twice: first as written, then re-filed with other authors and terms."""
    first, second, third = AuthorFactory(name="Ana"), AuthorFactory(name="Bo"), AuthorFactory()
    series = SeriesFactory()
    brief = BriefFactory(
        draft=True,
        title="First title",
        authors=[first, second],
        themes=["energy security"],
        countries=[Country.objects.get(code="GE")],
        series=series,
        series_position=1,
    )
    save_through_admin(editor_client, brief)
    save_through_admin(
        editor_client,
        brief,
        title="Second title",
        body="<p>Rewritten body.</p>",
        themes="sanctions",
        countries=[Country.objects.get(code="AM").pk],
        series_position="2",
        byline=[str(third.pk)],
    )
    return brief


def test_each_admin_save_records_who_when_and_what(edited_brief, editor):
    """Two saves, two revisions, each with its user and a comment."""
    versions = Version.objects.get_for_object(edited_brief)
    assert versions.count() == 2
    newest = versions.first().revision
    assert newest.user == editor
    assert "Changed" in newest.get_comment()
    follows = {v.content_type.model for v in newest.version_set.all()}
    assert follows == {"brief", "briefauthor", "themedbrief"}


def test_restoring_brings_back_text_authors_countries_themes_and_position(
    editor_client, edited_brief
):
    """The restore form saves the old revision whole, and that save is a new revision."""
    oldest = Version.objects.get_for_object(edited_brief).last()
    url = reverse("admin:briefs_brief_revision", args=[edited_brief.pk, oldest.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert Brief.objects.get(pk=edited_brief.pk).title == "Second title"  # GET changes nothing

    response = editor_client.post(url, form_data(page))
    assert response.status_code == 302, response.context["adminform"].form.errors
    brief = Brief.objects.get(pk=edited_brief.pk)
    assert brief.title == "First title"
    assert [author.name for author in brief.ordered_authors] == ["Ana", "Bo"]
    assert [country.code for country in brief.countries.all()] == ["GE"]
    assert list(brief.themes.names()) == ["energy security"]
    assert brief.series_position == 1
    assert brief.version == 4  # the counter never runs backwards
    assert Version.objects.get_for_object(brief).count() == 3
    assert "Reverted" in Version.objects.get_for_object(brief).first().revision.get_comment()


def test_compare_shows_the_fields_that_changed(editor_client, edited_brief):
    """Title, body, authors, countries, themes and position differ; the summary does not."""
    newer, older = Version.objects.get_for_object(edited_brief)[:2]
    response = editor_client.get(
        reverse("admin:briefs_brief_compare", args=[edited_brief.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    assert response.status_code == 200
    changed = {change.field: change for change in response.context["changes"]}
    assert set(changed) == {"title", "body", "authors", "countries", "themes", "series position"}
    assert (changed["title"].before, changed["title"].after) == ("First title", "Second title")
    assert changed["authors"].after.startswith("Author")
    assert "+Rewritten body." in changed["body"].diff
    assert "-Context Some careful analysis of the question at hand." in changed["body"].diff


def test_history_offers_compare_to_editors(editor_client, edited_brief):
    """The history page lists each revision with its author and radio buttons to compare."""
    html = editor_client.get(
        reverse("admin:briefs_brief_history", args=[edited_brief.pk])
    ).content.decode()
    assert html.count('name="from"') == 2
    assert "Compare selected revisions" in html


@pytest.mark.parametrize("query", [{"from": "x", "to": "1"}, {"from": "999999", "to": "1"}])
def test_compare_with_a_bad_revision_answers_404(editor_client, edited_brief, query):
    """Malformed or foreign revision ids are a 404, never a 500."""
    url = reverse("admin:briefs_brief_compare", args=[edited_brief.pk])
    assert editor_client.get(url, query).status_code == 404


def test_contributors_cannot_restore_someone_elses_brief(client, edited_brief, contributor):
    """Restoring is a save: the workflow's right to change applies."""
    oldest = Version.objects.get_for_object(edited_brief).last()
    url = reverse("admin:briefs_brief_revision", args=[edited_brief.pk, oldest.pk])
    client.force_login(contributor)
    assert client.post(url, {"title": "Forged"}).status_code == 403
    assert Brief.objects.get(pk=edited_brief.pk).title == "Second title"


def test_only_editors_recover_deleted_briefs(client, editor_client, contributor):
    """The recover list and its button are the editors'; contributors get a 403."""
    url = reverse("admin:briefs_brief_recoverlist")
    changelist = reverse("admin:briefs_brief_changelist")
    assert editor_client.get(url).status_code == 200
    assert url in editor_client.get(changelist).content.decode()
    client.force_login(contributor)
    assert client.get(url).status_code == 403
    assert url not in client.get(changelist).content.decode()


def test_a_malformed_brief_id_in_a_revision_address_is_a_404(editor_client, edited_brief):
    """Bad input in the address answers 404, never a 500."""
    oldest = Version.objects.get_for_object(edited_brief).last()
    assert editor_client.get(f"/admin/briefs/brief/abc/history/{oldest.pk}/").status_code == 404


def test_contributors_cannot_restore_a_revision_of_their_own_brief(
    client, editor_client, edited_brief, contributor
):
    """Restoring is the editors' (docs/workflow.md): 403 on GET and POST, nothing restored."""
    Brief.objects.filter(pk=edited_brief.pk).update(created_by=contributor)
    oldest = Version.objects.get_for_object(edited_brief).last()
    url = reverse("admin:briefs_brief_revision", args=[edited_brief.pk, oldest.pk])
    restore_form = form_data(editor_client.get(url))
    client.force_login(contributor)
    assert client.get(url).status_code == 403
    assert client.post(url, restore_form).status_code == 403
    assert Brief.objects.get(pk=edited_brief.pk).title == "Second title"
    assert Version.objects.get_for_object(edited_brief).count() == 2


def test_contributors_do_not_open_old_revisions_of_someone_elses_deleted_draft(
    client, editor_client, contributor
):
    """A deleted draft's revision neither opens nor comes back for a contributor."""
    brief = BriefFactory(draft=True, title="Deleted Tapirology draft")
    save_through_admin(editor_client, brief)
    version = Version.objects.get_for_object(brief).get()
    brief.delete()
    client.force_login(contributor)
    for url in (
        reverse("admin:briefs_brief_revision", args=[version.object_id, version.pk]),
        reverse("admin:briefs_brief_recover", args=[version.pk]),
    ):
        for response in (client.get(url), client.post(url, {"title": "Back"})):
            assert response.status_code == 403
            assert "Tapirology" not in response.content.decode()
    assert not Brief.objects.filter(title__contains="Tapirology").exists()


def test_history_lists_a_contributors_own_revisions_without_restore_links(
    client, edited_brief, contributor
):
    """Who saved and when, for their own brief; no link to restore, nothing to compare."""
    Brief.objects.filter(pk=edited_brief.pk).update(created_by=contributor)
    client.force_login(contributor)
    response = client.get(reverse("admin:briefs_brief_history", args=[edited_brief.pk]))
    assert response.status_code == 200
    assert [row["url"] for row in response.context["revision_rows"]] == [None, None]
    html = response.content.decode()
    assert "/history/" + str(Version.objects.get_for_object(edited_brief).first().pk) not in html
    assert 'name="from"' not in html


def test_a_revision_whose_series_place_is_now_taken_is_refused(editor_client, edited_brief):
    """Part 1 is someone else's now: opening or posting the old revision (part 1) goes back
    to the list and changes nothing, instead of a 500."""
    BriefFactory(series=edited_brief.series, series_position=1, title="New first part")
    oldest = Version.objects.get_for_object(edited_brief).last()
    url = reverse("admin:briefs_brief_revision", args=[edited_brief.pk, oldest.pk])
    for response in (editor_client.get(url), editor_client.post(url, {})):
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:briefs_brief_changelist")
    brief = Brief.objects.get(pk=edited_brief.pk)
    assert (brief.title, brief.series_position) == ("Second title", 2)
