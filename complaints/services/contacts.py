"""Consultations and feedback: recorded so that they are counted (seed 004)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Channel, Contact
from customers.masking import mask_id_numbers
from customers.phones import normalise_phone
from customers.services import customer_get_or_create


def contact_record(
    *,
    actor,
    channel: str,
    kind: str,
    customer_name: str,
    customer_phone: str | None,
    text: str,
    answer: str = "",
    sentiment: str = "",
) -> Contact:
    """Record a consultation (answered on the spot) or a piece of feedback (positive, negative,
    suggestion). Validates everything first; writes one row. The actor files only under its channels."""
    from complaints.services.intake import check_filing_channel

    errors = {}
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    else:
        check_filing_channel(actor=actor, channel=channel)
    if kind not in Contact.Kind.values:
        errors["kind"] = _("Unknown kind.")
    if kind == Contact.Kind.FEEDBACK and sentiment not in Contact.Sentiment.values:
        errors["sentiment"] = _("Say whether the feedback is positive, negative or a suggestion.")
    if kind == Contact.Kind.CONSULTATION and sentiment:
        errors["sentiment"] = _("Only feedback has a sentiment.")
    if not (text or "").strip():
        errors["text"] = _("Write down what the customer said.")
    if not (customer_name or "").strip():
        errors["customer"] = _("The customer's name is required.")
    phone = None
    if customer_phone:
        try:
            phone = normalise_phone(customer_phone)
        except ValidationError as exc:
            errors["customer"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    customer = customer_get_or_create(name=customer_name, phone=phone) if phone else None
    return Contact.objects.create(
        kind=kind,
        sentiment=sentiment if kind == Contact.Kind.FEEDBACK else "",
        channel=channel,
        customer=customer,
        contact_name=customer_name.strip(),
        text=mask_id_numbers(text.strip()),
        answer=mask_id_numbers((answer or "").strip()),
        recorded_by=actor,
        at=timezone.now(),
    )
