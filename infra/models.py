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


class ReferenceVersion(models.Model):
    """One row: the version of the reference data (infra/refdata.py). Every write to a table of
    reference data sets it to a new number from a sequence (never reused, even after a rollback), in
    the writing transaction, by that table's `version_trigger`."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "reference data version"
        verbose_name_plural = "reference data version"

    def __str__(self) -> str:
        return str(self.version)
