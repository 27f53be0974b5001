"""Translations in the admin: starting one, the panel and its out-of-date flags, the form's
checks, series places per language, deletes that keep a set linked, and the change list."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from briefs.editorial import translations, workflow
from briefs.editorial.admin.forms import BriefAdminForm
from briefs.models import Brief, BriefKind, OldSlug
from countries.models import Country
from tests.factories import (
    AuthorFactory,
    BriefFactory,
    SeriesFactory,
    UserFactory,
    library_image,
)
from tests.forms import form_data
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

CHANGE_LIST = reverse("admin:briefs_brief_changelist")


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def translate(client, brief, language="ru"):
    return client.post(
        reverse("admin:briefs_brief_translate", args=[brief.pk]), {"language": language}
    )


def translation_of(brief, language="ru", **fields):
    """A translation of ``brief`` made directly, for tests about what follows."""
    return BriefFactory(translation_of=brief, language=language, **fields)


def save_form(client, brief, **changes):
    """Post ``brief``'s change form as shown, with ``changes``; the response."""
    data = {**form_data(client.get(change_url(brief))), **changes}
    return client.post(change_url(brief), data)


@pytest.fixture
def source(editor):
    """A fully filed English brief: every field a translation copies has a value."""
    first, second = AuthorFactory(name="Second in the alphabet"), AuthorFactory(name="A first")
    kind = BriefKind.objects.exclude(pk=Brief().kind_id).first()
    brief = BriefFactory(
        title="Gas in winter",
        slug="gas-in-winter",
        dek="Storage decides the winter.",
        key_points_label="recommendations",
        key_points="Store more\nBuy earlier",
        body="<p>Two pages of analysis.</p>",
        notes="<p>IEA, Gas Market Report.</p>",
        hero=library_image(),
        seo_title="Gas storage",
        seo_description="Why storage matters.",
        kind=kind,
        series=SeriesFactory(),
        series_position=2,
        authors=[first, second],
        countries=[Country.objects.get(code="GE"), Country.objects.get(code="AM")],
        themes=["water", "energy security", "trade"],
    )
    return brief


def test_translate_copies_the_brief_into_a_linked_draft(editor_client, editor, source):
    """Every copied field, the order of themes and authors, a draft, linked, with a revision."""
    response = translate(editor_client, source)
    draft = Brief.objects.get(translation_of=source)
    assert response.status_code == 302 and response.url == change_url(draft)
    for name in translations.COPIED_FIELDS:
        assert getattr(draft, name) == getattr(source, name), name
    assert (draft.language, draft.status, draft.publish_at) == ("ru", Brief.Status.DRAFT, None)
    assert draft.slug == "gas-in-winter-ru"
    assert (draft.created_by, draft.updated_by) == (editor, editor)
    assert set(draft.countries.all()) == set(source.countries.all())
    assert list(draft.themes.names()) == ["water", "energy security", "trade"]
    assert draft.ordered_authors == source.ordered_authors
    assert [credit.position for credit in draft.byline.all()] == [1, 2]
    revision = Version.objects.get_for_object(draft).get().revision
    assert revision.user == editor and "Русский" in revision.get_comment()
    assert not draft.events.exists()  # a new draft made no move
    [message] = get_messages(response.wsgi_request)
    assert "Draft translation into Русский created from “Gas in winter”" in str(message)
    source.refresh_from_db()
    assert source.status == Brief.Status.PUBLISHED  # the source is left as it was


