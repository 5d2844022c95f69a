"""Every write to complaints: intake, one function per transition (transitions, escalation) or action
(actions), attachments."""

from complaints.services.actions import (
    complaint_contact,
    complaint_extend,
    complaint_merge,
    complaint_note,
    complaint_record_finding,
    complaint_regrade,
    complaint_take,
    complaint_transfer_owner,
)
from complaints.services.attachments import attachment_add
from complaints.services.escalation import available_names, complaint_deescalate, complaint_escalate
from complaints.services.intake import IntakeResult, complaint_intake, intake_replay
from complaints.services.transitions import (
    check_allowed,
    complaint_accept_offer,
    complaint_acknowledge,
    complaint_approve_proposal,
    complaint_ask_department,
    complaint_close,
    complaint_confirm_category,
    complaint_decline_proposal,
    complaint_dispatch,
    complaint_propose,
    complaint_receive_info,
    complaint_reject,
    complaint_reopen,
    complaint_request_info,
    complaint_resolve,
    complaint_revise,
)

__all__ = [
    "IntakeResult",
    "complaint_accept_offer",
    "attachment_add",
    "available_names",
    "check_allowed",
    "complaint_acknowledge",
    "complaint_ask_department",
    "complaint_approve_proposal",
    "complaint_close",
    "complaint_confirm_category",
    "complaint_contact",
    "complaint_decline_proposal",
    "complaint_deescalate",
    "complaint_dispatch",
    "complaint_escalate",
    "complaint_extend",
    "complaint_intake",
    "complaint_merge",
    "complaint_note",
    "complaint_propose",
    "complaint_receive_info",
    "complaint_record_finding",
    "complaint_regrade",
    "complaint_reject",
    "complaint_reopen",
    "complaint_request_info",
    "complaint_resolve",
    "complaint_revise",
    "complaint_take",
    "complaint_transfer_owner",
    "intake_replay",
]
