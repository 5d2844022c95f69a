"""Mainland mobile numbers: the customer's identity. One normal form: 11 digits, no prefix."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-()（）]")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def _ascii_digits(raw: str) -> str:
    """Full-width digits and signs (typed with a Chinese input method) and other scripts' decimal
    digits (٠١٢, ०१२) become ASCII: the same number is the same customer, and the SMS gateway
    gets digits it can dial."""
    value = unicodedata.normalize("NFKC", raw)
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value)


def normalise_phone(raw: str) -> str:
    """'+86 138-1234-5678' → '13812345678'; raises ValidationError for anything that is not a mobile."""
    if not isinstance(raw, str):
        raise ValidationError(_("Enter a mobile phone number."), code="invalid_phone")
    value = _SEPARATORS.sub("", _ascii_digits(raw).strip())
    for prefix in ("+86", "0086", "86"):
        if value.startswith(prefix) and len(value) == len(prefix) + 11:
            value = value[len(prefix) :]
            break
    if not _MOBILE.match(value):
        raise ValidationError(
            _("%(value)s is not a valid mobile number (11 digits starting with 13–19)."),
            code="invalid_phone",
            params={"value": raw[:32]},
        )
    return value


def validate_phone(value: str) -> None:
    """Model field validator: the stored value must already be in normal form."""
    if normalise_phone(value) != value:
        raise ValidationError(
            _("Store the phone number in its normal form (11 digits)."), code="invalid_phone"
        )
