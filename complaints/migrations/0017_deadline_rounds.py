"""Handling rounds (docs/deadlines.md): a reopening starts a new round with its own statutory period
(a regulator appeal's re-handling: 5 calendar days), pauses count per round, and resolve_due never
exceeds statutory_due, reopened complaints included.

Existing reopened complaints get the start of their round from their last `reopen` event and a
statutory date from it (the first one is kept in original_statutory_due); an open one keeps its
answer-by date when later, else gets the policy's working days from the reopening, capped by the new
statutory date. Rows whose reopening left no event keep their dates, capped."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery

OPEN_STATES = ["received", "acknowledged", "investigating", "awaiting_customer", "pending_approval",
               "proposed", "reopened"]
APPEAL_REHANDLING_DAYS = 5


def appeal_rehandling(apps, schema_editor):
    """Regulator appeals: a re-handling request is answered within 5 calendar days (idempotent)."""
    SlaPolicy = apps.get_model("complaints", "SlaPolicy")
    SlaPolicy.objects.filter(kind="appeal", rehandling_calendar_days__isnull=True).update(
        rehandling_calendar_days=APPEAL_REHANDLING_DAYS
    )


def rounds(apps, schema_editor):
    from complaints.workdays import WorkingCalendar

    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    SlaPolicy = apps.get_model("complaints", "SlaPolicy")
    CalendarOverride = apps.get_model("complaints", "CalendarOverride")
    Complaint.objects.filter(reopen_count=0, paused_seconds__gt=0).update(
        round_paused_seconds=F("paused_seconds")
    )
    calendar = WorkingCalendar(dict(CalendarOverride.objects.values_list("date", "is_working_day")))
    policies = {(p.kind, p.severity): p for p in SlaPolicy.objects.all()}
    last_reopen = ComplaintEvent.objects.filter(complaint_id=OuterRef("pk"), name="reopen").order_by("-at")
    reopened = (
        Complaint.objects.filter(reopen_count__gt=0)
        .annotate(last_reopen=Subquery(last_reopen.values("at")[:1]))
        .only("pk", "kind", "severity", "status", "resolve_due", "statutory_due")
        .order_by("pk")
    )
    batch = []
    for complaint in reopened.iterator(chunk_size=2000):
        start = complaint.last_reopen
        policy = policies.get((complaint.kind, complaint.severity))
        if start is not None and policy is not None:
            days = policy.rehandling_calendar_days or policy.statutory_calendar_days
            statutory = calendar.calendar_days_deadline(start, days)
            complaint.reopened_at = start
            complaint.original_statutory_due = complaint.statutory_due
            complaint.statutory_due = statutory
            if complaint.status in OPEN_STATES:
                tier = calendar.working_days_deadline(start, policy.resolve_working_days)
                complaint.resolve_due = max(complaint.resolve_due, tier)
        complaint.resolve_due = min(complaint.resolve_due, complaint.statutory_due)
        batch.append(complaint)
        if len(batch) >= 2000:
            _save(Complaint, batch)
            batch = []
    _save(Complaint, batch)
    Complaint.objects.filter(resolve_due__gt=F("statutory_due")).update(resolve_due=F("statutory_due"))


def _save(Complaint, batch):
    Complaint.objects.bulk_update(
        batch, ["reopened_at", "original_statutory_due", "statutory_due", "resolve_due"], batch_size=1000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0016_channel_bindings'),
        ('customers', '0003_remove_shipment_customers_s_shipped_17d9fe_idx_and_more'),
        ('org', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='complaint',
            name='complaint_resolve_due_within_statutory',
        ),
        migrations.AddField(
            model_name='complaint',
            name='original_statutory_due',
            field=models.DateTimeField(blank=True, null=True, verbose_name='first statutory deadline'),
        ),
        migrations.AddField(
            model_name='complaint',
            name='reopened_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='reopened at (start of this handling round)'),
        ),
        migrations.AddField(
            model_name='complaint',
            name='round_paused_seconds',
            field=models.PositiveIntegerField(db_default=0, default=0, verbose_name='working time paused in this round (s)'),
        ),
        migrations.AddField(
            model_name='slapolicy',
            name='rehandling_calendar_days',
            field=models.PositiveSmallIntegerField(blank=True, help_text="A reopened complaint starts a new statutory period from the reopening: this many calendar days (a regulator appeal's re-handling: 5), or, when empty, the statutory limit again.", null=True, verbose_name='statutory limit after a reopening (calendar days)'),
        ),
        migrations.AlterField(
            model_name='complaint',
            name='extended_days',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='working days extended in this round'),
        ),
        migrations.RunPython(appeal_rehandling, migrations.RunPython.noop),
        migrations.RunPython(rounds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='complaint',
            constraint=models.CheckConstraint(condition=models.Q(('resolve_due__lte', models.F('statutory_due'))), name='complaint_resolve_due_within_statutory'),
        ),
    ]
