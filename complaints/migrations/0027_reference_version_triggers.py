"""Writes to the cached reference tables bump the reference version (infra/refdata.py)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0026_list_and_dashboard_indexes'),
        ('infra', '0003_reference_version'),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name='calendaroverride',
            trigger=pgtrigger.compiler.Trigger(name='reference_version', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        INSERT INTO infra_referenceversion (id, version) VALUES (1, nextval('infra_reference_version_seq'))\n        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;\n        RETURN NULL;\n        ", hash='6fd02cb804348be2b0792842636baae2d7b83216', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_reference_version_f55b9', table='complaints_calendaroverride', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='category',
            trigger=pgtrigger.compiler.Trigger(name='reference_version', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        INSERT INTO infra_referenceversion (id, version) VALUES (1, nextval('infra_reference_version_seq'))\n        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;\n        RETURN NULL;\n        ", hash='62b1afba63334f52f1f66a3dbf4a9baf3a82fa05', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_reference_version_597cf', table='complaints_category', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='channelbinding',
            trigger=pgtrigger.compiler.Trigger(name='reference_version', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        INSERT INTO infra_referenceversion (id, version) VALUES (1, nextval('infra_reference_version_seq'))\n        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;\n        RETURN NULL;\n        ", hash='ce24448197e0ea591b96eab569e9c2453cf2d124', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_reference_version_ba5ae', table='complaints_channelbinding', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='classificationrule',
            trigger=pgtrigger.compiler.Trigger(name='reference_version', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        INSERT INTO infra_referenceversion (id, version) VALUES (1, nextval('infra_reference_version_seq'))\n        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;\n        RETURN NULL;\n        ", hash='98e24fe6e237f823a7b228303b44399b75c48183', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_reference_version_4a231', table='complaints_classificationrule', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='routingrule',
            trigger=pgtrigger.compiler.Trigger(name='reference_version', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        INSERT INTO infra_referenceversion (id, version) VALUES (1, nextval('infra_reference_version_seq'))\n        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;\n        RETURN NULL;\n        ", hash='8d7a22eb5de073aba254eab3e5d35f663727bc9a', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_reference_version_a81e8', table='complaints_routingrule', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='slapolicy',
            trigger=pgtrigger.compiler.Trigger(name='reference_version', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        INSERT INTO infra_referenceversion (id, version) VALUES (1, nextval('infra_reference_version_seq'))\n        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;\n        RETURN NULL;\n        ", hash='30cb4aa41bc8da1e390d26bf908a1a589cb79ced', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE OR TRUNCATE', pgid='pgtrigger_reference_version_71a5f', table='complaints_slapolicy', when='AFTER')),
        ),
    ]
