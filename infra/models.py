"""Rate-limit counters (one row per client and time window, counted with an atomic UPSERT) and the
login lockouts as admin shows them."""

from axes.models import AccessAttempt
from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    key = models.CharField(max_length=200, primary_key=True)  # "<scope>:<client>:<window number>"
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate counter"
        verbose_name_plural = "rate counters"

    def __str__(self) -> str:
        return f"{self.key}={self.count}"


class LoginLockout(AccessAttempt):
    """django-axes' failed-login records, as managers see them in admin: unlocking deletes them."""

    class Meta:
        proxy = True
        verbose_name = _("login lockout")
        verbose_name_plural = _("login lockouts")
