from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

# Managers see and unlock lockouts; auditors and supervisors see them.
ROLE_PERMISSIONS = {
    "manager": ["infra.view_loginlockout", "infra.delete_loginlockout"],
    "supervisor": ["infra.view_loginlockout"],
    "auditor": ["infra.view_loginlockout"],
}


def forwards(apps, schema_editor):
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
    dependencies = [
        ("infra", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("org", "0002_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginLockout",
            fields=[],
            options={"verbose_name": "login lockout", "verbose_name_plural": "login lockouts", "proxy": True},
            bases=("axes.accessattempt",),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
