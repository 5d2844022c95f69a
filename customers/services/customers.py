from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from customers.models import Customer, UnmaskLog
from customers.phones import normalise_phone


def customer_get_or_create(*, name: str, phone: str) -> Customer:
    """The customer with this mobile number, created with `name` if new.

    The phone is the identity: an existing customer keeps the name on file (a courier's note of
    '张先生' must not overwrite the customer's real name); a blank name on file is filled in.
    Safe under concurrent calls (unique phone; get_or_create retries on the conflict).
    """
    phone = normalise_phone(phone)
    customer, created = Customer.objects.get_or_create(phone=phone, defaults={"name": name.strip()})
    if not created and not customer.name and name.strip():
        customer.name = name.strip()
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
