"""The staff roles as Django groups, with the model permissions of step 1.

Later steps add their permissions in migrations of their own. The permission rows are created here
first because Django only creates them after the whole migrate run (post_migrate).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_DOMAIN = [
    "org.view_department", "org.view_staffprofile",
    "customers.view_customer", "customers.view_product", "customers.view_shipment",
    "complaints.view_category", "complaints.view_rootcause",
]
ALL_DOMAIN = [
    f"{app}.{action}_{model}"
    for app, model in [
        ("org", "department"), ("org", "staffprofile"), ("customers", "customer"), ("customers", "product"),
        ("customers", "shipment"), ("complaints", "category"), ("complaints", "rootcause"),
    ]
    for action in ("add", "change", "delete", "view")
]

ROLE_PERMISSIONS = {
    "agent": [
        "org.view_department", "customers.view_customer", "customers.view_product", "customers.view_shipment",
        "complaints.view_category", "complaints.view_rootcause",
    ],
    "supervisor": VIEW_DOMAIN,
    "expert": VIEW_DOMAIN,
    "manager": ALL_DOMAIN + ["auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group"],
    "auditor": VIEW_DOMAIN + ["auth.view_user", "auth.view_group"],
    "department_staff": [
        "org.view_department", "customers.view_shipment", "complaints.view_category", "complaints.view_rootcause",
    ],
    "channel": ["complaints.view_category"],
    "operations": [
        "customers.add_shipment", "customers.change_shipment", "customers.view_shipment",
        "customers.view_product", "org.view_department",
    ],
}


def create_roles(apps, schema_editor):
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def drop_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("customers", "0001_initial"),
        ("complaints", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, drop_roles)]
