"""The action forms of the complaint page: one per transition the user may run now, the next step
first and the rest behind it, with options and starting values taken from the complaint itself
(the department from the shipment's outlets, the resolution from the latest finding)."""

from __future__ import annotations

from django.urls import reverse

from complaints.models import Complaint, DepartmentRequest
from complaints.services import available_names
from complaints.views.reference import PageReference
from complaints.web import Options, arg_fields, options_for
from complaints.workflow import TRANSITIONS
from infra.fsm import label_of, transition_meta

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


class _PageOptions:
    """The options of the page's selects from the page's reference data, each list built once however
    many forms show it."""

    def __init__(self, requests: list[DepartmentRequest], reference: PageReference):
        self.requests, self.reference = requests, reference
        self.lists: dict[str, Options | None] = {}

    def get(self, name: str) -> Options | None:
        key = "department" if name == "responsible_department" else name
        if key not in self.lists:
            choices = self._choices(key)
            self.lists[key] = options_for(choices) if choices is not None else None
        return self.lists[key]

    def _choices(self, name: str) -> list | None:
        reference = self.reference
        if name == "department":
            return [("", "——"), *reference.departments]
        if name == "asked_department":
            return [("", "——")] + [(r.department.code, r.department.name) for r in self.requests]
        if name == "assignee":  # staff by department: the form lists the chosen department's (desk.js)
            return [("", "——", ""), *reference.handlers]
        if name == "to":
            return [("", "——"), *reference.colleagues]
        if name == "category":
            from complaints.forms import category_choices

            groups = category_choices(reference.categories)[1:]
            return [(code, label) for group, options in groups for code, label in options]
        if name == "root_cause":
            return [("", "——"), *reference.root_causes]
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


_NAME = "--name--"  # a slug no transition has


def transition_forms(
    complaint: Complaint,
    user,
    posted: tuple[str, dict, dict] | None,
    requests: list[DepartmentRequest],
    reference: PageReference,
) -> list[dict]:
    """One form per transition `user` may run now, the next step first."""
    options = _PageOptions(requests, reference)

    def choices_for(name, field):
        return options.get(
            "asked_department" if (name == "department" and current == "record_finding") else name
        )

    forms = []
    names = [n for n in available_names(complaint, user) if n in TRANSITIONS]
    # Each form posts to its transition's address: reversed once with a stand-in name (a dozen
    # reverse() calls cost as much as the rest of the forms).
    action = reverse("complaints:transition", args=[complaint.number, _NAME])
    for current in next_first(names, complaint, requests):
        args, _service = TRANSITIONS[current]
        if posted and posted[0] == current:
            data, errors = posted[1], posted[2]
        else:
            data, errors = _initial(current, complaint, user, requests), {}
        fields = arg_fields(args, data, errors, choices_for)
        for f in fields:
            f.prefix = current
            if current == "dispatch" and f.name == "assignee":
                f.follows = "department"
        forms.append(
            {
                "name": current,
                "action": action.replace(_NAME, current),
                "label": label_of(transition_meta(complaint, current)[1]),
                "fields": fields,
                "open": bool(posted and posted[0] == current),
            }
        )
    return forms
