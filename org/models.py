"""The company's organisation: departments (outlets, sorting centres, …) and staff membership.

A separate app because shipments, complaints, claims and reports all point at departments and none of
them owns the organisation chart.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$",
    _("Use 1–32 letters, digits, '.', '_' or '-', starting with a letter or digit."),
)


class Department(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER_SERVICE = "customer_service", _("Customer service")
        OUTLET = "outlet", _("Outlet")
        SORTING_CENTRE = "sorting_centre", _("Sorting centre")
        LINE_HAUL = "line_haul", _("Line haul")
        LAST_MILE = "last_mile", _("Last-mile delivery")
        CLAIMS = "claims", _("Claims")

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    province = models.CharField(_("province"), max_length=32, blank=True)
    city = models.CharField(_("city"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class StaffProfile(models.Model):
    """A staff user's place in the organisation: the department they work in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="staff", verbose_name=_("department")
    )
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    on_duty = models.BooleanField(_("on duty"), default=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()
