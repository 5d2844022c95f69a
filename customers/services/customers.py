from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer, UnmaskLog
from customers.phones import normalise_phone

# One statement finds the customer or inserts it (no savepoint, no second round trip). When a concurrent
# transaction inserted the same phone after this statement's snapshot, ON CONFLICT waits for it and does
# nothing, and neither part returns a row: the next statement sees the committed row.
UPSERT_SQL = """
WITH found AS (
    SELECT id, name, phone, email, is_vip, created_at FROM {table} WHERE phone = %(phone)s
), made AS (
    INSERT INTO {table} (name, phone, email, is_vip, created_at)
    SELECT %(name)s, %(phone)s, '', false, %(now)s WHERE NOT EXISTS (SELECT FROM found)
    ON CONFLICT (phone) DO NOTHING
    RETURNING id, name, phone, email, is_vip, created_at
)
SELECT * FROM found UNION ALL SELECT * FROM made
"""
UPSERT_COLUMNS = ["id", "name", "phone", "email", "is_vip", "created_at"]


def customer_get_or_create(*, name: str, phone: str) -> Customer:
    """The customer with this mobile number, created with `name` if new.

    The phone is the identity: an existing customer keeps the name on file (a courier's note of
    '张先生' must not overwrite the customer's real name); a blank name on file is filled in.
    Safe under concurrent calls (unique phone); one query when nothing is to be filled in.
    """
    phone, name = normalise_phone(phone), name.strip()
    sql = UPSERT_SQL.format(table=Customer._meta.db_table)
    with connection.cursor() as cursor:
        row = None
        for _attempt in range(3):
            cursor.execute(sql, {"phone": phone, "name": name, "now": timezone.now()})
            row = cursor.fetchone()
            if row is not None:
                break
    if row is None:
        raise RuntimeError(f"Could not find or record the customer {phone[-4:]}")
    customer = Customer.from_db(connection.alias, UPSERT_COLUMNS, row)
    if not customer.name and name:
        customer.name = name
        customer.save(update_fields=["name"])
    return customer


UNMASK_PERMISSION = "complaints.unmask_personal_data"


def customer_unmask(*, actor, customer: Customer, purpose: str) -> Customer:
    """Allow `actor` to be shown `customer`'s name and phone unmasked, and record that it happened.

    PermissionDenied without the unmask permission (then nothing is recorded). The caller shows the
    data; the record names who, whom, when and why, never the data itself."""
    if not actor.has_perm(UNMASK_PERMISSION):
        raise PermissionDenied(_("You may not see unmasked personal data."))
    UnmaskLog.objects.create(actor=actor, customer=customer, purpose=purpose)
    return customer
