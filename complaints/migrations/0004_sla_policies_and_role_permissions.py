"""Default SLA policies (seed 002: 1 / 3 / 5 working days; 快递暂行条例: 7 calendar days; appeals: 15)
and the complaint permissions of each role."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

POLICIES = [
    # kind, severity, working days, statutory calendar days
    ("complaint", "simple", 1, 7),
    ("complaint", "complex", 3, 7),
    ("complaint", "major", 5, 7),
    ("appeal", "simple", 1, 15),
    ("appeal", "complex", 3, 15),
    ("appeal", "major", 5, 15),
]

VIEW = ["complaints.view_complaint", "complaints.view_complaintevent", "complaints.view_attachment",
        "complaints.view_slapolicy", "complaints.view_calendaroverride"]
ROLE_PERMISSIONS = {
    "agent": VIEW + ["complaints.add_complaint", "complaints.add_attachment"],
    "supervisor": VIEW + ["complaints.add_complaint", "complaints.add_attachment", "complaints.unmask_personal_data"],
    "expert": VIEW + ["complaints.add_complaint", "complaints.add_attachment", "complaints.unmask_personal_data"],
    "manager": VIEW + [
        "complaints.add_complaint", "complaints.add_attachment", "complaints.unmask_personal_data",
        "complaints.add_slapolicy", "complaints.change_slapolicy",
        "complaints.add_calendaroverride", "complaints.change_calendaroverride", "complaints.delete_calendaroverride",
    ],
    "auditor": VIEW,
    "department_staff": ["complaints.view_complaint", "complaints.view_complaintevent", "complaints.view_attachment",
                         "complaints.add_attachment"],
    "channel": ["complaints.view_complaint", "complaints.add_complaint", "complaints.view_complaintevent",
                "complaints.add_attachment"],
}


def forwards(apps, schema_editor):
    SlaPolicy = apps.get_model("complaints", "SlaPolicy")
    for kind, severity, days, statutory in POLICIES:
        SlaPolicy.objects.get_or_create(
            kind=kind, severity=severity,
            defaults={"resolve_working_days": days, "statutory_calendar_days": statutory},
        )
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
    dependencies = [("complaints", "0003_complaint_lifecycle"), ("org", "0002_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
