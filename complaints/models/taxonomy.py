"""The complaint taxonomy: severities, the regulator's categories, root causes."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from infra.refdata import version_trigger


class Severity(models.TextChoices):
    SIMPLE = "simple", _("Simple ★")
    COMPLEX = "complex", _("Complex ★★★")
    MAJOR = "major", _("Major ★★★★★")


CATEGORY_CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$",
    _("A category code is 'first' or 'first.reason' in lower-case letters, digits and '_'."),
)


class Category(models.Model):
    """The regulator's two-level taxonomy: a first level (延误, 投递服务, …) and its reasons."""

    code = models.CharField(_("code"), max_length=64, unique=True, validators=[CATEGORY_CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=64)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("first level"),
    )
    default_severity = models.CharField(_("default severity"), max_length=10, choices=Severity.choices)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "code"]
        triggers = [version_trigger()]  # cached reference data (infra/refdata.py)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        first, _dot, reason = self.code.partition(".")
        if reason and (self.parent_id is None or self.parent.code != first):
            raise ValidationError(
                {
                    "parent": _("A second-level code must sit under its first level '%(first)s'.")
                    % {"first": first}
                }
            )
        if not reason and self.parent_id is not None:
            raise ValidationError({"parent": _("A first-level category has no parent.")})


class RootCause(models.Model):
    """Where a complaint's cause lay; required to resolve, and the monthly Pareto is over these."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$", _("Lower-case letters, digits, '_'."))],
    )
    name = models.CharField(_("name"), max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
