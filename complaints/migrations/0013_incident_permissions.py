from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "manager": ["complaints.view_incident", "complaints.add_incident", "complaints.change_incident"],
    "auditor": ["complaints.view_incident"],
    "supervisor": ["complaints.view_incident"],
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
    dependencies = [("complaints", "0012_incidents")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
