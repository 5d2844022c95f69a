"""The complaint's two state machines' states (status, tier), the groups of states the rules and
jobs use, and the conditions transitions check (each with the sentence said when it fails)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Investigating")
    AWAITING_CUSTOMER = "awaiting_customer", _("Awaiting customer")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    PROPOSED = "proposed", _("Solution proposed")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")


# Handling is under way: the resolve clock runs (except while awaiting the customer).
OPEN_STATES = [
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.INVESTIGATING,
    Status.AWAITING_CUSTOMER,
    Status.PENDING_APPROVAL,
    Status.PROPOSED,
    Status.REOPENED,
]
WORKING_STATES = [Status.INVESTIGATING, Status.AWAITING_CUSTOMER, Status.PENDING_APPROVAL, Status.PROPOSED]
FINAL_STATES = [Status.CLOSED, Status.REJECTED, Status.MERGED]


class Tier(models.TextChoices):
    FRONTLINE = "frontline", _("Frontline (L1)")
    SUPERVISOR = "supervisor", _("Supervisor (L2)")
    EXPERT = "expert", _("Expert group (L3)")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


def _condition(message):
    """A transition condition with the sentence shown when it is not met."""

    def wrap(func):
        func.message = message
        return func

    return wrap


@_condition(_("The complaint is finished."))
def is_open(complaint) -> bool:
    return complaint.status in OPEN_STATES


@_condition(_("The customer has already accepted the offer."))
def offer_not_accepted(complaint) -> bool:
    return complaint.offer_accepted_at is None


@_condition(_("The complaint already has a first-responsible owner."))
def is_unowned(complaint) -> bool:
    return complaint.owner_id is None