def test_a_translation_of_a_translation_links_to_the_original(editor_client, settings):
    """Translating a translation makes another translation of the set's original."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("kk", "Қазақша")]
    original = BriefFactory(slug="original")
    russian = translation_of(original, title="По-русски", slug="original-ru")
    translate(editor_client, russian, "kk")
    kazakh = Brief.objects.get(language="kk")
    assert kazakh.translation_of == original
    assert kazakh.title == "По-русски"  # copied from the source
    assert kazakh.slug == "original-kk"  # named after the original


def test_translation_slug_takes_the_next_free_one(editor_client):
    """A slug in use, or a former slug that still redirects, is skipped."""
    original = BriefFactory(slug="pipes")
    BriefFactory(slug="pipes-ru")
    OldSlug.objects.create(slug="pipes-ru-2", brief=BriefFactory())
    translate(editor_client, original)
    assert Brief.objects.get(translation_of=original).slug == "pipes-ru-3"


def test_second_click_leads_to_the_existing_translation(editor_client):
    """The same language again (a double submit): no duplicate, a redirect to the one there is."""
    original = BriefFactory()
    translate(editor_client, original)
    response = translate(editor_client, original)
    existing = Brief.objects.get(translation_of=original)
    assert response.status_code == 302 and response.url == change_url(existing)
    assert Brief.objects.filter(translation_of=original).count() == 1


def test_the_original_language_leads_to_the_original(editor_client):
    original = BriefFactory()
    response = translate(editor_client, original, "en-gb")
    assert response.url == change_url(original)
    assert not Brief.objects.filter(translation_of=original).exists()


def test_race_of_two_translations_makes_one(editor_client, monkeypatch):
    """The constraint catches a translation made between the check and the save."""
    original = BriefFactory()
    first = translation_of(original)
    real = translations.member_in
    checks = []

    def found_nothing_first(*args):
        """The check before the copy runs before the other translation is saved."""
        checks.append(args)
        return None if len(checks) == 1 else real(*args)

    monkeypatch.setattr(translations, "member_in", found_nothing_first)
    response = translate(editor_client, original)
    assert len(checks) == 2  # the constraint refused the copy, and the lookup ran again
    assert response.status_code == 302 and response.url == change_url(first)
    assert Brief.objects.filter(translation_of=original).count() == 1


def test_translate_refuses_get_and_unknown_languages(editor_client):
    original = BriefFactory()
    url = reverse("admin:briefs_brief_translate", args=[original.pk])
    assert editor_client.get(url).status_code == 405
    assert editor_client.post(url, {"language": "xx"}).status_code == 400
    assert editor_client.post(url, {}).status_code == 400
    assert not Brief.objects.filter(translation_of=original).exists()


def test_translate_needs_the_right_to_add_briefs(client):
    """A staff member who may only view briefs may not start a translation."""
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_brief"))
    client.force_login(viewer)
    original = BriefFactory()
    assert translate(client, original).status_code == 403
    assert not Brief.objects.filter(translation_of=original).exists()


def test_contributor_translates_what_they_may_see_only(contributor_client, contributor):
    """A public brief: their own draft. Another writer's draft: not found."""
    public = BriefFactory()
    hidden = BriefFactory(draft=True)
    assert translate(contributor_client, hidden).status_code == 404
    translate(contributor_client, public)
    draft = Brief.objects.get(translation_of=public)
    assert draft.created_by == contributor and workflow.can_edit(contributor, draft)


def test_panel_lists_the_set_and_offers_the_missing_languages(editor_client):
    original = BriefFactory(title="Water rights")
    russian = translation_of(original, title="Права на воду", draft=True)
    html = editor_client.get(change_url(russian)).content.decode()
    assert "Translations" in html and "Права на воду" in html
    assert f'href="{change_url(original)}">Water rights</a>' in html  # "translation of"
    assert "Draft" in html and "Out of date" not in html
    assert "This brief is in every language of the site." in html
    alone = BriefFactory()
    html = editor_client.get(change_url(alone)).content.decode()
    assert 'name="language"' in html and '<option value="ru">Русский</option>' in html


def test_panel_keeps_a_hidden_original_hidden(contributor_client, contributor):
    """A contributor's own translation of another writer's draft: no title, no link."""
    original = BriefFactory(draft=True, title="Quokkafish secrets")
    own = translation_of(original, draft=True, created_by=contributor, title="Мой перевод")
    response = contributor_client.get(change_url(own))
    html = response.content.decode()
    assert response.status_code == 200 and "Мой перевод" in html
    assert "Quokkafish" not in html and change_url(original) not in html
    assert "another brief, not yet published" in html.lower()


def test_original_text_edit_makes_its_translation_out_of_date(editor_client, editor):
    """Original's words changed: out of date; its status changed: not; translation saved: not."""
    start = timezone.now() - timedelta(hours=3)
    with time_machine.travel(start):
        original = BriefFactory(title="Grain")
        russian = translation_of(original, title="Зерно", draft=True)
    with time_machine.travel(start + timedelta(hours=1)):
        workflow.move(original, Brief.Status.DRAFT, editor)
    assert not translations.out_of_date(Brief.objects.all()).exists()
    with time_machine.travel(start + timedelta(hours=2)):
        assert save_form(editor_client, original, title="Grain and bread").status_code == 302
    assert list(translations.out_of_date(Brief.objects.all())) == [russian]
    assert "Out of date" in editor_client.get(change_url(original)).content.decode()
    assert save_form(editor_client, russian, title="Зерно и хлеб").status_code == 302
    assert not translations.out_of_date(Brief.objects.all()).exists()
    assert "Out of date" not in editor_client.get(change_url(original)).content.decode()


