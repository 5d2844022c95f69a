"""Evidence (photos, documents) attached to a complaint: checked by content, not by name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

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


# The files stored inside the current `files_removed_unless_committed` block.
_stored: ContextVar[list[str] | None] = ContextVar("stored_evidence", default=None)


@contextmanager
def files_removed_unless_committed() -> Iterator[None]:
    """Wrap a transaction that stores several files (an intake with evidence): if anything in it fails,
    the files already written are removed, so a refused request leaves no file without its row.
    Put it outside `transaction.atomic()`, so the removal follows the rollback."""
    stored: list[str] = []
    token = _stored.set(stored)
    try:
        yield
    except BaseException:
        for name in stored:
            Attachment.file.field.storage.delete(name)
        raise
    finally:
        _stored.reset(token)


def attachment_allowed(*, complaint: Complaint, actor) -> bool:
    """May `actor` add evidence to `complaint` now? (The page shows the upload form only then.)"""
    return complaint.status not in FINAL_STATES and (
        rules.can_note(complaint, actor) or actor.has_perm("complaints.add_attachment")
    )


def attachment_check(upload: UploadedFile) -> str:
    """The file's content type if it may be stored as evidence, else ValidationError (checked by
    content: JPEG, PNG or PDF by its first bytes; at most 10 MB)."""
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    upload.seek(0)
    content_type = sniff_content_type(upload.read(8))
    upload.seek(0)
    if content_type is None:
        raise ValidationError({"file": _("Only JPEG, PNG and PDF files are accepted.")})
    return content_type


def attachment_add(*, complaint: Complaint, actor, upload: UploadedFile) -> Attachment:
    """Store one evidence file (see `attachment_check`) and note it on the timeline. Files are stored
    under a random name in MEDIA_ROOT, never in the static files; a failure after the file was written
    removes it again."""
    if not (rules.can_note(complaint, actor) or actor.has_perm("complaints.add_attachment")):
        raise PermissionDenied(_("You are not allowed to add evidence to this complaint."))
    if complaint.status in FINAL_STATES:
        raise ValidationError({"file": _("Evidence cannot be added to a finished complaint.")})
    content_type = attachment_check(upload)
    name = (upload.name or "file")[-200:].replace("\x00", "")
    outermost = _stored.get() is None
    with files_removed_unless_committed() if outermost else nullcontext(), transaction.atomic():
        attachment = Attachment(
            complaint=complaint,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        attachment.file.save(name, upload, save=False)
        _stored.get().append(attachment.file.name)
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
