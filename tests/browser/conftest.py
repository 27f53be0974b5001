import os

# Playwright's sync API runs an event loop; Django's ORM calls from the live server are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
