#!/usr/bin/env python
"""Django's command-line utility."""

import os
import sys


def main() -> None:
    # Production sets DATABASE_URL and DJANGO_SECRET_KEY; on a developer machine
    # `python -m config.embedded_db -- python manage.py <command>` provides both (README).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
