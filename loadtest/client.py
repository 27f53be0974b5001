"""A tiny HTTP client for app servers on this machine, and an editor's admin session.

It speaks to gunicorn directly, the way the TLS proxy does: every request says
``X-Forwarded-Proto: https``, so production settings (HTTPS redirect, Secure cookies,
CSRF origin checks) apply unchanged.
"""

import http.client
import ipaddress
import socket
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

SKIPPED_INPUT_TYPES = {"submit", "button", "file", "image", "reset"}


def require_loopback(host):
    """Refuse any target that is not this machine."""
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        raise ValueError(f"{host} is not a loopback address; this tool only targets this machine")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


def fetch(base_url, path, method="GET", body=None, headers=None, timeout=10):
    parts = urlsplit(base_url)
    require_loopback(parts.hostname)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        all_headers = {"X-Forwarded-Proto": "https", "Host": parts.netloc, **(headers or {})}
        connection.request(method, path, body=body, headers=all_headers)
        reply = connection.getresponse()
        return Response(reply.status, reply.headers, reply.read())
    finally:
        connection.close()


class FormScraper(HTMLParser):
    """The fields a browser would submit from the form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields = []
        self._in_form = False
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == self.form_id
        if not self._in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in SKIPPED_INPUT_TYPES or (
                kind in {"checkbox", "radio"} and "checked" not in attrs
            ):
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {
                "name": name,
                "multiple": "multiple" in attrs,
                "chosen": [],
                "first": None,
            }
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["chosen"] or (
                [] if select["multiple"] or select["first"] is None else [select["first"]]
            )
            self.fields.extend((select["name"], value) for value in chosen)
            self._select = None


class AdminSession:
    """An editor signed in to the admin of one app server, by session cookie."""

    def __init__(self, base_url, session_cookie, admin_path="/admin/", timeout=10):
        self.base_url = base_url
        self.admin_path = admin_path
        self.timeout = timeout
        self.cookies = {"sessionid": session_cookie}

    def _request(self, method, path, body=None, headers=None):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers = {"Cookie": cookie, **(headers or {})}
        response = fetch(self.base_url, path, method, body, headers, timeout=self.timeout)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def change_brief(self, brief_id, **changes):
        """Open the brief's change form, alter some fields, save; the response of the save."""
        path = f"{self.admin_path}briefs/brief/{brief_id}/change/"
        page = self._request("GET", path)
        if page.status != 200:
            raise RuntimeError(f"GET {path} answered {page.status}")
        scraper = FormScraper("brief_form")
        scraper.feed(page.text)
        fields = [(name, value) for name, value in scraper.fields if name not in changes]
        fields += [*changes.items(), ("_save", "Save")]
        origin = f"https://{urlsplit(self.base_url).netloc}"
        return self._request(
            "POST",
            path,
            body=urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + path,
            },
        )
