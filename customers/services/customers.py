from __future__ import annotations

from customers.models import Customer
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
