"""A draft survives a reload: the form keeps what is typed, warns before leaving, and
restores it; a contributor's list offers only what they may use."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from briefs.models import Autosave, Brief
from tests.browser.admin_session import log_in
from tests.factories import BriefFactory, CountryFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENS = Path("/work/screens")


def contributor(username):
    """A contributor, with their group made again if a flush of an earlier transactional test
    emptied the groups the migrations made (permissions come back after a flush; groups not)."""
    group, _ = Group.objects.get_or_create(name="Contributors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="briefs",
            codename__in=[
                "add_brief",
                "change_brief",
                "view_brief",
                "add_briefauthor",
                "change_briefauthor",
                "delete_briefauthor",
                "view_briefauthor",
                "view_author",
                "view_series",
                "view_theme",
            ],
        ),
        *Permission.objects.filter(codename__in=["view_country", "view_region"]),
    )
    return UserFactory(username=username, first_name="Timur", group="Contributors")


def kept_body(page, brief, words):
    """The autosave once it holds ``words`` (typing on a busy machine may span two posts)."""
    for _ in range(80):
        kept = Autosave.objects.filter(brief=brief).first()
        if kept and words in kept.data["body"][0]:
            return kept
        page.wait_for_timeout(250)
    raise AssertionError(f"No autosave holds {words!r}")


def screenshot(page, name):
    """Full-page screenshots for the report, when the machine has the folder for them."""
    if SCREENS.is_dir():
        page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def test_typed_changes_survive_a_reload_and_are_saved_after_restoring(
    live_server, page, settings, patient_expectations
):
    settings.AUTOSAVE_SECONDS = 1
    writer = contributor("writer")
    brief = BriefFactory(
        draft=True, title="Water and power", created_by=writer, countries=[CountryFactory()]
    )
    log_in(page, live_server.url, "writer")
    url = f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/"
    page.goto(url)

    page.fill("#id_title", "Water, power and the Rogun dam")
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    page.keyboard.press("End")
    page.keyboard.type(" Downstream, Uzbekistan watches the reservoir fill.")
    expect(page.locator("#autosave")).to_contain_text("Unsaved changes kept at")
    kept = kept_body(page, brief, "Uzbekistan watches the reservoir fill.")
    assert kept.data["title"] == ["Water, power and the Rogun dam"]
    assert Brief.objects.get(pk=brief.pk).title == "Water and power"

    asked = []

    def leave_anyway(dialog):
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave_anyway)
    page.reload()
    assert asked == ["beforeunload"]
    page.remove_listener("dialog", leave_anyway)

    expect(page.locator("#id_title")).to_have_value("Water and power")
    page.get_by_role("link", name="Restore unsaved changes from").click()
    expect(page.locator("#autosave-restored")).to_contain_text("Nothing is saved")
    expect(page.locator("#id_title")).to_have_value("Water, power and the Rogun dam")
    expect(body).to_contain_text("Uzbekistan watches the reservoir fill.")
    screenshot(page, "autosave-restore")
    assert Brief.objects.get(pk=brief.pk).title == "Water and power"

    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    saved = Brief.objects.get(pk=brief.pk)
    assert saved.title == "Water, power and the Rogun dam"
    assert "Uzbekistan watches the reservoir fill." in saved.body
    assert not Autosave.objects.exists()


def test_a_contributor_list_has_checkboxes_only_on_their_own_unpublished_briefs(
    live_server, page, patient_expectations
):
    writer, country = contributor("writer"), CountryFactory()
    mine = [
        BriefFactory(
            draft=True, title="Rogun and the Amu Darya", created_by=writer, countries=[country]
        ),
        BriefFactory(
            in_review=True,
            title="Border talks in the Fergana valley",
            created_by=writer,
            countries=[country],
        ),
    ]
    BriefFactory(title="Published by someone else: the Caspian gas link", countries=[country])
    BriefFactory(
        title="My published brief on Tajik remittances", created_by=writer, countries=[country]
    )
    log_in(page, live_server.url, "writer")
    page.goto(f"{live_server.url}/admin/briefs/brief/")

    checkboxes = page.locator("input[name=_selected_action]")
    expect(checkboxes).to_have_count(2)
    assert sorted(int(value) for value in checkboxes.evaluate_all("b => b.map(x => x.value)")) == [
        brief.pk for brief in mine
    ]
    options = page.locator("select[name=action] option").all_inner_texts()
    assert options[1:] == [
        "Submit selected briefs for review",
        "Withdraw selected briefs from review",
    ]
    expect(page.locator("#content")).not_to_contain_text("npublish")
    screenshot(page, "contributor-list")
