"""The customer's rating through the link sent with the result (no login)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaints.models import Complaint, Outcome
from complaints.services.rating import complaint_for_rating
from complaints.services.transitions import complaint_close, complaint_reopen


def complaint_rate(*, token: str, satisfaction: int, comment: str, solved: bool) -> Complaint:
    """The customer rates 1–5: the complaint closes; if they say it is not solved, it is reopened."""
    complaint = complaint_for_rating(token)
    if not solved:
        reason = _("The customer says the problem is not solved: %(comment)s") % {"comment": comment or "—"}
        return complaint_reopen(complaint=complaint, actor=None, reason=reason)
    outcome = Outcome.SATISFIED if satisfaction >= 3 else Outcome.DISSATISFIED
    return complaint_close(
        complaint=complaint, actor=None, outcome=outcome, satisfaction=satisfaction, comment=comment
    )
