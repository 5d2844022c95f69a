"""Demo claims on the demo complaints (manage.py seed_demo), registered with complaints' demo data."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from claims.models import Claim
from claims.services import claim_create, claim_pay, claim_submit
from complaints.selectors import complaint_by_external_id
from infra.errors import Conflict
from org.demo import SeedCounts


def seed_claims(counts: SeedCounts, agent, supervisor) -> None:
    """Claims where the category calls for one: the lost parcel (insured: ¥2,000 claimed, the insured
    ¥1,000 allowed, above the agent's authority, so it waits for a supervisor) and the shortage (within
    the agent's authority: approved on submission, then paid by the supervisor)."""
    for external_id, claim_type, loss, pay in (
        ("DEMO-06", "lost", Decimal("2000.00"), False),
        ("DEMO-10", "shortage", Decimal("150.00"), True),
    ):
        complaint = complaint_by_external_id(external_id=external_id)
        if Claim.objects.filter(complaint=complaint).exists():
            counts.count("claims", False)
            continue
        owner = complaint.owner or agent
        try:
            claim = claim_create(complaint=complaint, actor=owner, claim_type=claim_type, actual_loss=loss)
        except (PermissionDenied, Conflict):
            continue  # demo data from an older version, moved on by the sweep: leave it as it is
        claim = claim_submit(claim=claim, actor=owner)
        if pay:  # never by the proposer (four eyes)
            payer = supervisor if supervisor.pk != owner.pk else User.objects.get(username="manager1")
            claim_pay(claim=claim, actor=payer, payment_ref=f"PAY-DEMO-{complaint.pk}")
        counts.count("claims", True)
