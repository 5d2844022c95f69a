from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "manager": ["view_noticetemplate", "add_noticetemplate", "change_noticetemplate", "delete_noticetemplate"],
    "auditor": ["view_noticetemplate"],
}


def forwards(apps, schema_editor):
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for codename in codenames:
            group.permissions.add(Permission.objects.get(content_type__app_label="notifications", codename=codename))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_notice_templates"), ("org", "0002_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
