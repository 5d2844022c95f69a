"""The admin lists written in one pass (complaints/admin/rows.py, filters.py) give the same HTML as
Django's own loops: every column kind, the link with the list's filters kept, sorting, English, rows
with and without their relations, and the relations not joined (departments, incidents)."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_list
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation

from complaints.models import Attachment, Complaint, ComplaintEvent, Incident
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory

CHANGELIST = "/admin/complaints/complaint/"


def changelist(model, user, path: str, **params):
    request = RequestFactory().get(path, params)
    request.user = user
    request.resolver_match = resolve(path)
    model_admin = admin.site.get_model_admin(model)
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None
    return cl


def django_html(cl) -> str:
    """The result table as Django's result_list tag writes it (the rows through items_for_result)."""
    return get_template("admin/change_list_results.html").render(result_list(cl))


@pytest.fixture
def rows(manager):
    outlet = DepartmentFactory(code="OUT-R1", name="鼓楼<网点>", kind="outlet")
    incident = Incident.objects.create(
        name="暴雨 & 停运",
        description="停运",
        outlet=outlet,
        starts_on="2026-01-01",
        ends_on="2026-01-03",
        declared_by=manager,
        declared_at=timezone.now(),
    )
    ComplaintFactory(department=outlet, incident=incident, owner=manager, status="investigating")
    ComplaintFactory(customer=None, contact_name="", status="closed")
    ComplaintFactory(department=outlet, waybill_no="KD1234567890", severity="major")
    ComplaintFactory.create_batch(3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status__exact": "investigating"},
        {"o": "-11.3"},
        {"q": "KD1234567890"},
        {"department__id__exact": "0"},
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_complaint_rows_are_djangos(manager, rows, params, language):
    with translation.override(language):
        cl = changelist(Complaint, manager, CHANGELIST, **params)
        assert cl.results_html() == django_html(changelist(Complaint, manager, CHANGELIST, **params))


@pytest.mark.django_db
def test_a_department_outside_the_filters_choices_is_read_in_one_query(
    manager, rows, django_assert_num_queries
):
    cl = changelist(Complaint, manager, CHANGELIST)
    cl.filter_specs = []  # as if the list had no department filter
    expected = django_html(changelist(Complaint, manager, CHANGELIST))
    with django_assert_num_queries(3):  # the page, then its departments and its incidents
        assert cl.results_html() == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, path",
    [(ComplaintEvent, "/admin/complaints/complaintevent/"), (Attachment, "/admin/complaints/attachment/")],
)
def test_the_event_and_attachment_rows_are_djangos(manager, rows, model, path):
    complaint = Complaint.objects.first()
    ComplaintEvent.objects.create(
        complaint=complaint, at=timezone.now(), kind="note", name="note", actor=manager, note="x"
    )
    ComplaintEvent.objects.create(
        complaint=complaint,
        at=timezone.now(),
        kind="transition",
        name="acknowledge",
        from_state="received",
        to_state="acknowledged",
    )
    cl = changelist(model, manager, path)
    assert cl.results_html() == django_html(changelist(model, manager, path))


@pytest.mark.django_db
def test_the_filters_keep_the_other_parameters_in_their_links(client, manager, rows):
    client.force_login(manager)
    html = client.get(CHANGELIST, {"status__exact": "investigating", "q": "x y"}).content.decode()
    assert '<li><a href="?q=x+y&amp;tier__exact=supervisor&amp;status__exact=investigating">' not in html
    assert '<li><a href="?q=x+y&amp;status__exact=investigating&amp;tier__exact=supervisor">' in html
    assert '<li class="selected"><a href="?q=x+y&amp;status__exact=investigating">' in html


@pytest.mark.django_db
def test_the_department_filter_follows_every_change_of_the_departments(client, manager, rows):
    client.force_login(manager)
    outlet = DepartmentFactory(code="OUT-R2", name="江宁网点", kind="outlet")
    assert "江宁网点 (OUT-R2)" in client.get(CHANGELIST).content.decode()
    outlet.name = "江宁二部"
    outlet.save()
    html = client.get(CHANGELIST).content.decode()
    assert "江宁二部 (OUT-R2)" in html and "江宁网点" not in html
    outlet.delete()
    assert "OUT-R2" not in client.get(CHANGELIST).content.decode()
