from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "agent": ["complaints.view_standardreply", "complaints.add_contact", "complaints.view_contact"],
    "supervisor": ["complaints.view_standardreply", "complaints.add_contact", "complaints.view_contact",
                   "complaints.view_routingrule"],
    "expert": ["complaints.view_standardreply", "complaints.add_contact", "complaints.view_contact"],
    "manager": [
        "complaints.view_standardreply", "complaints.add_standardreply", "complaints.change_standardreply",
        "complaints.delete_standardreply", "complaints.add_contact", "complaints.view_contact",
        "complaints.view_routingrule", "complaints.add_routingrule", "complaints.change_routingrule",
        "complaints.delete_routingrule", "notifications.view_notification",
    ],
    "auditor": ["complaints.view_standardreply", "complaints.view_contact", "complaints.view_routingrule",
                "notifications.view_notification"],
    "channel": ["complaints.add_contact"],
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
    dependencies = [("complaints", "0007_replies_and_contacts"), ("notifications", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
