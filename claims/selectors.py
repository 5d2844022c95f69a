from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Claim


def claim_awaits_approval(complaint) -> bool:
    return Claim.objects.filter(complaint=complaint, status=Claim.Status.SUBMITTED).exists()


def claim_list(*, user) -> QuerySet[Claim]:
    """Claims of the complaints `user` may see."""
    from complaints.selectors import complaint_list

    return Claim.objects.select_related("complaint", "proposed_by", "approved_by").filter(
        complaint__in=complaint_list(user=user).values("pk")
    )
