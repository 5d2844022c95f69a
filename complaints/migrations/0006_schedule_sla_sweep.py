"""The SLA sweep runs every 15 minutes (django-q2 schedule, keyed by a stable name)."""

from django.db import migrations
from django.utils import timezone


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="complaints.sla_sweep",
        defaults={
            "func": "complaints.tasks.sla_sweep",
            "schedule_type": "C",
            "cron": "*/15 * * * *",  # at minutes 0, 15, 30 and 45 of every hour
            "repeats": -1,
            "next_run": timezone.now(),
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="complaints.sla_sweep").delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_sla_sweep_routing_queues"), ("django_q", "0018_task_success_index")]
    operations = [migrations.RunPython(schedule, unschedule)]
