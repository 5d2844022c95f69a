"""Masking of personal data for display and export (个人信息保护法): every display of a name or phone
goes through these, unless the viewer may unmask and has asked to."""

from __future__ import annotations


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
