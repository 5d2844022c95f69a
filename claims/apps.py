from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims")

    def ready(self) -> None:
        # The complaint's timeline words the claims' steps through the registry complaints offers.
        from claims.describe import CLAIM_EVENTS, describe_claim
        from complaints.web import EVENT_DESCRIBERS

        for name in CLAIM_EVENTS:
            EVENT_DESCRIBERS[name] = describe_claim
