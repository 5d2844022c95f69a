"""Evidence (photos, documents) attached to a complaint: checked by content, not by name."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import rules
from complaints.models import FINAL_STATES, Attachment, Complaint, EventKind
from complaints.services.events import event_record

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAGIC = [
    (b"\xff\xd8\xff", Attachment.ContentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", Attachment.ContentType.PNG),
    (b"%PDF-", Attachment.ContentType.PDF),
]


def sniff_content_type(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def attachment_add(*, complaint: Complaint, actor, upload: UploadedFile) -> Attachment:
    """Store one evidence file (JPEG, PNG or PDF by its first bytes; at most 10 MB) and note it on the
    timeline. Files are stored under a random name in MEDIA_ROOT, never in the static files."""
    if not (rules.can_note(complaint, actor) or actor.has_perm("complaints.add_attachment")):
        raise PermissionDenied(_("You are not allowed to add evidence to this complaint."))
    if complaint.status in FINAL_STATES:
        raise ValidationError({"file": _("Evidence cannot be added to a finished complaint.")})
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    upload.seek(0)
    content_type = sniff_content_type(upload.read(8))
    upload.seek(0)
    if content_type is None:
        raise ValidationError({"file": _("Only JPEG, PNG and PDF files are accepted.")})
    name = (upload.name or "file")[-200:].replace("\x00", "")
    with transaction.atomic():
        attachment = Attachment(
            complaint=complaint,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        event_record(
            complaint=complaint,
            actor=actor,
            kind=EventKind.ATTACHMENT,
            name="attach",
            note=name,
            data={"attachment": attachment.pk, "content_type": content_type, "size": upload.size},
        )
    return attachment
