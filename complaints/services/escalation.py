"""The tier machine (frontline, supervisor, expert): escalation and handing back down, and what a user
may run on a complaint now (both machines)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaints.models import (
    Complaint,
)
from complaints.services.notices import (
    complaint_values,
    enqueue,
    escalation_notices,
)
from complaints.services.routing import queue_members
from complaints.services.transitions import required_text, run_transition


def complaint_escalate(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """One tier up (frontline → supervisor → expert): the new tier's queue and the owner are told."""
    reason = required_text(reason, "reason", _("Say why the complaint is escalated."))
    return run_transition(
        complaint, actor, "escalate", note=reason, after=lambda c: _tell_new_tier(c, reason)
    )


def complaint_deescalate(*, complaint: Complaint, actor, note: str) -> Complaint:
    """One tier down, with instructions (supervisor or above)."""
    note = required_text(note, "note", _("Give the instructions for the lower tier."))
    return run_transition(complaint, actor, "deescalate", note=note, after=lambda c: _tell_new_tier(c, note))


def _tell_new_tier(complaint: Complaint, reason: str) -> None:
    members = queue_members(department=complaint.queue_department, tier=complaint.tier)
    enqueue(
        escalation_notices(
            values=complaint_values(complaint),
            tier=complaint.tier,
            reason=reason,
            members=members,
            owner=complaint.owner,
        )
    )


def available_names(complaint: Complaint, user, cache: dict | None = None) -> list[str]:
    """The transitions and actions `user` may run on `complaint` now (no queries: roles are cached).

    With `cache` (one dict per list response), complaints that look the same to the access rules share
    one evaluation: the key holds every field that complaints/rules.py and the transition conditions
    read (state, tier, owner, handler, team, department, whether the user's department was asked,
    whether the customer accepted the offer)."""
    from complaints.rules import department_id

    if cache is None:
        return _available_names(complaint, user)
    key = (
        complaint.status,
        complaint.tier,
        complaint.owner_id is None,
        complaint.owner_id == user.pk,
        complaint.assignee_id == user.pk,
        complaint.queue_department_id,
        complaint.department_id,
        department_id(user) in complaint.consulted_departments,
        complaint.offer_accepted_at is None,
    )
    if key not in cache:
        cache[key] = _available_names(complaint, user)
    return cache[key]


def _available_names(complaint: Complaint, user) -> list[str]:
    return [t.name for t in complaint.get_available_user_status_transitions(user)] + [
        t.name for t in complaint.get_available_user_tier_transitions(user)
    ]
