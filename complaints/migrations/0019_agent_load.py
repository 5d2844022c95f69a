"""Each colleague's open load, kept by triggers; filled here from a recount of the open complaints."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


OPEN = "'received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened'"

RECOUNT = f"""
INSERT INTO complaints_agentload (user_id, owned, assigned)
SELECT user_id, sum(owned), sum(assigned)
  FROM (SELECT owner_id AS user_id, count(*) AS owned, 0 AS assigned FROM complaints_complaint
         WHERE status IN ({OPEN}) AND owner_id IS NOT NULL GROUP BY owner_id
        UNION ALL
        SELECT assignee_id, 0, count(*) FROM complaints_complaint
         WHERE status IN ({OPEN}) AND assignee_id IS NOT NULL GROUP BY assignee_id) counts
 GROUP BY user_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('complaints', '0018_event_redaction'),
    ]

    operations = [
        migrations.CreateModel(
            name='AgentLoad',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='open_load', serialize=False, to=settings.AUTH_USER_MODEL, verbose_name='colleague')),
                ('owned', models.IntegerField(default=0, verbose_name='open complaints owned')),
                ('assigned', models.IntegerField(default=0, verbose_name='open complaints assigned')),
            ],
            options={
                'verbose_name': 'open load',
                'verbose_name_plural': 'open loads',
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='complaint',
            trigger=pgtrigger.compiler.Trigger(name='agent_load_insert_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n    INSERT INTO complaints_agentload AS load (user_id, owned, assigned)\n    SELECT user_id, sum(owned), sum(assigned)\n      FROM (VALUES (CASE WHEN OLD.status IN ('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened') THEN OLD.owner_id END, -1, 0),\n                   (CASE WHEN OLD.status IN ('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened') THEN OLD.assignee_id END, 0, -1),\n                   (CASE WHEN NEW.status IN ('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened') THEN NEW.owner_id END, 1, 0),\n                   (CASE WHEN NEW.status IN ('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened') THEN NEW.assignee_id END, 0, 1))\n           AS change (user_id, owned, assigned)\n     WHERE user_id IS NOT NULL\n     GROUP BY user_id\n    HAVING sum(owned) <> 0 OR sum(assigned) <> 0\n     ORDER BY user_id\n    ON CONFLICT (user_id) DO UPDATE\n       SET owned = load.owned + EXCLUDED.owned, assigned = load.assigned + EXCLUDED.assigned;\n    RETURN NULL;\n    ", hash='2f5d2dd5e0402051fbbd4e3c340fe2622035f119', operation='INSERT OR DELETE', pgid='pgtrigger_agent_load_insert_delete_76d37', table='complaints_complaint', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='complaint',
            trigger=pgtrigger.compiler.Trigger(name='agent_load_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."assignee_id" IS DISTINCT FROM (NEW."assignee_id") OR OLD."owner_id" IS DISTINCT FROM (NEW."owner_id") OR OLD."status" IS DISTINCT FROM (NEW."status"))', func="\n    INSERT INTO complaints_agentload AS load (user_id, owned, assigned)\n    SELECT user_id, sum(owned), sum(assigned)\n      FROM (VALUES (CASE WHEN OLD.status IN ('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened') THEN OLD.owner_id END, -1, 0),\n                   (CASE WHEN OLD.status IN ('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened') THEN OLD.assignee_id END, 0, -1),\n                   (CASE WHEN NEW.status IN ('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened') THEN NEW.owner_id END, 1, 0),\n                   (CASE WHEN NEW.status IN ('received', 'acknowledged', 'investigating', 'awaiting_customer', 'pending_approval', 'proposed', 'reopened') THEN NEW.assignee_id END, 0, 1))\n           AS change (user_id, owned, assigned)\n     WHERE user_id IS NOT NULL\n     GROUP BY user_id\n    HAVING sum(owned) <> 0 OR sum(assigned) <> 0\n     ORDER BY user_id\n    ON CONFLICT (user_id) DO UPDATE\n       SET owned = load.owned + EXCLUDED.owned, assigned = load.assigned + EXCLUDED.assigned;\n    RETURN NULL;\n    ", hash='b7c8a7e388a5ac0d77b7a6d8acada91bf550cf5f', operation='UPDATE', pgid='pgtrigger_agent_load_update_1c3bc', table='complaints_complaint', when='AFTER')),
        ),
        migrations.RunSQL(RECOUNT, migrations.RunSQL.noop),
    ]
