"""A new editor publishes a fully filed brief from the admin using only what a person sees
(labels, roles, visible text), and every interaction after login is counted.

The brief has two countries, three themes, a place in a series, an author and a hero image.
An interaction is one click, one field typed into, one choice from a widget (opening a
searchable drop-down, typing in it and picking the answer is one choice) or one file chosen.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from briefs.models import Brief
from tests.browser.admin_session import log_in, shot
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.browser.test_editing import searched_for
from tests.factories import (
    AuthorFactory,
    BriefFactory,
    CountryFactory,
    SeriesFactory,
    UserFactory,
    library_image,
)
from tests.image_files import jpeg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("patient_expectations"),
]

MOST_INTERACTIONS = 12
TITLE = "Neutral Caspian: energy corridors after the war"


class Editor:
    """The person at the screen: each thing they do goes through here and is counted."""

    def __init__(self, page):
        self.page = page
        self.done = []

    def _count(self, what):
        self.done.append(what)

    def click(self, target, what):
        target.click()
        self._count(f"click {what}")

    def type_into(self, label, text):
        """Type ``text`` into the field named ``label`` (Enter ends a theme chip)."""
        self.page.get_by_label(label, exact=True).filter(visible=True).click()
        for part in re.split(r"(\n)", text):
            if part == "\n":
                self.page.keyboard.press("Enter")
            elif part:
                self.page.keyboard.type(part)
        self._count(f"type into {label}")

    def choose(self, label, text):
        """Pick ``text`` in the searchable drop-down named ``label``."""
        box = self.page.get_by_role("searchbox", name=label, exact=True)
        if not box.count():
            box = self.page.get_by_role("combobox", name=label, exact=True)
        box.click()
        with self.page.expect_response(searched_for(text)):
            self.page.keyboard.type(text)
        self.page.get_by_role("option", name=text, exact=True).click()
        self._count(f"choose {text} in {label}")

    def upload(self, label, name, data):
        self.page.get_by_label(label).set_input_files(
            files=[{"name": name, "mimeType": "image/jpeg", "buffer": data}]
        )
        self._count(f"upload {name}")


def an_editor():
    """A member of the Editors group, which is made again if an earlier transactional test
    flushed the migrations' reference data (permissions and content types come back by
    themselves, under new ids that the process' content type cache must not hide)."""
    ContentType.objects.clear_cache()
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["briefs", "countries"])
    )
    return UserFactory(username="editor", group="Editors")


def newsroom():
    """What the editor finds: an author, countries, themes in use, a series of two parts."""
    an_editor()
    author = AuthorFactory(name="Leyla Hasanova")
    countries = [
        CountryFactory(name="Freedonia", code="QZ"),
        CountryFactory(name="Sylvania", code="QW"),
    ]
    series = SeriesFactory(title="Caspian energy")
    first = BriefFactory(
        title="Pipelines and power", series=series, series_position=1, countries=countries[:1]
    )
    second = BriefFactory(
        title="Ports and tankers",
        series=series,
        series_position=2,
        countries=countries[:1],
        themes=["energy security"],
    )
    return author, countries, series, first, second


def write_the_brief(editor, live_server):
    """Everything up to publishing: from the admin's front page to the filled form."""
    page = editor.page
    editor.click(
        page.get_by_role("row", name=re.compile("^Briefs")).get_by_role("link", name="Add"),
        "Add brief",
    )
    editor.type_into("Title:", TITLE)
    editor.choose("Authors:", "Leyla Hasanova")
    editor.type_into("Summary:", "Where Caspian gas goes when the northern routes close.")
    editor.type_into("Body:", "Both shores now look west across the sea.")
    editor.choose("Countries:", "Freedonia")
    editor.choose("Countries:", "Sylvania")
    editor.type_into("Themes:", "neutrality, energy security, sanctions\n")
    editor.choose("Series:", "Caspian energy")
    editor.upload("Or upload a new hero image", "caspian.jpg", jpeg(1800, 1000))
    editor.type_into("Alt text:", "Oil platforms off Baku at dusk")


def assert_public_with_everything(page, live_server, part, author, countries):
    brief = Brief.objects.published().get(title=TITLE)
    assert brief.ordered_authors == [author]
    assert set(brief.countries.all()) == set(countries)
    assert [theme.name for theme in brief.themes.all()] == [
        "neutrality",
        "energy security",
        "sanctions",
    ]
    assert (brief.series.title, brief.series_position) == ("Caspian energy", part)
    assert brief.hero is not None and brief.hero.alt == "Oil platforms off Baku at dusk"
    page.goto(live_server.url + brief.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(f"Part {part} of 3")).to_be_visible()
    expect(page.get_by_role("img", name="Oil platforms off Baku at dusk")).to_be_visible()
    return brief


