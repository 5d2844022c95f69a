"""Who may see and act on which complaint: the one place for every access rule on a complaint.

`visible_q(user)` filters lists (reads); `in_scope(complaint, user)` is the same rule for one row
(writes); the `can_*` functions are the `permission=` of each transition declared in
complaints/models/lifecycle.py and actions.py and combine a role with that scope. Keep the two forms
of the scope side by side: a change to one is a change to the other.

Scope by role (DESIGN.md, issue step 3):
- agent: what they own, what is assigned to them, the unowned frontline complaints of their team;
- supervisor: their team's and their department's complaints, and the supervisor queue;
- expert: the expert queue (and what they own or are assigned);
- department staff: what is dispatched to their department (finding and notes only), and what their
  department was found responsible for (to dispute a penalty);
- manager: everything; auditor: reads everything, changes nothing; channel: reads what it created.
"""

from __future__ import annotations

from django.db.models import Q

from org.roles import BACK_OFFICE_ROLES, Role, has_role

WORKERS = (Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER)
DECIDERS = (Role.SUPERVISOR, Role.EXPERT, Role.MANAGER)
READ_ALL = (Role.MANAGER, Role.AUDITOR)

# Asked for a finding in a joint investigation. Also the condition of complaint_consulted_idx, which holds
# only the few complaints that asked any department: PostgreSQL uses it when the query states it.
CONSULTED_ANY = ~Q(consulted_departments=[])


def consulted_q(department_id: int) -> Q:
    """The complaints that asked `department_id` for its finding (read from complaint_consulted_idx)."""
    return Q(consulted_departments__contains=[department_id]) & CONSULTED_ANY


def customer_facing(user) -> bool:
    """Channel integrations (anyone without a back-office role) get the customer-facing view of a
    complaint and its timeline: no staff notes, staff usernames, findings or responsible staff."""
    return not (user.is_superuser or has_role(user, *BACK_OFFICE_ROLES))


def department_id(user) -> int | None:
    """The user's department (one query per user object, then cached on it; none when its staff
    profile is loaded already)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_department_id_cache"):
        from org.models import StaffProfile

        if "staff_profile" in user._state.fields_cache:  # the profile is loaded already (the API's token)
            profile = user._state.fields_cache["staff_profile"]
            user._department_id_cache = profile.department_id if profile is not None else None
        else:
            user._department_id_cache = (
                StaffProfile.objects.filter(user_id=user.pk).values_list("department_id", flat=True).first()
            )
    return user._department_id_cache


def visible_q(user) -> Q | None:
    """The complaints `user` may read, as a filter; None means all of them."""
    if user.is_superuser or has_role(user, *READ_ALL):
        return None
    dept = department_id(user)
    mine = Q(owner_id=user.pk) | Q(assignee_id=user.pk)
    # A user without a department has no team queue (never match complaints without one).
    team = Q(queue_department_id=dept) if dept is not None else Q(pk__in=[])
    # Dispatched to the department (it leads) or asked for its finding in a joint investigation.
    dispatched = Q(department_id=dept) | consulted_q(dept) if dept is not None else Q(pk__in=[])
    q = Q(pk__in=[])
    if has_role(user, Role.AGENT):
        q |= mine | (Q(owner__isnull=True, tier="frontline") & team)
    if has_role(user, Role.SUPERVISOR):
        q |= mine | Q(tier="supervisor") | team | dispatched
    if has_role(user, Role.EXPERT):
        q |= mine | Q(tier="expert")
    if has_role(user, Role.DEPARTMENT_STAFF):
        # …and what their department was found responsible for (to see and dispute a penalty).
        responsible = Q(responsible_department_id=dept) if dept is not None else Q(pk__in=[])
        q |= Q(assignee_id=user.pk) | dispatched | responsible
    if has_role(user, Role.CHANNEL):
        q |= Q(created_by_id=user.pk)
    return q


def in_scope(complaint, user) -> bool:
    """`visible_q` for one complaint, for the roles that act (workers)."""
    if user.is_superuser or has_role(user, Role.MANAGER):
        return True
    dept = department_id(user)
    if user.pk in (complaint.owner_id, complaint.assignee_id):
        return True
    if has_role(user, Role.AGENT) and (
        complaint.owner_id is None
        and complaint.tier == "frontline"
        and dept is not None
        and complaint.queue_department_id == dept
    ):
        return True
    if has_role(user, Role.SUPERVISOR) and (
        complaint.tier == "supervisor"
        or dept is not None
        and (
            dept in (complaint.queue_department_id, complaint.department_id)
            or dept in complaint.consulted_departments
        )
    ):
        return True
    return has_role(user, Role.EXPERT) and complaint.tier == "expert"


def _dispatched_to(complaint, user) -> bool:
    """Department staff whose department leads the investigation or was asked for its finding."""
    if not has_role(user, Role.DEPARTMENT_STAFF):
        return False
    dept = department_id(user)
    return complaint.assignee_id == user.pk or (
        dept is not None and (dept == complaint.department_id or dept in complaint.consulted_departments)
    )


def can_work(complaint, user) -> bool:
    """Handle a complaint: dispatch, ask, propose, resolve, close, contact, regrade, escalate, merge."""
    return has_role(user, *WORKERS) and in_scope(complaint, user)


def can_take(complaint, user) -> bool:
    """Become the first-responsible owner of an unowned complaint in one's queue."""
    return has_role(user, *WORKERS) and in_scope(complaint, user)


def can_decide(complaint, user) -> bool:
    """Supervisor decisions: approve or decline proposals, reject, extend, transfer ownership, hand down."""
    return has_role(user, *DECIDERS) and in_scope(complaint, user)


def can_record_finding(complaint, user) -> bool:
    """The responsible department records the finding (责任认定); handlers may record it for them."""
    return can_work(complaint, user) or _dispatched_to(complaint, user)


def can_note(complaint, user) -> bool:
    return can_work(complaint, user) or _dispatched_to(complaint, user)


# -- joint investigation: one department's request (complaints/models/investigation.py) ------------------
def can_answer_request(request, user) -> bool:
    """A department records its own finding; the complaint's handlers may record it for the department."""
    if can_work(request.complaint, user):
        return True
    return has_role(user, Role.DEPARTMENT_STAFF) and department_id(user) == request.department_id


def can_ask_request(request, user) -> bool:
    """Asking a department (again) is the complaint's handlers' decision."""
    return can_work(request.complaint, user)
