"""An index on django-q2's task table for the last run of each schedule (its tasks' group is the
schedule's name): /metrics and /readyz read max(stopped) per group, and failed runs are never pruned."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("django_q", "0018_task_success_index")]
    operations = [
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS ops_task_group_stopped_idx ON django_q_task ("group", stopped)',
            "DROP INDEX IF EXISTS ops_task_group_stopped_idx",
        )
    ]
