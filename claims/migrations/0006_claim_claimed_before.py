"""Claims remember what the shipment's other claims for the same loss had taken (existing claims: 0)."""


import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0005_rule_labels'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='claim',
            name='claim_amounts_not_negative',
        ),
        migrations.AddField(
            model_name='claim',
            name='claimed_before',
            field=models.DecimalField(db_default=Decimal('0'), decimal_places=2, default=Decimal('0'), help_text="What the shipment's other claims for the same loss had taken when this claim was made; the cap is what the rule allows less this.", max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'), message='The amount cannot be negative.')], verbose_name='already claimed on the shipment'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('actual_loss__gte', 0), ('cap__gte', 0), ('claimed_before__gte', 0), ('proposed_amount__gte', 0)), name='claim_amounts_not_negative'),
        ),
    ]
