from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfraConfig(AppConfig):
    """Tables the product needs at run time besides its business data: the shared cache table and the
    rate-limit counters, both created by migrations (a standard deploy is `migrate`, nothing more)."""

    name = "infra"
    verbose_name = _("Login security")  # what admin shows of it: the login lockouts
    default_auto_field = "django.db.models.BigAutoField"
