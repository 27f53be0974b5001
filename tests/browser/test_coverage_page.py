"""The editors' coverage page in a real browser: found from the desk, axe-clean and
readable on a 320-pixel phone as on a wide screen."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from countries.models import Country
from tests.browser.admin_session import log_in, shot
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import AuthorFactory, BriefFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("patient_expectations"),
]


def archive():
    """An editor, two authors and public briefs in most regions; Georgia last had one
    13 months ago, so it is a gap."""
    UserFactory(username="chief", group="Editors")
    writers = [AuthorFactory(name="Nino Beridze"), AuthorFactory(name="Timur Abenov")]
    now = timezone.now()
    plan = [
        (["AZ"], ["energy security", "sanctions"], 12),
        (["AM", "AZ"], ["mediation"], 40),
        (["KZ", "UZ"], ["water", "energy security"], 100),
        (["UA"], ["sanctions"], 5),
        (["MD"], ["energy security"], 300),
        (["GE"], ["neutrality"], 400),
        (["EE", "LV"], ["defence"], 700),
    ]
    for n, (codes, themes, days) in enumerate(plan):
        BriefFactory(
            countries=list(Country.objects.filter(code__in=codes)),
            themes=themes,
            authors=[writers[n % 2]],
            publish_at=now - timedelta(days=days),
        )


def test_editor_opens_coverage_from_the_desk_and_it_passes_axe_narrow_and_wide(live_server, page):
    """Desk link -> page; gaps said in words; no axe finding and no sideways page scroll."""
    archive()
    log_in(page, live_server.url, "chief")
    page.locator("#editor-desk").get_by_role("link", name="Coverage: see the gaps").click()
    expect(page.get_by_role("heading", name="Regions and countries")).to_be_visible()
    georgia = page.locator("#coverage-countries tr", has_text="Georgia")
    expect(georgia).to_contain_text("Gap: none in 12 months")
    expect(page.locator("#coverage-gaps")).to_contain_text("Georgia")

    page.get_by_label("Author").select_option(label="Nino Beridze")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#coverage-countries tfoot")).to_contain_text("4")
    page.goto(live_server.url + "/admin/briefs/brief/coverage/")

    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{width}px: {results.generate_report()}"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{width}px: the page scrolls sideways by {overflow}px"
        shot(page, f"coverage-{width}")
