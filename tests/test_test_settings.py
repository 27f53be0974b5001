"""The test settings do not follow the caller's shell: a developer's exports change nothing."""

import json
import re

import pytest

from tests.processes import BIN, ROOT, run

# Every variable config/settings.py reads, found in its source so that a new one is covered.
READ_BY_SETTINGS = set(
    re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z0-9_]+)"', (ROOT / "config/settings.py").read_text())
)
# Where the suite finds its services is the caller's to say.
CALLERS_SERVICES = {"DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX"}
# A developer's shell: what `make run` and habit leave exported.
DEVELOPER_SHELL = {
    "DEBUG": "1",
    "SITE_URL": "http://dev.example.org:8000",
    "ALLOWED_HOSTS": "dev.example.org",
    "EMAIL_HOST": "mail.example.org",
    "SECRET_KEY": "a-developers-own-key-that-is-long-enough-to-pass-every-check-0123",
    "PAGE_CACHE_SECONDS": "5",
    "LOG_LEVEL": "DEBUG",
    "LOG_FORMAT": "text",
}
# Every setting, as text: callables by name (their repr holds an address), sets sorted.
DUMP_SETTINGS = """
import json
import django
from django.conf import settings

django.setup()  # some settings are lazy, e.g. the editor's static script addresses

def as_text(value):
    if callable(value):
        return value.__qualname__
    return sorted(value) if isinstance(value, (set, frozenset)) else str(value)

every = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
print(json.dumps(every, default=as_text, sort_keys=True))
"""


def settings_under(environment):
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    result = run([BIN / "python", "-c", DUMP_SETTINGS], {**base, **environment})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.splitlines()[-1])
    values.pop("SECRET_KEY")  # a fresh random key each run
    return values


ODD_VALUES = dict.fromkeys(READ_BY_SETTINGS - CALLERS_SERVICES, "7")


@pytest.mark.parametrize(
    "shell",
    [DEVELOPER_SHELL, {**ODD_VALUES, **DEVELOPER_SHELL}],
    ids=["developer-shell", "every-variable-set"],
)
def test_the_callers_environment_changes_no_test_setting(shell):
    """A developer's exports, or every variable the settings read set oddly, change nothing."""
    assert {"DEBUG", "SITE_URL", "EMAIL_PORT", "LOG_LEVEL"} <= READ_BY_SETTINGS
    clean = settings_under({})
    changed = {
        name: value for name, value in settings_under(shell).items() if value != clean.get(name)
    }
    assert changed == {}


def test_the_suite_still_finds_its_services_in_the_callers_environment():
    """DATABASE_URL, REDIS_URL and CACHE_KEY_PREFIX say where the suite's services are."""
    values = settings_under(
        {
            "DATABASE_URL": "postgres://tester@db.example.org:5432/briefs_tests",
            "REDIS_URL": "redis://cache.example.org:6379/6",
            "CACHE_KEY_PREFIX": "tests-elsewhere",
        }
    )
    assert values["DATABASES"]["default"]["HOST"] == "db.example.org"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.example.org:6379/6"
    assert values["CACHES"]["default"]["KEY_PREFIX"] == "tests-elsewhere"
