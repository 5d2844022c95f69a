"""The complaint desk's reference data as one unit of work sees it: categories, classification and
routing rules, SLA policies, the working calendar and the channel bindings, each loaded once per process
and loaded again only after a manager changed it (infra/refdata.py: every one of these tables bumps the
reference version in the transaction that writes it).

`Reference()` reads the version (one query); its members come from the process's cache at that version.
What they hold is shared by every request of the process: read it, never change it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from complaints.models import (
    CalendarOverride,
    Category,
    ChannelBinding,
    ClassificationRule,
    RoutingRule,
    SlaPolicy,
)
from complaints.workdays import WorkingCalendar
from infra.refdata import cached, reference_version


@dataclass(frozen=True)
class RoutingEntry:
    """An active routing rule, as routing matches it (complaints/services/routing.py `route_for`)."""

    category_id: int | None
    category_code: str | None
    outlet_id: int | None
    department_id: int
    tier: str
    auto_assign: bool


def _categories() -> dict[str, Category]:
    return {category.code: category for category in Category.objects.all()}


def _classification() -> list[tuple[tuple[str, ...], Category]]:
    rules = ClassificationRule.objects.filter(is_active=True).select_related("category")
    return [(tuple(rule.words()), rule.category) for rule in rules.order_by("priority", "id")]


def _policies() -> dict[tuple[str, str], SlaPolicy]:
    return {(policy.kind, policy.severity): policy for policy in SlaPolicy.objects.all()}


def _calendar() -> WorkingCalendar:
    return WorkingCalendar(dict(CalendarOverride.objects.values_list("date", "is_working_day")))


def _routing() -> list[RoutingEntry]:
    rules = RoutingRule.objects.filter(is_active=True).select_related("category").order_by("priority", "id")
    return [
        RoutingEntry(
            category_id=rule.category_id,
            category_code=rule.category.code if rule.category_id else None,
            outlet_id=rule.outlet_id,
            department_id=rule.department_id,
            tier=rule.tier,
            auto_assign=rule.auto_assign,
        )
        for rule in rules
    ]


def _bindings() -> dict[int, frozenset[str]]:
    bound: dict[int, set[str]] = {}
    for user_id, channel in ChannelBinding.objects.values_list("user_id", "channel"):
        bound.setdefault(user_id, set()).add(channel)
    return {user_id: frozenset(channels) for user_id, channels in bound.items()}


class Reference:
    """The reference data at the version read when it was made (one query); each member is loaded on
    first use, from the process's cache when it holds that version."""

    def __init__(self) -> None:
        self.version = reference_version()

    @cached_property
    def categories(self) -> dict[str, Category]:
        """Every category (active or not) by code."""
        return cached(_categories, self.version)

    @cached_property
    def classification(self) -> list[tuple[tuple[str, ...], Category]]:
        """The active keyword rules in order: (words, category)."""
        return cached(_classification, self.version)

    @cached_property
    def calendar(self) -> WorkingCalendar:
        return cached(_calendar, self.version)

    @cached_property
    def routing(self) -> list[RoutingEntry]:
        return cached(_routing, self.version)

    def policy(self, kind: str, severity: str) -> SlaPolicy:
        policy = cached(_policies, self.version).get((kind, severity))
        if policy is None:
            raise SlaPolicy.DoesNotExist(f"No SLA policy for {kind}/{severity}")
        return policy

    def bound_channels(self, user_id: int) -> frozenset[str]:
        """The channels an API user is bound to in admin."""
        return cached(_bindings, self.version).get(user_id, frozenset())
