#!/usr/bin/env python
"""Django's command-line utility."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if not os.environ.get("DJANGO_SECRET_KEY") and not os.environ.get("DJANGO_SECRET_KEY_FILE"):
        # Local use on the embedded database: the checkout's own key (production sets one explicitly).
        if not os.environ.get("DATABASE_URL"):
            from config.embedded_db import local_secret_key_file

            os.environ["DJANGO_SECRET_KEY_FILE"] = str(local_secret_key_file())
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
