"""Foreign-key indexes that a composite index already serves: one index less to write on every insert
and every update that moves the row. Only the indexes are dropped (Django's own AlterField would drop
and re-validate each foreign key, scanning every row under an exclusive lock)."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

INDEXES = {
    "complaints_complaint_assignee_id_8087f657": ("complaints_complaint", "assignee_id"),
    "complaints_complaint_customer_id_299bf0f5": ("complaints_complaint", "customer_id"),
    "complaints_complaint_department_id_8d225aac": ("complaints_complaint", "department_id"),
    "complaints_complaint_owner_id_f72a6213": ("complaints_complaint", "owner_id"),
    "complaints_complaint_queue_department_id_4545b217": ("complaints_complaint", "queue_department_id"),
    "complaints_complaintevent_complaint_id_a1a34219": ("complaints_complaintevent", "complaint_id"),
}


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0019_agent_load'),
        ('customers', '0005_waybill_party_names'),
        ('org', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='complaint',
                    name='assignee',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_complaints', to=settings.AUTH_USER_MODEL, verbose_name='handler'),
                ),
                migrations.AlterField(
                    model_name='complaint',
                    name='customer',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='customers.customer', verbose_name='customer'),
                ),
                migrations.AlterField(
                    model_name='complaint',
                    name='department',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='org.department', verbose_name='responsible department'),
                ),
                migrations.AlterField(
                    model_name='complaint',
                    name='owner',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='owned_complaints', to=settings.AUTH_USER_MODEL, verbose_name='first-responsible owner'),
                ),
                migrations.AlterField(
                    model_name='complaint',
                    name='queue_department',
                    field=models.ForeignKey(blank=True, db_index=False, help_text='The customer-service team whose queue the complaint is in (set by routing; moves with the owner).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='queued_complaints', to='org.department', verbose_name='handling team'),
                ),
                migrations.AlterField(
                    model_name='complaintevent',
                    name='complaint',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='complaints.complaint', verbose_name='complaint'),
                ),
                ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in INDEXES],
                    [f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")' for name, (table, column) in INDEXES.items()],
                )
            ],
        ),
    ]
