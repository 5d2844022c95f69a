"""The first manager of a new installation (docs/deploy.md); never demo data."""

from __future__ import annotations

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from org.services import manager_create


class Command(BaseCommand):
    help = (
        "Create a manager account (role manager, Django admin) in a customer-service department. The "
        "password comes from the environment variable MANAGER_PASSWORD, or is asked for twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--display-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--department", default="CS-HQ", help="department code (made if missing)")
        parser.add_argument("--department-name", default="客服中心")

    def handle(self, *args, username: str, display_name: str, email: str, department: str,
               department_name: str, **options) -> None:  # fmt: skip
        password = os.environ.get("MANAGER_PASSWORD") or self._ask()
        try:
            user = manager_create(
                username=username,
                password=password,
                display_name=display_name,
                email=email,
                department_code=department,
                department_name=department_name,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Manager {user.username} created (department {department}).")

    def _ask(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("Set MANAGER_PASSWORD, or run the command in a terminal to type the password.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first
