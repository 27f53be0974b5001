"""The address logins are counted by: X-Forwarded-For is read only as far as our own
proxies wrote it, as the settings configure django-axes and django-ipware for
TRUSTED_PROXY_COUNT."""

import json

import pytest

from tests.processes import BIN, production_env, run

READER, SPOOFED, PROXY, EDGE = "8.8.8.8", "6.6.6.6", "10.0.0.2", "10.0.0.1"

# Each Django process reads TRUSTED_PROXY_COUNT once, when its settings load, so each
# count is tried in a process of its own, with the production settings.
ADDRESSES = """
import json, sys
import django
django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

requests = RequestFactory()
for remote_addr, forwarded_for in json.loads(sys.argv[1]):
    headers = {"headers": {"X-Forwarded-For": forwarded_for}} if forwarded_for else {}
    request = requests.get("/admin/login/", REMOTE_ADDR=remote_addr, **headers)
    print(json.dumps(get_client_ip_address(request)))
"""


def addresses_seen(trusted_proxy_count, requests):
    """The address each ``(REMOTE_ADDR, X-Forwarded-For)`` request is counted under."""
    env = production_env(TRUSTED_PROXY_COUNT=str(trusted_proxy_count))
    result = run([BIN / "python", "-c", ADDRESSES, json.dumps(requests)], env)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()[-len(requests) :]]


# What a client may send as its own X-Forwarded-For.
SPOOFS = [
    "",
    SPOOFED,
    f"{SPOOFED}, 9.9.9.9",
    "garbage",
    # An unbalanced quote: a parser that honours quotes reads the proxy's entry after it
    # as part of the client's, and is left with the spoofed address alone.
    f'{SPOOFED}, "',
]


def forwarded_for(sent, proxies):
    """The X-Forwarded-For that reaches the app: what the client sent, then the reader's
    address appended by the first proxy, then each further proxy's predecessor's."""
    return ", ".join(part for part in [sent, READER, *[EDGE] * (proxies - 1)] if part)


def test_with_no_proxy_x_forwarded_for_is_ignored():
    """Straight from the reader, anything in X-Forwarded-For is the reader's own writing."""
    assert addresses_seen(0, [(READER, sent) for sent in SPOOFS]) == [READER] * len(SPOOFS)


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_proxies_the_address_the_first_of_them_saw_is_taken(proxies):
    """Only the last ``proxies`` entries are ours: the leftmost of them is the reader's,
    whatever the reader sent before it."""
    requests = [(PROXY, forwarded_for(sent, proxies)) for sent in SPOOFS]
    assert addresses_seen(proxies, requests) == [READER] * len(SPOOFS)


def test_a_request_that_bypassed_the_proxies_is_counted_under_no_address():
    """Fewer entries than proxies: the request did not come through them, and nothing it
    says about its address is believed (such requests share one count)."""
    assert addresses_seen(2, [(READER, ""), (READER, SPOOFED)]) == [None, None]
