"""Shipments keep the names on their waybill; shipments fed before keep '' (the customer's name stands in)."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0004_unmask_log'),
    ]

    operations = [
        migrations.AddField(
            model_name='shipment',
            name='recipient_name',
            field=models.CharField(blank=True, db_default='', max_length=64, verbose_name="recipient's name on the waybill"),
        ),
        migrations.AddField(
            model_name='shipment',
            name='sender_name',
            field=models.CharField(blank=True, db_default='', max_length=64, verbose_name="sender's name on the waybill"),
        ),
    ]
