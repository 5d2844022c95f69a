"""The one transition engine of the three state machines (complaint, claim, penalty).

`transition_run` locks the row, checks the permission of the transition declared for the row's current
state (403), the state and the transition's conditions (409, with the failing condition's message),
runs the model's transition, saves the fields that changed and lets the caller record its event, all in
one transaction. The apps say only what differs: which rows to lock, their wording, their event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from infra.errors import Conflict


@dataclass(frozen=True)
class Step:
    """What one run did: the locked row after the transition, the state field and its two values."""

    obj: Any
    field: str
    source: str
    target: str


def transition_meta(obj, name: str):
    """The method and declaration behind transition `name` of `obj` (LookupError if there is none)."""
    method = getattr(obj, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise LookupError(name)
    return method, meta


def label_of(meta) -> str:
    transition = next(iter(meta.transitions.values()))
    return str((transition.custom or {}).get("label", transition.name))


def transition_check(
    obj,
    name: str,
    actor,
    *,
    denied: str,
    not_now: Callable[[Any, Any], str],
    current_state: Callable[[Any], str] | None = None,
) -> None:
    """PermissionDenied(`denied`) when `actor` may not run `name` from the row's current state (or, when
    the state has no such transition, from any state); Conflict (409) when the state or a condition does
    not allow it now: the failing condition's `message`, else `not_now(obj, meta)`; the 409 names
    `current_state(obj)` (default: the transition's field). `actor=None` is the system, which the
    permissions do not restrict."""
    method, meta = transition_meta(obj, name)
    state = meta.field.get_state(obj)
    transition = meta.get_transition(state)
    if actor is not None:
        candidates = [transition] if transition is not None else list(meta.transitions.values())
        if not any(t.permission is None or t.permission(obj, actor) for t in candidates):
            raise PermissionDenied(str(denied))
    if can_proceed(method):
        return
    if transition is not None:  # the state allows it, a condition does not
        failed = next(c for c in transition.conditions if not c(obj))
        message = str(getattr(failed, "message", _("This is not possible now.")))
    else:
        message = not_now(obj, meta)
    raise Conflict(
        message,
        current_state=str(current_state(obj) if current_state else state),
        allowed=sorted({str(s) for s in meta.transitions if s != "*"}),
    )


def _values(obj) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}


def transition_run(
    obj,
    name: str,
    *,
    actor,
    queryset: models.QuerySet,
    denied: str,
    not_now: Callable[[Any, Any], str],
    current_state: Callable[[Any], str] | None = None,
    args: Callable[[Any], dict[str, Any]] | dict[str, Any] | None = None,
    validate: Callable[[Any], None] | None = None,
    before_save: Callable[[Any], None] | None = None,
    save: Callable[[Any, list[str]], None] | None = None,
    record: Callable[[Step], None] | None = None,
) -> Step:
    """Run transition `name` on a freshly locked copy of `obj` (from `queryset`, which may add
    select_related); return what it did.

    `validate` checks business rules on the locked row after the permission and state checks; `args`
    (a dict, or a function of the locked row: values computed from what is current, not from what the
    caller last saw) are the transition's arguments; `before_save` may adjust the row (masking);
    `save(row, fields)` replaces the plain save of the changed fields (to translate a constraint
    violation); `record(step)` writes the event and whatever else belongs to the same transaction."""
    with transaction.atomic():
        locked = queryset.select_for_update().get(pk=obj.pk)
        transition_check(locked, name, actor, denied=denied, not_now=not_now, current_state=current_state)
        if validate is not None:
            validate(locked)
        kwargs = args(locked) if callable(args) else (args or {})
        method, meta = transition_meta(locked, name)
        field = meta.field.name
        before = _values(locked)
        source = str(getattr(locked, field))
        method(**kwargs)
        if before_save is not None:
            before_save(locked)
        after = _values(locked)
        changed = [
            f.name
            for f in locked._meta.concrete_fields
            if f.attname in after and after[f.attname] != before[f.attname]
        ]
        changed += [
            f.name
            for f in locked._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.name not in changed
        ]
        if changed:
            (save or _save)(locked, changed)
        step = Step(obj=locked, field=field, source=source, target=str(getattr(locked, field)))
        if record is not None:
            record(step)
    return step


def _save(obj, fields: list[str]) -> None:
    obj.save(update_fields=fields)
