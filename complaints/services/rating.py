"""The signed, expiring link sent with the result, through which the customer rates without logging in
(the rating itself: complaints.services.rate)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from complaints.models import Complaint, Status

SALT = "complaints.rating"
LINK_DAYS = 14


class RatingLinkError(Exception):
    """The link is tampered with, expired, or already used; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def rating_token(complaint: Complaint) -> str:
    """Signed with the time of this resolution: a later resolution needs a new link."""
    return signing.dumps({"n": complaint.number, "r": complaint.resolved_at.timestamp()}, salt=SALT)


def rating_link(complaint: Complaint) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/rate/{rating_token(complaint)}/"


def complaint_for_rating(token: str) -> Complaint:
    """The complaint the link is for, if the link is genuine, fresh and not used yet."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 86400)
    except signing.SignatureExpired as exc:
        raise RatingLinkError("expired") from exc
    except signing.BadSignature as exc:
        raise RatingLinkError("invalid") from exc
    complaint = Complaint.objects.select_related("customer").filter(number=data.get("n")).first()
    if complaint is None:
        raise RatingLinkError("invalid")
    if complaint.status != Status.RESOLVED or complaint.resolved_at.timestamp() != data.get("r"):
        raise RatingLinkError("used")
    return complaint
