"""People leave: their account is deactivated, the briefs they wrote stay public."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from briefs.models import Brief
from tests.factories import BriefFactory, UserFactory

User = get_user_model()
CHANGELIST = "/admin/auth/user/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="admin", is_superuser=True))
    return client


@pytest.fixture
def departing(db):
    user = UserFactory(username="departing", group="Editors")
    brief = BriefFactory(title="Gas transit after the war")
    Brief.objects.filter(pk=brief.pk).update(created_by=user, updated_by=user)
    return user, brief


def deactivate(client, *users):
    return client.post(
        CHANGELIST,
        {"action": "deactivate", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_deactivated_users_briefs_stay_public(admin_client, departing):
    user, brief = departing
    response = deactivate(admin_client, user)
    assert "1 user deactivated." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active is False
    brief.refresh_from_db()
    assert brief.created_by == user
    assert admin_client.get(brief.get_absolute_url()).status_code == 200


def test_deactivated_user_cannot_log_in(admin_client, departing):
    user, _ = departing
    deactivate(admin_client, user)
    response = Client().post(
        "/admin/login/", {"username": "departing", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_deactivation_ends_open_sessions(admin_client, departing):
    user, _ = departing
    their_browser = Client()
    their_browser.force_login(user)
    assert their_browser.get("/admin/").status_code == 200
    deactivate(admin_client, user)
    assert their_browser.get("/admin/").status_code == 302


def test_administrators_cannot_deactivate_themselves(admin_client):
    me = User.objects.get(username="admin")
    response = deactivate(admin_client, me)
    assert "You cannot deactivate yourself." in response.content.decode()
    me.refresh_from_db()
    assert me.is_active is True


def test_editors_without_user_rights_cannot_deactivate(editor_client, departing):
    user, _ = departing
    assert deactivate(editor_client, user).status_code == 403
    user.refresh_from_db()
    assert user.is_active is True


def test_deleting_an_account_keeps_its_briefs(departing):
    user, brief = departing
    user.delete()
    brief.refresh_from_db()
    assert brief.created_by is None
    assert Brief.objects.published().filter(pk=brief.pk).exists()
