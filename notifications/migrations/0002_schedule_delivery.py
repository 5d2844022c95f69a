"""Due notices (first attempts missed by the queue, and retries) are delivered every minute."""

from django.db import migrations
from django.utils import timezone


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="notifications.deliver_due",
        defaults={
            "func": "notifications.tasks.deliver_due",
            "schedule_type": "C",
            "cron": "* * * * *",  # every minute
            "repeats": -1,
            "next_run": timezone.now(),
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="notifications.deliver_due").delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial"), ("django_q", "0018_task_success_index")]
    operations = [migrations.RunPython(schedule, unschedule)]
