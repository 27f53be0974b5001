"""Times as editors read them: in the site's time zone, named, e.g. "3 Dec 2026, 09:00 CET".

The workflow's history lines, the admin's columns and previews, the editor desk, the
revision diff and the stale-save message all say when something happened or will; they
share this one format so a time reads the same wherever an editor meets it.
"""

from django.utils import timezone
from django.utils.dateformat import format as date_format


def format_local(moment):
    """A time in the site's time zone, as editors read it: "3 Dec 2026, 09:00 CET"."""
    return date_format(timezone.localtime(moment), "j M Y, H:i T")
