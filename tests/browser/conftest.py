import os

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop; Django's ORM calls from the live server are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def patient_expectations():
    """A busy machine may be slow to render the admin; the assertions stay exact."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)