def test_only_words_move_text_changed_at():
    """Title, summary, key points, body, sources do; status, filing and SEO do not."""
    brief = BriefFactory()
    stamped = brief.text_changed_at
    assert stamped is not None
    brief.status, brief.seo_title = Brief.Status.DRAFT, "Other"
    brief.save()
    assert Brief.objects.get(pk=brief.pk).text_changed_at == stamped
    loaded = Brief.objects.get(pk=brief.pk)
    loaded.key_points = "A new point"
    loaded.save()
    assert Brief.objects.get(pk=brief.pk).text_changed_at > stamped


def test_translation_must_be_in_another_language_than_its_original(editor_client):
    original = BriefFactory()
    russian = translation_of(original, draft=True)
    response = save_form(editor_client, russian, language="en-gb")
    assert response.status_code == 200
    assert "A translation must be in another language than its original." in (
        response.content.decode()
    )


def test_language_held_by_another_member_is_a_form_error_naming_it(editor_client, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("kk", "Қазақша")]
    original = BriefFactory(draft=True)
    translation_of(original, language="kk", title="Қазақша нұсқа")
    russian = translation_of(original, draft=True)
    for brief in (original, russian):
        response = save_form(editor_client, brief, language="kk")
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert "Қазақша нұсқа" in str(form.errors["language"])


def test_language_taken_meanwhile_is_a_form_error_not_a_500(editor_client, settings, monkeypatch):
    """The constraint refuses a language another save took after the form was checked."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("kk", "Қазақша")]
    original = BriefFactory(draft=True)
    translation_of(original, language="ru", title="Уже есть")
    kazakh = translation_of(original, language="kk", draft=True)
    real = BriefAdminForm.language_taken
    checks = iter([None])  # the check before the save finds the language free
    monkeypatch.setattr(BriefAdminForm, "language_taken", lambda form: next(checks, real(form)))
    response = save_form(editor_client, kazakh, language="ru")
    assert response.status_code == 200
    assert "Уже есть" in str(response.context["adminform"].form.errors["language"])
    assert Brief.objects.get(pk=kazakh.pk).language == "kk"


def test_model_refuses_a_translation_of_a_translation():
    original = BriefFactory()
    russian = translation_of(original)
    nested = Brief(translation_of=russian, language="en-gb", title="x")
    with pytest.raises(ValidationError, match="not at a translation"):
        nested.clean()


def test_series_place_is_per_language(editor_client):
    """A Russian part 1 beside the English one; the next free part is counted per language."""
    series = SeriesFactory()
    english = BriefFactory(series=series, series_position=1)
    BriefFactory(series=series, series_position=2)
    russian = translation_of(english, draft=True, series=series, series_position=1)
    assert save_form(editor_client, russian, title="Часть первая").status_code == 302
    url = reverse("admin:briefs_brief_next_part")
    answer = editor_client.get(url, {"series": series.pk, "language": "ru"}).json()
    assert answer["next_part"] == 2
    assert editor_client.get(url, {"series": series.pk}).json()["next_part"] == 3
    assert editor_client.get(url, {"series": series.pk, "language": "xx"}).status_code == 400
    taken = save_form(editor_client, russian, series_position="1")
    assert taken.status_code == 302  # its own place


def test_series_place_taken_in_the_same_language_is_refused(editor_client):
    series = SeriesFactory(title="Energy")
    BriefFactory(series=series, series_position=1, language="ru", title="Первая")
    russian = BriefFactory(draft=True, language="ru")
    response = save_form(editor_client, russian, series=str(series.pk), series_position="1")
    assert response.status_code == 200
    assert "Part 1 of “Energy” is already" in response.content.decode()


def test_shifting_moves_later_parts_in_every_language(editor_client):
    """Inserting part 1 moves English and Russian parts together, up to a place none holds."""
    series = SeriesFactory()
    en1 = BriefFactory(series=series, series_position=1)
    en2 = BriefFactory(series=series, series_position=2)
    ru1 = translation_of(en1, series=series, series_position=1)
    ru3 = BriefFactory(series=series, series_position=3, language="ru")
    en5 = BriefFactory(series=series, series_position=5)
    new = BriefFactory(draft=True)
    response = save_form(
        editor_client, new, series=str(series.pk), series_position="1", shift_later_parts="on"
    )
    assert response.status_code == 302
    positions = dict(Brief.objects.filter(series=series).values_list("pk", "series_position"))
    assert positions == {new.pk: 1, en1.pk: 2, ru1.pk: 2, en2.pk: 3, ru3.pk: 4, en5.pk: 5}


def test_shifting_into_a_place_free_in_the_language_moves_nothing(editor_client):
    series = SeriesFactory()
    english = BriefFactory(series=series, series_position=1)
    russian = BriefFactory(draft=True, language="ru")
    save_form(
        editor_client, russian, series=str(series.pk), series_position="1", shift_later_parts="on"
    )
    english.refresh_from_db()
    assert english.series_position == 1
    assert Brief.objects.get(pk=russian.pk).series_position == 1


def test_deleting_an_original_hands_its_role_to_the_oldest_translation(editor_client, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("kk", "Қазақша")]
    original = BriefFactory()
    oldest = translation_of(original, language="ru")
    younger = translation_of(original, language="kk")
    url = reverse("admin:briefs_brief_delete", args=[original.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    oldest.refresh_from_db(), younger.refresh_from_db()
    assert oldest.translation_of is None
    assert younger.translation_of == oldest


def test_bulk_delete_keeps_each_set_linked(editor_client, settings):
    """Two originals deleted at once, one with a translation deleted alongside."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("kk", "Қазақша")]
    first, second = BriefFactory(), BriefFactory()
    first_ru = translation_of(first, language="ru")
    first_kk = translation_of(first, language="kk")
    second_ru = translation_of(second, language="ru")
    second_kk = translation_of(second, language="kk")
    data = {
        "action": "delete_selected",
        "_selected_action": [first.pk, second.pk, second_ru.pk],
        "post": "yes",
    }
    assert editor_client.post(CHANGE_LIST, data).status_code == 302
    assert not Brief.objects.filter(pk__in=[first.pk, second.pk, second_ru.pk]).exists()
    first_ru.refresh_from_db(), first_kk.refresh_from_db(), second_kk.refresh_from_db()
    assert first_ru.translation_of is None and first_kk.translation_of == first_ru
    assert second_kk.translation_of is None


