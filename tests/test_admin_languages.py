"""An editor who chose Russian in the admin's switcher reads our own admin in Russian."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import BriefFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian_editor(editor_client):
    editor_client.cookies["django_language"] = "ru"
    return editor_client


def test_the_brief_form_names_its_buttons_and_help_in_russian(russian_editor):
    """The workflow buttons, their help, the form's links and field help are Russian."""
    brief = BriefFactory(draft=True)
    html = russian_editor.get(reverse("admin:briefs_brief_change", args=[brief.pk])).text
    assert "Сохранить и перевести записку" in html
    assert "Отправить на проверку" in html and "Опубликовать сейчас" in html
    assert "Сохранить и сразу опубликовать записку." in html
    assert "Предпросмотр" in html and "Ссылки для просмотра" in html
    assert "Образует адрес записки" in html
    assert "Publish now" not in html and "Save and move the brief" not in html


def test_a_refused_move_is_explained_in_russian(russian_editor):
    """Scheduling without a future time is refused with the reason in Russian."""
    brief = BriefFactory(draft=True)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(russian_editor.get(url)), "_workflow": "schedule"}
    response = russian_editor.post(url, data)
    assert response.status_code == 200
    assert "Чтобы запланировать записку, укажите время публикации в будущем." in response.text


def test_a_bulk_action_reports_in_russian(russian_editor):
    """The change list's actions and their message speak the editor's language."""
    brief = BriefFactory(in_review=True)
    changelist = reverse("admin:briefs_brief_changelist")
    assert "Опубликовать выбранные записки сейчас" in russian_editor.get(changelist).text
    response = russian_editor.post(
        changelist, {"action": "publish_now", "_selected_action": [brief.pk]}
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "1 записка теперь в статусе «Опубликована»."


def test_an_editor_without_a_choice_keeps_english(editor_client):
    """No cookie and an English browser: the admin stays English."""
    brief = BriefFactory(draft=True)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    html = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Save and move the brief" in html and "Publish now" in html


def test_review_e_mails_stay_in_the_default_language_whoever_sends_them(
    client, contributor, editor, django_capture_on_commit_callbacks, mailoutbox
):
    """A contributor working in Russian submits: the editors' e-mail is in English, the
    language the project knows they read (it keeps no language per editor)."""
    brief = BriefFactory(draft=True, created_by=contributor, title="Gas and neutrality")
    client.force_login(contributor)
    client.cookies["django_language"] = "ru"
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(client.get(url)), "_workflow": "submit"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    [message] = [m for m in mailoutbox if editor.email in m.to]
    assert message.subject == "For review: Gas and neutrality"
    assert "submitted a brief for review" in message.body


def labels(html):
    """The texts of a page's ``<label>`` elements, tags and spaces aside."""
    found = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    return {" ".join(re.sub(r"<[^>]+>", " ", label).split()) for label in found}


def test_the_brief_form_labels_its_fields_in_russian(russian_editor):
    """The model's field names label the form in Russian, and its title names a brief."""
    brief = BriefFactory(draft=True)
    html = russian_editor.get(reverse("admin:briefs_brief_change", args=[brief.pk])).text
    assert {
        "Заголовок:",
        "Слаг:",
        "Краткое содержание:",
        "Заголовок блока выводов:",
        "Основные выводы:",
        "Текст:",
        "Источники:",
        "Заглавное изображение:",
        "Альтернативный текст:",
        "Тип:",
        "Страны:",
        "Темы:",
        "Серия:",
        "Номер в серии:",
        "Статус:",
        "Время публикации:",
        "Снять с публикации:",
        "Заголовок для поисковых систем:",
    } <= labels(html)
    assert "<h1>Изменить записка</h1>" in html
    assert not {"Title:", "Summary:", "Publish time:", "Take down at:"} & labels(html)
    assert 'aria-label="Дата публикации"' in html


def test_the_admin_names_the_models_in_russian(admin_client):
    """The sidebar's apps and models and a change list's title speak Russian."""
    admin_client.cookies["django_language"] = "ru"
    html = admin_client.get(reverse("admin:briefs_brief_changelist")).text
    assert "Выберите записка для изменения" in html
    for name in [
        "Записки",
        "Авторы",
        "Изображения из библиотеки",
        "Старые адреса",
        "Серии",
        "Темы",
        "Типы материалов",
        "Страны и регионы",
        "Страны",
        "Регионы",
    ]:
        assert f">{name}</" in html, name
    assert ">Library images</" not in html and ">Old addresses</" not in html
    country_form = admin_client.get(reverse("admin:countries_country_add")).text
    assert {"Название:", "Код ISO:", "Регион:", "Справка:"} <= labels(country_form)


def test_an_english_editor_keeps_the_english_labels(editor_client, admin_client):
    """Without a Russian choice the labels and names are today's English ones."""
    brief = BriefFactory(draft=True)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    html = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert {
        "Title:",
        "Summary:",
        "Label of the key points:",
        "Sources:",
        "Hero image:",
        "Series position:",
        "Publish time:",
        "Take down at:",
        "Search engine title:",
        "Type:",
    } <= labels(html)
    assert "<h1>Change brief</h1>" in html
    index = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").text
    for name in ["Briefs", "Library images", "Old addresses", "Content types", "Series"]:
        assert f">{name}</" in index, name
    assert "Countries and regions" in index


def test_migrations_stay_in_step_with_the_models_in_any_language():
    """Marked names are written to migrations in English: Russian active, nothing changes."""
    with translation.override("ru"):
        call_command("makemigrations", check=True, dry_run=True, verbosity=0)
