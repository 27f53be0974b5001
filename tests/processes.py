"""Running the project as separate processes, the way production starts it."""

import os
import subprocess
import sys

from django.core.management.utils import get_random_secret_key

from loadtest.server import BIN, ROOT

__all__ = ["BIN", "manage", "production_env", "run"]


def production_env(**overrides):
    """A clean production environment: DEBUG off, a real key, one host and its address."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": "briefs.example.org",
        "SITE_URL": "https://briefs.example.org",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run(args, env, timeout=120):
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def manage(*args, env, timeout=120):
    return run([sys.executable, "manage.py", *args], env=env, timeout=timeout)
