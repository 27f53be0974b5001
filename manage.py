#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.safety import UnsafeConfiguration

    try:
        execute_from_command_line(sys.argv)
    except UnsafeConfiguration as error:
        sys.exit(f"Refusing to start: {error}")


if __name__ == "__main__":
    main()
