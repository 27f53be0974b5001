"""Read an HTML form the way a browser submits it, so tests post what editors would."""

from html.parser import HTMLParser

from django.urls import reverse

from countries.models import Country
from tests.factories import AuthorFactory


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n")


def form_data(response, form_id="brief_form"):
    """The fields of the form ``form_id`` in ``response``, with the values shown in it."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    return {
        name: values if len(values) != 1 else values[0]
        for name, values in reader.data.items()
        if values
    }


def add_published_brief(client, *, countries, themes):
    """Add a brief as an editor does in the admin, published with one author; the response.

    ``countries`` are Country instances; ``themes`` is the themes field as typed.
    """
    return client.post(
        reverse("admin:briefs_brief_add"),
        {
            "title": "From the admin",
            "slug": "from-the-admin",
            "dek": "Summary.",
            "body": "<p>Text.</p>",
            "countries": [country.pk for country in countries],
            "themes": themes,
            "status": "published",
            "publish_at_0": "2020-01-01",
            "publish_at_1": "10:00:00",
            "byline": [AuthorFactory().pk],
        },
    )


def new_brief_form(client, country=None, **fields):
    """The add form as shown, filled in as an editor does (one author, one country), with
    ``fields`` on top: what a browser would post."""
    country = country or Country.objects.get(code="AZ")
    return {
        **form_data(client.get(reverse("admin:briefs_brief_add"))),
        "title": "Gas storage in winter",
        "slug": "gas-storage-in-winter",
        "dek": "Every word of this summary must survive.",
        "body": "<p>Two pages of careful analysis.</p>",
        "countries": [str(country.pk)],
        "byline": [str(AuthorFactory().pk)],
        **fields,
    }
