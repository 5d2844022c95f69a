"""Who may run which complaint transition or action: the `permission=` of each declaration in
complaints/models/complaint.py. One place for every access rule on a complaint.

Step 2 decides by role; object scoping (owner, queue, department) joins these same functions.
"""

from __future__ import annotations

from org.roles import Role, has_role

WORKERS = (Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.MANAGER)
DECIDERS = (Role.SUPERVISOR, Role.EXPERT, Role.MANAGER)


def can_work(complaint, user) -> bool:
    """Handle a complaint: dispatch, ask, propose, resolve, close, contact, regrade."""
    return has_role(user, *WORKERS)


def can_decide(complaint, user) -> bool:
    """Supervisor decisions: approve or decline proposals, reject, extend deadlines."""
    return has_role(user, *DECIDERS)


def can_reopen(complaint, user) -> bool:
    """A resolved complaint can be reopened by its handlers; a closed one only by a supervisor or above."""
    if complaint.status == "closed":
        return has_role(user, *DECIDERS)
    return has_role(user, *WORKERS)


def can_record_finding(complaint, user) -> bool:
    """The responsible department records the finding (责任认定); handlers may record it for them."""
    return has_role(user, *WORKERS, Role.DEPARTMENT_STAFF)


def can_note(complaint, user) -> bool:
    return has_role(user, *WORKERS, Role.DEPARTMENT_STAFF)
