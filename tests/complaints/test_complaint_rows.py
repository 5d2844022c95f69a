"""The complaint list rows written by {% complaint_rows %} (workbench, review) are the rows the
template loop wrote: every column, a department's request asked or answered, the selection box, rows
without customer or owner, markup in the data, English; and the selects written without the widget
templates (the workbench's filters, the admin's actions) are Django's."""

import datetime as dt
from unittest import mock

import pytest
from django import forms
from django.http import QueryDict
from django.template import Context, Template
from django.utils import timezone, translation

from complaints.admin.complaint import ActionForm
from complaints.filters import ComplaintFilterSet
from complaints.models import Complaint, DepartmentRequest
from complaints.views.workbench import FILTERS
from complaints.web import Badge, OnePassSelect
from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import CustomerFactory

# The loop the tag replaces, as complaints/_rows.html wrote it.
LOOP = """{% load i18n masking people %}{% for c in rows %}
    <tr class="row-{{ c.badge.css }}">
      {% if selectable %}<td><input type="checkbox" name="numbers" value="{{ c.number }}" form="reassign" aria-label="{{ c.number }}"></td>{% endif %}
      <td><a href="{% url 'complaints:detail' c.number %}">{{ c.number }}</a>{% if c.waybill_no %}<br><small>{{ c.waybill_no }}</small>{% endif %}</td>
      <td class="nowrap">{{ c.received_at|date:"Y-m-d" }}<br><small>{{ c.received_at|date:"H:i" }}</small></td>
      <td>{{ c.get_status_display }}<br><small>{{ c.get_tier_display }}</small></td>
      <td>{{ c.get_severity_display }}</td>
      <td>{{ c.category.name }}</td>
      <td>{{ c.contact_name|mask_name }} {{ c.customer.phone|mask_phone }}</td>
      <td>{{ c.owner|person }}</td>
      <td>{% if c.request %}{% if c.request.status == "answered" %}<span class="badge badge-done">{{ c.request.get_status_display }}</span>{% else %}<span class="badge badge-near">{% translate "finding due by" %} {{ c.request.due|date:"m-d H:i" }}</span>{% endif %}<br>{% endif %}<span class="badge badge-{{ c.badge.css }}">{{ c.badge.text }}</span></td>
    </tr>
  {% empty %}
    <tr><td colspan="9" class="empty">{% translate "Nothing here." %}</td></tr>
  {% endfor %}"""  # noqa: E501
TAG = "{% load complaint_rows %}{% complaint_rows rows selectable %}"


@pytest.fixture
def rows(agent):
    due = timezone.now() + dt.timedelta(hours=5)
    made = [
        ComplaintFactory(owner=agent, waybill_no="KD<1>", contact_name="欧阳<娜娜>", severity="major"),
        ComplaintFactory(
            customer=CustomerFactory(phone="13800001111"), status="investigating", tier="supervisor"
        ),
        ComplaintFactory(customer=None, contact_name=""),
        ComplaintFactory(status="closed"),
    ]
    rows = list(
        Complaint.objects.filter(pk__in=[c.pk for c in made]).select_related("customer", "category", "owner")
    )
    badges = [
        Badge("答复：2 天 3 小时", "ok"),
        Badge("<已超时>", "past"),
        Badge("done", "done"),
        Badge("x", "near"),
    ]
    requests = [
        DepartmentRequest(status="asked", due=due),
        DepartmentRequest(status="answered", due=due),
        DepartmentRequest(status="asked", due=None),
        None,
    ]
    for complaint, badge, asked in zip(rows, badges, requests, strict=True):
        complaint.badge, complaint.request = badge, asked
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("selectable", [False, True])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_rows_are_the_template_loops(rows, selectable, language):
    with translation.override(language):
        for shown in (rows, []):
            context = {"rows": shown, "selectable": selectable}
            assert Template(TAG).render(Context(context)) == Template(LOOP).render(Context(context))


def django_select(bound) -> str:
    """The field as Django's own select widget writes it (through its templates)."""
    with mock.patch.object(OnePassSelect, "render", forms.Select.render):
        return str(bound)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "tier=supervisor&overdue=true&channel=web&severity=major", "overdue=True&tier=&channel=<b>"]
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_workbench_filter_selects_are_djangos(query, language):
    with translation.override(language):
        filterset = ComplaintFilterSet(QueryDict(query), queryset=Complaint.objects.all())
        filterset.is_valid()
        for name in FILTERS:
            assert str(filterset.form[name]) == django_select(filterset.form[name])


def test_the_admin_action_select_is_djangos():
    form = ActionForm(auto_id=None)
    form.fields["action"].choices = [
        ("", "---------"),
        ("run_escalate", "升级 <一级>"),
        ("export_csv", "导出"),
    ]
    assert str(form["action"]) == django_select(form["action"])
    bound = ActionForm({"action": "export_csv"}, auto_id=None)
    bound.fields["action"].choices = form.fields["action"].choices
    assert 'value="export_csv" selected' in str(bound["action"])
    assert str(bound["action"]) == django_select(bound["action"])
