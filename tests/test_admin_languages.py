"""An editor who chose Russian in the admin's switcher reads our own admin in Russian."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

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
