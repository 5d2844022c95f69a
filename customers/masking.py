"""Masking of personal data for display and export (个人信息保护法): every display of a name or phone
goes through these, unless the viewer may unmask and has asked to."""

from __future__ import annotations

import re


def mask_name(name: str | None) -> str:
    """张三丰 → 张*丰, 张三 → 张*, 欧阳娜娜 → 欧**娜; one character → *."""
    if not name:
        return ""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str:
    """13812345678 → 138******78; shorter numbers keep at most their first and last two characters."""
    if not phone:
        return ""
    if len(phone) >= 7:
        return phone[:3] + "*" * (len(phone) - 5) + phone[-2:]
    if len(phone) > 4:
        return phone[:2] + "*" * (len(phone) - 4) + phone[-2:]
    return "*" * len(phone)


def mask_email(email: str | None) -> str:
    """zhang.san@example.com → z*******@example.com."""
    if not email:
        return ""
    local, _, domain = email.partition("@")
    if not domain:
        return mask_name(email)
    return (local[:1] + "*" * max(len(local) - 1, 1)) + "@" + domain


# A mainland resident ID number: region (6 digits), birth date (8), sequence (3), check digit (0–9 or X).
_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def is_id_number(value: str) -> bool:
    """18 characters whose last is the ISO 7064 MOD 11-2 check character of the first 17 (GB 11643)."""
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17].upper()


def mask_id_numbers(text: str) -> str:
    """Free text with every ID-card number in it replaced by asterisks (DESIGN.md: complaint records
    keep no ID-card numbers). A run of 18 digits whose check digit does not match is left alone: it is
    a waybill or an order number, not an ID."""
    if not text:
        return text
    return _ID_NUMBER.sub(lambda m: "*" * 18 if is_id_number(m.group()) else m.group(), text)
