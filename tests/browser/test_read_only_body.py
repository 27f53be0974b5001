"""A contributor opening someone else's public brief in the admin reads its body as readers
do: the figure's picture loads with its caption, footnotes are numbered and listed."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin_session import PASSWORD, log_in, shot
from tests.factories import BriefFactory, CountryFactory, UserFactory, library_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_contributor_sees_the_figure_and_the_numbered_notes(live_server, page):
    """The read-only body shows the picture (loaded), its caption, note numbers linking to
    the notes list, and the table."""
    other = UserFactory(username="other-writer", group="Contributors")
    contributor = UserFactory(username="contributor", group="Contributors")
    contributor.set_password(PASSWORD)
    contributor.save()
    image = library_image(
        uploaded_by=other, alt="Ferry cargo tripled since 2019.", caption="Cargo by ferry"
    )
    brief = BriefFactory(
        created_by=other,
        countries=[CountryFactory(code="QX")],
        body=(
            "<p>Ferry cargo tripled<span data-footnote>Port of Baku, annual report.</span>.</p>"
            f'<figure data-image="{image.pk}"></figure>'
            "<table><tr><th>Year</th><th>Tonnes</th></tr><tr><td>2024</td><td>3,240</td></tr>"
            "</table>"
        ),
    )
    log_in(page, live_server.url, "contributor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")
    body = page.locator(".body-as-read")
    picture = body.get_by_role("img", name="Ferry cargo tripled since 2019.")
    expect(picture).to_be_visible()
    picture.scroll_into_view_if_needed()
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=picture.element_handle()
    )
    expect(body.locator("figcaption")).to_contain_text("Cargo by ferry")
    expect(body.get_by_role("link", name="Note 1", exact=True)).to_have_attribute("href", "#fn-1")
    expect(body.locator("#fn-1")).to_contain_text("Port of Baku, annual report.")
    expect(body.get_by_role("cell", name="3,240")).to_be_visible()
    shot(page, "admin-read-only-body")
