"""The regulator's category taxonomy (CONTRACT.md) and the root causes; managers edit both in admin."""

from django.db import migrations

# (code, name, default severity); a first level's severity is the default for "first level alone".
CATEGORIES = [
    ("delay", "延误", "complex"),
    ("delay.transit", "中转/运输延误", "complex"),
    ("delay.delivery", "派送延误", "complex"),
    ("delivery", "投递服务", "complex"),
    ("delivery.attitude", "服务态度", "simple"),
    ("delivery.fake_signature", "虚假签收", "complex"),
    ("delivery.wrong_address", "未按名址投递", "complex"),
    ("delivery.locker_without_consent", "未经同意投柜/投站", "complex"),
    ("delivery.no_notice", "未通知收件人", "simple"),
    ("loss", "丢失短少", "major"),
    ("loss.lost", "丢失", "major"),
    ("loss.shortage", "内件短少", "major"),
    ("damage", "损毁", "major"),
    ("damage.broken", "损毁", "major"),
    ("pickup", "收寄服务", "simple"),
    ("pickup.refused", "拒收寄件", "simple"),
    ("pickup.late_pickup", "上门揽收不及时", "simple"),
    ("fee", "违规收费", "complex"),
    ("fee.overcharge", "违规收费", "complex"),
    ("cod", "代收货款", "complex"),
    ("cod.late_payment", "货款未及时返还", "complex"),
    ("other", "其他", "simple"),
    ("other.compensation_dispute", "对赔偿不满", "complex"),
    ("other.other", "其他", "simple"),
]

ROOT_CAUSES = [
    ("pickup", "网点收寄"),
    ("sorting", "分拣中心"),
    ("linehaul", "干线运输"),
    ("last_mile", "末端派送"),
    ("customer_service", "客服"),
    ("system", "系统与信息"),
    ("customer", "客户原因"),
    ("third_party", "第三方/不可抗力"),
]


def create_taxonomy(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    RootCause = apps.get_model("complaints", "RootCause")
    firsts = {}
    for order, (code, name, severity) in enumerate(CATEGORIES):
        first, _, reason = code.partition(".")
        category, _ = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "default_severity": severity, "sort_order": order,
                "parent": firsts.get(first) if reason else None,
            },
        )
        if not reason:
            firsts[first] = category
    for order, (code, name) in enumerate(ROOT_CAUSES):
        RootCause.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(create_taxonomy, migrations.RunPython.noop)]
