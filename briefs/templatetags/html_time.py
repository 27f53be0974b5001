"""``{{ moment|html_datetime }}``: a time as the ``datetime`` attribute of ``<time>`` takes it."""

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def html_datetime(moment):
    """``moment`` in the site's time zone to the second, e.g. ``2026-12-03T09:00:00+01:00``.

    HTML allows at most three digits of a second's fraction, and a brief published with
    "Publish now" has six (microseconds); readers and crawlers need none.
    """
    return moment.isoformat(timespec="seconds") if moment else ""