def test_a_new_editor_publishes_a_filed_brief_in_twelve_interactions(live_server, page):
    """Authors at the top, the next part suggested, themes as chips, one button."""
    author, countries, *_rest = newsroom()
    log_in(page, live_server.url, "editor")
    editor = Editor(page)
    write_the_brief(editor, live_server)
    expect(page.get_by_role("spinbutton", name="Series position:")).to_have_value("3")
    expect(page.get_by_role("button", name="Remove theme sanctions")).to_be_visible()
    shot(page, "change-form")
    editor.click(page.get_by_role("button", name="Publish now"), "Publish now")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    print(f"\ninteractions after login, empty position: {len(editor.done)}: {editor.done}")
    assert len(editor.done) <= MOST_INTERACTIONS, editor.done
    assert_public_with_everything(page, live_server, 3, author, countries)


def test_a_taken_position_is_named_at_the_field_and_the_brief_inserted(live_server, page):
    """Part 2 is taken: the field names and links the brief that holds it, the hero image
    stays, and "insert here" moves the later part up; the count is reported."""
    author, countries, _series, first, second = newsroom()
    log_in(page, live_server.url, "editor")
    editor = Editor(page)
    write_the_brief(editor, live_server)
    position = page.get_by_role("spinbutton", name="Series position:")
    expect(position).to_have_value("3")
    position.fill("2")
    editor._count("type into Series position:")
    editor.click(page.get_by_role("button", name="Publish now"), "Publish now")

    error = page.locator(".field-series_position .errorlist")
    expect(error).to_contain_text("Part 2 of “Caspian energy” is already “Ports and tankers”")
    link = error.get_by_role("link", name="Ports and tankers")
    expect(link).to_have_attribute("href", f"/admin/briefs/brief/{second.pk}/change/")
    expect(page.get_by_text("Your new image is kept")).to_be_visible()
    expect(page.locator(".hero-preview img")).to_be_visible()
    expect(page.get_by_role("button", name="Remove theme energy security")).to_be_visible()
    shot(page, "editorform-taken-position")
    editor.click(page.get_by_label("Insert here and shift the later parts"), "Insert here")
    editor.click(page.get_by_role("button", name="Publish now"), "Publish now")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    print(f"\ninteractions after login, taken position: {len(editor.done)}: {editor.done}")
    assert_public_with_everything(page, live_server, 2, author, countries)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.series_position, second.series_position) == (1, 3)


def test_theme_chips_suggest_known_themes_and_have_named_remove_buttons(live_server, page):
    """Type, Enter: a chip; known themes suggested; each chip removable by its name; what is
    left is what the server saves."""
    an_editor()
    brief = BriefFactory(themes=["energy security", "neutrality"], countries=[CountryFactory()])
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")
    themes = page.get_by_role("combobox", name="Themes:", exact=True)
    themes.click()
    page.keyboard.type("sanc")
    page.keyboard.press("Enter")
    page.keyboard.type("ener")
    expect(page.locator("#id_themes_suggestions option")).to_have_attribute(
        "value", "energy security"
    )
    themes.fill("")
    page.get_by_role("button", name="Remove theme neutrality").click()
    chips = page.get_by_role("list", name="Chosen themes").get_by_role("listitem")
    expect(chips).to_have_text([re.compile("^energy security×$"), re.compile("^sanc×$")])
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert [theme.name for theme in brief.themes.all()] == ["energy security", "sanc"]


@pytest.mark.parametrize("form", ["add", "change"])
def test_the_brief_forms_pass_axe(live_server, page, form):
    """Every widget named (searchable drop-downs, the body editor, theme chips): axe-core
    finds nothing on the add form or on a filled change form, chips and hero included."""
    an_editor()
    brief = BriefFactory(
        authors=[AuthorFactory()],
        themes=["energy security", "neutrality"],
        series=SeriesFactory(),
        series_position=1,
        countries=[CountryFactory()],
        hero=library_image(),
    )
    log_in(page, live_server.url, "editor")
    address = "add/" if form == "add" else f"{brief.pk}/change/"
    page.goto(f"{live_server.url}/admin/briefs/brief/{address}")
    expect(page.get_by_role("textbox", name="Body:")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Countries:")).to_be_attached()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
