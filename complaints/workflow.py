"""Each transition's or action's arguments and service, by name: the one table the API and the browser
both dispatch through (the arguments are DRF serializers, which both interfaces use to validate)."""

from __future__ import annotations

from complaints import arguments as s
from complaints import services

TRANSITIONS = {
    "take": (s.NoArgs, services.complaint_take),
    "acknowledge": (s.NoArgs, services.complaint_acknowledge),
    "dispatch": (s.DispatchArgs, services.complaint_dispatch),
    "ask_department": (s.AskDepartmentArgs, services.complaint_ask_department),
    "record_finding": (s.FindingArgs, services.complaint_record_finding),
    "request_info": (s.RequiredNoteArg, services.complaint_request_info),
    "receive_info": (s.NoteArg, services.complaint_receive_info),
    "propose": (s.ProposeArgs, services.complaint_propose),
    "approve_proposal": (s.NoteArg, services.complaint_approve_proposal),
    "decline_proposal": (s.RequiredNoteArg, services.complaint_decline_proposal),
    "revise": (s.RequiredNoteArg, services.complaint_revise),
    "accept_offer": (s.NoteArg, services.complaint_accept_offer),
    "resolve": (s.ResolveArgs, services.complaint_resolve),
    "close": (s.CloseArgs, services.complaint_close),
    "reopen": (s.ReasonArg, services.complaint_reopen),
    "reject": (s.ReasonArg, services.complaint_reject),
    "merge": (s.MergeArgs, services.complaint_merge),
    "escalate": (s.ReasonArg, services.complaint_escalate),
    "deescalate": (s.RequiredNoteArg, services.complaint_deescalate),
    "transfer_owner": (s.TransferArgs, services.complaint_transfer_owner),
    "regrade": (s.RegradeArgs, services.complaint_regrade),
    "confirm_category": (s.CategoryArg, services.complaint_confirm_category),
    "extend": (s.ExtendArgs, services.complaint_extend),
    "note": (s.TextArg, services.complaint_note),
    "contact": (s.ContactArgs, services.complaint_contact),
}
