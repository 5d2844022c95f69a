"""The reference data version (infra/refdata.py): its one row and the sequence its numbers come from."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('infra', '0002_login_lockout'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReferenceVersion',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('version', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'reference data version',
                'verbose_name_plural': 'reference data version',
            },
        ),
        migrations.RunSQL(
            "CREATE SEQUENCE infra_reference_version_seq;"
            " INSERT INTO infra_referenceversion (id, version) VALUES (1, nextval('infra_reference_version_seq'));",
            "DROP SEQUENCE infra_reference_version_seq;",
        ),
    ]
