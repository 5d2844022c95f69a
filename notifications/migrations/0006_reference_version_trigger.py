"""Writes to the cached reference tables bump the reference version (infra/refdata.py)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0005_fewer_indexes'),
        ('infra', '0003_reference_version'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='noticetemplate',
            trigger=pgtrigger.compiler.Trigger(name='reference_version', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        INSERT INTO infra_referenceversion (id, version) VALUES (1, nextval('infra_reference_version_seq'))\n        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;\n        RETURN NULL;\n        ", hash='d20a65f181a36970eb512d143cd9bfbf5770faa1', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_reference_version_0fff0', table='notifications_noticetemplate', when='AFTER')),
        ),
    ]
