from decimal import Decimal

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

RULES = [
    ("loss_share", "按损失比例（10%）", Decimal("10"), None),
    ("conduct", "服务态度（固定 50 元）", None, Decimal("50")),
]
ROLE_PERMISSIONS = {
    "manager": ["claims.view_penalty", "claims.add_penalty", "claims.change_penalty", "claims.view_penaltyrule",
                "claims.add_penaltyrule", "claims.change_penaltyrule"],
    "supervisor": ["claims.view_penalty", "claims.add_penalty", "claims.view_penaltyrule"],
    "expert": ["claims.view_penalty", "claims.add_penalty", "claims.view_penaltyrule"],
    "auditor": ["claims.view_penalty", "claims.view_penaltyrule"],
    "department_staff": ["claims.view_penalty"],
}


def forwards(apps, schema_editor):
    PenaltyRule = apps.get_model("claims", "PenaltyRule")
    for code, name, share, fixed in RULES:
        PenaltyRule.objects.get_or_create(code=code, defaults={"name": name, "loss_percentage": share,
                                                               "fixed_amount": fixed})
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
    dependencies = [("claims", "0003_penalties"), ("org", "0002_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
