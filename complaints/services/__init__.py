"""Every write to complaints: intake, one function per transition or action, attachments."""

from complaints.services.attachments import attachment_add
from complaints.services.intake import IntakeResult, complaint_intake
from complaints.services.transitions import (
    available_names,
    check_allowed,
    complaint_acknowledge,
    complaint_approve_proposal,
    complaint_close,
    complaint_contact,
    complaint_decline_proposal,
    complaint_dispatch,
    complaint_extend,
    complaint_note,
    complaint_propose,
    complaint_receive_info,
    complaint_record_finding,
    complaint_regrade,
    complaint_reject,
    complaint_reopen,
    complaint_request_info,
    complaint_resolve,
    complaint_revise,
)

__all__ = [
    "IntakeResult", "attachment_add", "available_names", "check_allowed", "complaint_acknowledge",
    "complaint_approve_proposal", "complaint_close", "complaint_contact", "complaint_decline_proposal",
    "complaint_dispatch", "complaint_extend", "complaint_intake", "complaint_note", "complaint_propose",
    "complaint_receive_info", "complaint_record_finding", "complaint_regrade", "complaint_reject",
    "complaint_reopen", "complaint_request_info", "complaint_resolve", "complaint_revise",
]
