"""Transitions as admin actions: each selected complaint goes through the same service as the browser
and the API (complaints/workflow.py); the outcome is reported per row and summed up by reason."""

from __future__ import annotations

from collections import Counter

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from complaints.models import Complaint
from complaints.web import arg_fields
from complaints.workflow import TRANSITIONS
from infra.bulk import bulk_run
from infra.fsm import label_of

MAX_ROWS = 500  # one click handles at most this many complaints (each is its own transaction)


def run_bulk(name: str, complaints, actor, args: dict) -> tuple[int, Counter]:
    """Runs transition `name` on each complaint; returns (done, Counter of refusal reasons)."""
    _args, service = TRANSITIONS[name]
    outcome = bulk_run(complaints, lambda complaint: service(complaint=complaint, actor=actor, **args))
    return len(outcome.done), outcome.reasons()


def transition_label(name: str) -> str:
    """The label declared with the transition on the model (one place for every interface)."""
    return label_of(getattr(Complaint, name)._django_fsm)


def transition_action(name: str):
    """An admin action running `name`; with arguments, it first asks for them on an intermediate page."""
    args_class, _service = TRANSITIONS[name]
    label = transition_label(name)

    def action(modeladmin, request, queryset):
        fields = args_class().get_fields()
        rows = list(queryset.order_by("pk")[: MAX_ROWS + 1])
        if len(rows) > MAX_ROWS:
            modeladmin.message_user(
                request, _("Select at most %(n)d complaints at a time.") % {"n": MAX_ROWS}, messages.ERROR
            )
            return None
        data, errors = {}, {}
        if fields and "apply" in request.POST:
            serializer = args_class(
                data={k: request.POST.get(k) for k in fields if request.POST.get(k) not in (None, "")}
            )
            if serializer.is_valid():
                return _report(modeladmin, request, name, label, rows, serializer.validated_data)
            data, errors = request.POST, serializer.errors
        elif not fields:
            return _report(modeladmin, request, name, label, rows, {})
        return TemplateResponse(
            request,
            "admin/complaints/transition_args.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": label,
                "action": f"run_{name}",
                "rows": rows,
                "fields": arg_fields(args_class, data, errors),
                "opts": modeladmin.model._meta,
            },
        )

    action.__name__ = f"run_{name}"
    return admin.action(description=label, permissions=["transition"])(action)


def _report(modeladmin, request, name, label, rows, args):
    done, failed = run_bulk(name, rows, request.user, args)
    if done:
        modeladmin.message_user(
            request, _("%(label)s: %(n)d done.") % {"label": label, "n": done}, messages.SUCCESS
        )
    for reason, count in failed.most_common():
        modeladmin.message_user(
            request, _("%(n)d not done: %(reason)s") % {"n": count, "reason": reason}, messages.WARNING
        )
    return None
