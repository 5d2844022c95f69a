from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims")

    def ready(self) -> None:
        """What claims adds to complaints, through the registries complaints offers (complaints never
        imports claims): the timeline's wording of claim steps, the complaint page's compensation and
        penalty sections, the review page's claims awaiting approval, the dashboard's counts, the
        approval a proposal needs while a claim waits, and the demo claims."""
        from claims.demo import seed_claims
        from claims.describe import CLAIM_EVENTS, describe_claim
        from claims.selectors import claim_awaits_approval, claims_pending_counts
        from claims.views import (
            claims_reads,
            claims_section,
            penalties_reads,
            penalties_section,
            review_section,
        )
        from complaints import extensions
        from complaints.web import EVENT_DESCRIBERS

        for name in CLAIM_EVENTS:
            EVENT_DESCRIBERS[name] = describe_claim

        def claim_people(context: dict) -> list:
            return [
                u for row in context["claims"] for u in (row["claim"].proposed_by, row["claim"].approved_by)
            ]

        def proposers(context: dict) -> list:
            return [claim.proposed_by for claim in context["claims_awaiting"]]

        _add(extensions.COMPLAINT_PAGE, extensions.Section(claims_section, claim_people, claims_reads))
        _add(extensions.COMPLAINT_PAGE, extensions.Section(penalties_section, reads=penalties_reads))
        _add(extensions.REVIEW_PAGE, extensions.Section(review_section, people=proposers))
        _add(extensions.DASHBOARD_COUNTS, claims_pending_counts)
        _add(extensions.AWAITS_APPROVAL, claim_awaits_approval)
        _add(extensions.DEMO_SEEDERS, seed_claims)


def claim_people(context: dict) -> list:
    """The colleagues the complaint page's claims name."""
    return [
        user for row in context["claims"] for user in (row["claim"].proposed_by, row["claim"].approved_by)
    ]


def proposers(context: dict) -> list:
    return [claim.proposed_by for claim in context["claims_awaiting"]]


def _add(registry: list, entry) -> None:
    if entry not in registry:  # ready() may run twice in tests
        registry.append(entry)
