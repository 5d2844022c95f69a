"""The action forms of the complaint page: one per transition the user may run now, the next step
first and the rest behind it, with options and starting values taken from the complaint itself
(the department from the shipment's outlets, the resolution from the latest finding)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from complaints.models import Complaint, DepartmentRequest
from complaints.services import available_names
from complaints.web import arg_fields
from complaints.workflow import TRANSITIONS
from infra.fsm import label_of, transition_meta
from org.models import Department
from org.roles import Role

# The usual next step in each state, most likely first (the first one the user may run leads).
NEXT_STEPS = {
    "received": ["take", "acknowledge"],
    "acknowledged": ["take", "dispatch", "resolve"],
    "reopened": ["take", "dispatch"],
    "investigating": ["take", "record_finding", "propose", "resolve"],
    "awaiting_customer": ["receive_info", "record_finding"],
    "pending_approval": ["approve_proposal"],
    "proposed": ["accept_offer", "resolve"],
    "resolved": ["close", "contact"],
    "closed": ["reopen"],
}
HANDLER_ROLES = [Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER, Role.DEPARTMENT_STAFF]


def _departments() -> list[tuple[str, str]]:
    return [("", "——")] + [(d.code, d.name) for d in Department.objects.filter(is_active=True)]


def _handlers() -> list[tuple[str, str, str]]:
    """Staff by department: each option carries its department, so the form lists only the chosen
    department's staff (static/js/desk.js)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=HANDLER_ROLES, staff_profile__isnull=False)
        .distinct()
        .select_related("staff_profile__department")
        .order_by("staff_profile__department__code", "username")
    )
    return [("", "——", "")] + [
        (u.username, u.staff_profile.display_name or u.username, u.staff_profile.department.code)
        for u in users
    ]


def _colleagues() -> list[tuple[str, str]]:
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, groups__name__in=[Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER]
        )
        .distinct()
        .select_related("staff_profile")
        .order_by("username")
    )
    return [("", "——")] + [
        (u.username, getattr(getattr(u, "staff_profile", None), "display_name", "") or u.username)
        for u in users
    ]


def _options(name: str, requests: list[DepartmentRequest]):
    if name in ("department", "responsible_department"):
        return _departments()
    if name == "asked_department":
        return [("", "——")] + [(r.department.code, r.department.name) for r in requests]
    if name == "assignee":
        return _handlers()
    if name == "to":
        return _colleagues()
    if name == "category":
        from complaints.forms import category_choices

        return [(code, label) for group, options in category_choices()[1:] for code, label in options]
    if name == "root_cause":
        from complaints.models import RootCause

        return [("", "——")] + [(r.code, r.name) for r in RootCause.objects.filter(is_active=True)]
    return None


def latest_finding(complaint: Complaint, requests: list[DepartmentRequest]) -> dict:
    """The latest finding recorded (a department's, else the complaint's own from before joint
    investigations), as starting values of the resolve form."""
    answered = [r for r in requests if r.status == DepartmentRequest.Status.ANSWERED]
    if answered:
        finding = max(answered, key=lambda r: r.answered_at)
        fault, department, staff = (
            finding.company_at_fault,
            finding.responsible_department,
            finding.responsible_staff,
        )
    elif complaint.finding_cause:
        fault, department, staff = (
            complaint.company_at_fault,
            complaint.responsible_department,
            complaint.responsible_staff,
        )
    else:
        return {}
    return {
        "company_at_fault": bool(fault),
        "responsible_department": department.code if department else "",
        "responsible_staff": staff,
    }


def _initial(name: str, complaint: Complaint, user, requests: list[DepartmentRequest]) -> dict:
    """What a form starts with before the user types."""
    if name == "dispatch":
        shipment = complaint.shipment
        outlet = (shipment.destination_outlet or shipment.origin_outlet) if shipment else None
        return {"department": outlet.code if outlet else ""}
    if name == "resolve":
        return latest_finding(complaint, requests)
    if name == "confirm_category":
        return {"category": complaint.category.code if complaint.category_id else ""}
    if name == "record_finding":
        from complaints.rules import department_id

        own = department_id(user)
        mine = next((r for r in requests if r.department_id == own), None)
        lead = next((r for r in requests if r.lead), None)
        chosen = mine or lead
        return {"department": chosen.department.code if chosen else ""}
    return {}


def usual_steps(complaint: Complaint, requests: list[DepartmentRequest]) -> list[str]:
    """The steps that usually come next in the complaint's state, in order. While a department's
    finding is outstanding, recording it comes before proposing; once every department has answered,
    proposing does."""
    if complaint.status == "investigating" and requests and all(r.status == "answered" for r in requests):
        return ["take", "propose", "resolve", "record_finding"]
    return list(NEXT_STEPS.get(complaint.status, []))


def next_first(names: list[str], complaint: Complaint, requests: list[DepartmentRequest]) -> list[str]:
    """`names` with the usual next step first."""
    order = usual_steps(complaint, requests)
    ranked = [n for n in order if n in names]
    return ranked + [n for n in names if n not in ranked]


def transition_forms(
    complaint: Complaint, user, posted: tuple[str, dict, dict] | None, requests: list[DepartmentRequest]
) -> list[dict]:
    """One form per transition `user` may run now, the next step first."""
    options: dict[str, list | None] = {}  # each list of options is read once per page

    def choices_for(name, field):
        key = "asked_department" if (name == "department" and current == "record_finding") else name
        if key not in options:
            options[key] = _options(key, requests)
        return options[key]

    forms = []
    names = [n for n in available_names(complaint, user) if n in TRANSITIONS]
    for current in next_first(names, complaint, requests):
        args, _service = TRANSITIONS[current]
        if posted and posted[0] == current:
            data, errors = posted[1], posted[2]
        else:
            data, errors = _initial(current, complaint, user, requests), {}
        fields = arg_fields(args, data, errors, choices_for)
        for f in fields:
            if current == "dispatch" and f.name == "assignee":
                f.follows = "department"
        forms.append(
            {
                "name": current,
                "label": label_of(transition_meta(complaint, current)[1]),
                "fields": fields,
                "open": bool(posted and posted[0] == current),
            }
        )
    return forms
