"""Which team's queue a new complaint goes to, and who in it should take it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from complaints.models import OPEN_STATES, Category, RoutingRule, Tier
from org.models import Department
from org.roles import Role

TIER_ORDER = [Tier.FRONTLINE, Tier.SUPERVISOR, Tier.EXPERT]
TIER_ROLE = {Tier.FRONTLINE: Role.AGENT, Tier.SUPERVISOR: Role.SUPERVISOR, Tier.EXPERT: Role.EXPERT}


@dataclass(frozen=True)
class Route:
    department: Department | None
    tier: str
    auto_assign: bool


def route_for(*, category: Category, outlet: Department | None) -> Route:
    """The first active rule (by priority) matching the category and the waybill's outlet."""
    first_level = category.code.split(".")[0]
    rule = (
        RoutingRule.objects.filter(is_active=True)
        .filter(Q(category__isnull=True) | Q(category=category) | Q(category__code=first_level))
        .filter(Q(outlet__isnull=True) | Q(outlet=outlet) if outlet is not None else Q(outlet__isnull=True))
        .select_related("department")
        .order_by("priority", "id")
        .first()
    )
    if rule is None:
        return Route(department=None, tier=Tier.FRONTLINE, auto_assign=False)
    return Route(department=rule.department, tier=rule.tier, auto_assign=rule.auto_assign)


def higher_tier(a: str, b: str) -> str:
    return max(a, b, key=TIER_ORDER.index)


def least_loaded(*, department: Department | None, tier: str):
    """The colleague on duty in `department` with the tier's role and the fewest open complaints
    (owned or assigned); None when nobody is on duty. One query."""
    if department is None:
        return None
    from complaints.models import Complaint

    def open_count(field: str) -> Subquery:
        return Subquery(
            Complaint.objects.filter(**{field: OuterRef("pk")}, status__in=OPEN_STATES)
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__department=department,
            staff_profile__on_duty=True,
            groups__name=TIER_ROLE[tier],
        )
        # Owned work plus work assigned but not yet taken.
        .annotate(owned=Coalesce(open_count("owner"), 0), waiting=Coalesce(open_count("assignee"), 0))
        .order_by(F("owned") + F("waiting"), "id")
        .first()
    )


def queue_members(*, department: Department | None, tier: str):
    """Who is told about a complaint arriving in a tier's queue: that role in the team, or (when the team
    has none) everyone with the role."""
    users = get_user_model().objects.filter(is_active=True, groups__name=TIER_ROLE[tier])
    if department is not None and tier != Tier.EXPERT:
        in_team = users.filter(staff_profile__department=department)
        if in_team.exists():
            return list(in_team)
    return list(users)
