"""Starting keyword rules for channel complaints without a category (managers refine them in admin)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

RULES = [
    (10, "签收,冒签,代签", "delivery.fake_signature"),
    (20, "快递柜,丰巢,驿站,投柜", "delivery.locker_without_consent"),
    (30, "丢失,丢了,找不到,没收到", "loss.lost"),
    (40, "少了,短少,缺少", "loss.shortage"),
    (50, "破损,损坏,摔坏,碎了", "damage.broken"),
    (60, "态度,骂,不耐烦", "delivery.attitude"),
    (70, "延误,太慢,好几天,没更新,滞留", "delay.transit"),
    (80, "多收,乱收费,收费", "fee.overcharge"),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    Rule = apps.get_model("complaints", "ClassificationRule")
    for priority, keywords, code in RULES:
        Rule.objects.get_or_create(keywords=keywords, defaults={"priority": priority,
                                                                "category": Category.objects.get(code=code)})
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in {
        "manager": ["view_classificationrule", "add_classificationrule", "change_classificationrule",
                    "delete_classificationrule"],
        "supervisor": ["view_classificationrule"],
        "auditor": ["view_classificationrule"],
    }.items():
        group = Group.objects.get(name=role)
        for codename in codenames:
            group.permissions.add(Permission.objects.get(content_type__app_label="complaints", codename=codename))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0009_classification_rules"), ("org", "0002_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
