"""The nightly jobs (django-q2 schedules keyed by stable names; catch-up is off in Q_CLUSTER and cron
times are Asia/Shanghai, the cluster's time zone)."""

from django.db import migrations
from django.utils import timezone

SCHEDULES = {
    "analytics.nightly_snapshot": ("analytics.tasks.nightly_snapshot", "0 1 * * *"),  # 01:00
    "analytics.monthly_report": ("analytics.tasks.monthly_report", "0 2 1 * *"),  # the 1st, 02:00
    "analytics.retention": ("analytics.tasks.retention", "30 3 * * *"),  # 03:30
    "analytics.calendar_check": ("analytics.tasks.calendar_check", "0 9 * 12 *"),  # December, 09:00
}


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, (func, cron) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": "C",
                "cron": cron,
                "repeats": -1,
                "next_run": timezone.now(),
            },
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial"), ("django_q", "0018_task_success_index")]
    operations = [migrations.RunPython(schedule, unschedule)]
