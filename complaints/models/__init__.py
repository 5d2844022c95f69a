from complaints.models.channels import ChannelBinding
from complaints.models.complaint import (
    HANDED_OVER,
    STAFF_CHANNELS,
    Channel,
    Complaint,
    Kind,
    Outcome,
    Remedy,
    overdue_q,
)
from complaints.models.contacts import Contact
from complaints.models.history import Attachment, ComplaintEvent, EventKind
from complaints.models.incidents import Incident
from complaints.models.investigation import DepartmentRequest
from complaints.models.load import AgentLoad
from complaints.models.replies import StandardReply
from complaints.models.routing import ClassificationRule, RoutingRule
from complaints.models.sla import CalendarOverride, SlaPolicy
from complaints.models.states import FINAL_STATES, OPEN_STATES, ContactOutcome, Status, Tier
from complaints.models.taxonomy import CATEGORY_CODE_VALIDATOR, Category, RootCause, Severity

__all__ = [
    "HANDED_OVER",
    "AgentLoad",
    "CATEGORY_CODE_VALIDATOR",
    "FINAL_STATES",
    "OPEN_STATES",
    "STAFF_CHANNELS",
    "Attachment",
    "CalendarOverride",
    "ClassificationRule",
    "Category",
    "Channel",
    "ChannelBinding",
    "Complaint",
    "ComplaintEvent",
    "Contact",
    "ContactOutcome",
    "DepartmentRequest",
    "EventKind",
    "Incident",
    "Kind",
    "Outcome",
    "Remedy",
    "RootCause",
    "RoutingRule",
    "Severity",
    "SlaPolicy",
    "StandardReply",
    "Status",
    "Tier",
    "overdue_q",
]
