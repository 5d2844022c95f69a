"""Default authority matrix (agent ≤ ¥200, supervisor and expert ≤ ¥2,000, manager unlimited) and the
claim permissions of each role."""

from decimal import Decimal

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

LIMITS = {"agent": Decimal("200"), "supervisor": Decimal("2000"), "expert": Decimal("2000"), "manager": None}
VIEW = ["claims.view_claim", "claims.view_authoritylimit"]
ROLE_PERMISSIONS = {
    "agent": VIEW + ["claims.add_claim"],
    "supervisor": VIEW + ["claims.add_claim"],
    "expert": VIEW + ["claims.add_claim"],
    "manager": VIEW + ["claims.add_claim", "claims.add_authoritylimit", "claims.change_authoritylimit"],
    "auditor": VIEW,
    "channel": [],
}


def forwards(apps, schema_editor):
    AuthorityLimit = apps.get_model("claims", "AuthorityLimit")
    for role, amount in LIMITS.items():
        AuthorityLimit.objects.get_or_create(role=role, defaults={"max_amount": amount})
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("org", "0002_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
