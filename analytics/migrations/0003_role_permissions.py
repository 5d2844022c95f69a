"""Who reads and builds the monthly report and tracks improvement actions."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["analytics.view_monthlyreport", "analytics.view_improvementaction", "analytics.view_jobrun",
        "analytics.view_dailysnapshot"]
ROLE_PERMISSIONS = {
    "supervisor": READ,
    "expert": READ,
    "auditor": READ,
    "manager": [*READ, "analytics.add_monthlyreport", "analytics.add_improvementaction",
                "analytics.change_improvementaction", "analytics.delete_improvementaction"],
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
    dependencies = [("analytics", "0002_schedules"), ("org", "0002_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
