"""manage.py seed_demo: demo data for trying the product (idempotent; a second run changes nothing)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from complaints.demo import seed_complaints
from customers.demo import seed_shipments
from org.demo import USERS, SeedCounts, seed_organisation

LABELS = {
    "departments": gettext_noop("Departments"),
    "users": gettext_noop("Users"),
    "products": gettext_noop("Products"),
    "shipments": gettext_noop("Shipments"),
    "routing rules": gettext_noop("Routing rules"),
    "standard replies": gettext_noop("Standard replies"),
    "complaints": gettext_noop("Complaints"),
    "claims": gettext_noop("Claims"),
}


class Command(BaseCommand):
    help = "Create the demo organisation, users, products, customers, shipments and complaints (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="set every demo user's password to DEMO_PASSWORD again",
        )

    def handle(self, *args, reset_passwords: bool = False, **options) -> None:
        counts = SeedCounts()
        with transaction.atomic():
            seed_organisation(counts, reset_passwords=reset_passwords)
            seed_shipments(counts)
            seed_complaints(counts)
        for key, label in LABELS.items():
            self.stdout.write(
                _("%(what)s: %(created)d created, %(existing)d already there")
                % {
                    "what": _(label),
                    "created": counts.created.get(key, 0),
                    "existing": counts.existing.get(key, 0),
                }
            )
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": settings.DEMO_PASSWORD})
        for username, display_name, _role, _department in USERS:
            self.stdout.write(f"  {username:<12} {display_name}")
        for username, key in counts.tokens.items():
            self.stdout.write(_("API token of %(user)s: %(key)s") % {"user": username, "key": key})
