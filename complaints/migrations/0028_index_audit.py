"""Index audit of the complaint table (docs/capacity.md "Indexes of the complaint table"): every update
of a complaint writes an entry into each of its indexes, so each index is kept only for a query that
needs it. Dropped: indexes no query uses (the team queue's, the number's LIKE index), one the covering
open-deadline index duplicates (complaint_open_due_idx), and foreign-key indexes of reference tables
only a rare deletion would read (root cause). The report's four time indexes become one
block-range index. Indexes of values few rows have (merged into, incident, responsible department, the
departments asked, an event's actor) hold those rows only.

Foreign-key indexes are dropped by name, not through AlterField: Django's AlterField would drop and
re-validate each foreign key, scanning every row under an exclusive lock (as in 0020)."""

import django.contrib.postgres.indexes
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (index, table, column) of the foreign-key indexes Django created with the fields.
FK_INDEXES = [
    ("complaints_complaint_incident_id_f4cf7816", "complaints_complaint", "incident_id"),
    ("complaints_complaint_merged_into_id_98451939", "complaints_complaint", "merged_into_id"),
    (
        "complaints_complaint_responsible_department_id_19ac0658",
        "complaints_complaint",
        "responsible_department_id",
    ),
    ("complaints_complaint_root_cause_id_da8a06be", "complaints_complaint", "root_cause_id"),
    ("complaints_complaintevent_actor_id_c0807bed", "complaints_complaintevent", "actor_id"),
]
# The unique number's second index for LIKE 'prefix%' (Django adds it to unique text columns): no query
# of the product searches numbers by prefix; equality uses the unique index. Not in the migration
# state, so dropped here only (an AlterField of `number` would create it again).
NUMBER_LIKE = "complaints_complaint_number_0bd00cd2_like"


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0027_reference_version_triggers"),
        ("customers", "0007_undelivered_shipments"),
        ("org", "0002_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="complaint", name="complaint_open_due_idx"),
        migrations.RemoveIndex(model_name="complaint", name="complaint_queue_idx"),
        migrations.RemoveIndex(model_name="complaint", name="complaint_resolved_idx"),
        migrations.RemoveIndex(model_name="complaint", name="complaint_closed_idx"),
        migrations.RemoveIndex(model_name="complaint", name="complaint_ack_due_idx"),
        migrations.RemoveIndex(model_name="complaint", name="complaint_statutory_due_idx"),
        migrations.RemoveIndex(model_name="complaint", name="complaint_consulted_idx"),
        migrations.RunSQL(
            f'DROP INDEX IF EXISTS "{NUMBER_LIKE}"',
            f'CREATE INDEX IF NOT EXISTS "{NUMBER_LIKE}" ON "complaints_complaint" ("number" varchar_pattern_ops)',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="complaint",
                    name="incident",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to="complaints.incident",
                        verbose_name="incident",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaint",
                    name="merged_into",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged_duplicates",
                        to="complaints.complaint",
                        verbose_name="merged into",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaint",
                    name="responsible_department",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.department",
                        verbose_name="responsible party (department)",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaint",
                    name="root_cause",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="complaints.rootcause",
                        verbose_name="root cause",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaintevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name, _table, _column in FK_INDEXES],
                    [
                        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")'
                        for name, table, column in FK_INDEXES
                    ],
                )
            ],
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("consulted_departments", []), _negated=True),
                fields=["consulted_departments"],
                name="complaint_consulted_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("responsible_department__isnull", False)),
                fields=["responsible_department"],
                name="complaint_responsible_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)),
                fields=["merged_into"],
                name="complaint_merged_into_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("incident__isnull", False)),
                fields=["incident"],
                name="complaint_incident_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=django.contrib.postgres.indexes.BrinIndex(
                autosummarize=True,
                fields=["resolved_at", "closed_at", "acknowledge_due", "statutory_due"],
                name="complaint_report_times_idx",
                pages_per_range=32,
            ),
        ),
        migrations.AddIndex(
            model_name="complaintevent",
            index=models.Index(
                condition=models.Q(("actor__isnull", False)),
                fields=["actor"],
                name="event_actor_idx",
            ),
        ),
    ]