def test_change_list_language_column_and_filters(editor_client):
    start = timezone.now() - timedelta(hours=2)
    with time_machine.travel(start):
        translated = BriefFactory(title="Translated original")
        behind = translation_of(translated, title="Отстающий перевод")
    alone = BriefFactory(title="Lonely original")
    with time_machine.travel(start + timedelta(hours=1)):
        translated.title = "Translated original, revised"
        translated.save()
    html = editor_client.get(CHANGE_LIST).content.decode()
    assert '<abbr class="brief-language" title="Русский">RU</abbr>' in html
    assert '<abbr class="brief-language" title="English">EN</abbr>' in html
    assert '<span lang="ru">Отстающий перевод</span>' in html

    def listed(query):
        response = editor_client.get(CHANGE_LIST + query)
        return {brief.pk for brief in response.context["cl"].result_list}

    assert listed("?translations=out-of-date") == {behind.pk}
    assert listed("?translations=untranslated") == {alone.pk}
    assert listed("?language=ru") == {behind.pk}


def test_change_list_with_translations_keeps_its_query_count(editor_client):
    """The language column and the translation filters cost no query per row."""

    def add_sets(count):
        for _ in range(count):
            translation_of(BriefFactory())

    def load(query):
        response = editor_client.get(CHANGE_LIST + query)
        assert response.status_code == 200
        return response

    for query in ("", "?translations=out-of-date", "?translations=untranslated&language=en-gb"):
        add_sets(1)  # each measure follows a change, as the filters' kept choices do not
        assert_query_budget(lambda query=query: load(query), lambda: add_sets(10), 20)


def test_compare_shows_language_changes(editor_client):
    original = BriefFactory(draft=True)
    save_form(editor_client, original, title="First save")
    save_form(editor_client, original, language="ru")
    response = editor_client.get(reverse("admin:briefs_brief_compare", args=[original.pk]))
    changes = {change.field: change for change in response.context["changes"]}
    assert (changes["language"].before, changes["language"].after) == ("English", "Русский")


def test_race_on_the_database_constraint_is_caught_in_the_model_layer():
    """Whatever path writes, one translation per language per original."""
    original = BriefFactory()
    translation_of(original)
    with pytest.raises(IntegrityError):
        translation_of(original)
