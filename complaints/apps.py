from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from complaints.notice_texts import register_notices
        from complaints.receivers import record_delivery
        from notifications.signals import delivery_settled

        register_notices()
        delivery_settled.connect(record_delivery, dispatch_uid="complaints.record_delivery")
