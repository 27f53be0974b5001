"""Signing in to the admin from a browser test, and keeping its screenshots."""

from pathlib import Path

from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct-horse-battery"


def log_in(page, base_url, username):
    """Sign ``username`` (created with ``PASSWORD``) in through the admin's login form."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()


def shot(page, name):
    """A full-page screenshot in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
