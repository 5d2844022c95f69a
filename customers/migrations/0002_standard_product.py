from decimal import Decimal

from django.db import migrations


def create_standard(apps, schema_editor):
    apps.get_model("customers", "Product").objects.get_or_create(
        code="standard", defaults={"name": "标准快递", "uninsured_cap_multiplier": Decimal("3")}
    )


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]
    operations = [migrations.RunPython(create_standard, migrations.RunPython.noop)]
