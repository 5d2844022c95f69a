"""Reads compiled once per process (infra/prepared.py) give what their querysets give, for every call's
arguments, and refuse what cannot be prepared."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q

from complaints.models import Complaint, ComplaintEvent
from infra.prepared import Prepared, read_all
from org.models import Department
from tests.complaints.factories import ComplaintFactory
from tests.org.factories import DepartmentFactory


def _events(complaint, n: int, data: dict | None = None) -> None:
    from django.utils import timezone

    for i in range(n):
        ComplaintEvent.objects.create(
            complaint=complaint, at=timezone.now(), kind="note", name="note", note=f"记录{i}", data=data or {}
        )


@pytest.mark.django_db
def test_a_prepared_read_gives_each_call_its_own_rows_with_their_joined_rows(agent, supervisor):
    first = ComplaintFactory(owner=agent, assignee=agent)
    second = ComplaintFactory(owner=supervisor)
    by_number = Prepared(
        lambda number: Complaint.objects.select_related("customer", "owner", "assignee").filter(number=number)
    )

    found = by_number.first(first.number)
    assert (found.pk, found.owner.username, found.assignee.username) == (first.pk, "agent-t", "agent-t")
    assert found.customer.phone == first.customer.phone
    found = by_number.first(second.number)
    assert (found.pk, found.owner.username, found.assignee) == (second.pk, "supervisor-t", None)
    assert by_number.first("NOSUCHNUMBER") is None


@pytest.mark.django_db
def test_values_lists_annotations_and_json_come_back_as_the_queryset_gives_them():
    complaint = ComplaintFactory()
    _events(complaint, 3, data={"amount": "12.50"})
    rows = Prepared(
        lambda pk: (
            ComplaintEvent.objects.filter(complaint_id=pk)
            .annotate(entries=Count("pk"))
            .order_by("id")
            .values_list("note", "data", "entries")
        )
    ).all(complaint.pk)
    assert rows == [(f"记录{i}", {"amount": "12.50"}, 1) for i in range(3)]
    dicts = Prepared(lambda pk: Complaint.objects.filter(pk=pk).values("number", "status")).all(complaint.pk)
    assert dicts == [{"number": complaint.number, "status": complaint.status}]


@pytest.mark.django_db
def test_lists_none_and_shapes_each_have_their_own_sql(agent):
    complaints = [ComplaintFactory(owner=agent if i % 2 else None) for i in range(4)]
    ids = [c.pk for c in complaints]
    numbers = Prepared(
        lambda pks, owner, *, scope: (
            Complaint.objects.filter(pk__in=pks, owner=owner)
            .filter(scope or Q())
            .order_by("id")
            .values_list("number")
        )
    )
    assert numbers.all(ids, None, scope=None) == [(complaints[0].number,), (complaints[2].number,)]
    assert numbers.all(ids[:2], agent.pk, scope=None) == [(complaints[1].number,)]
    assert numbers.all(ids, agent.pk, scope=Q(pk=ids[3])) == [(complaints[3].number,)]
    assert numbers.all([], agent.pk, scope=None) == []


@pytest.mark.django_db
def test_reads_together_come_back_by_name_in_one_query(django_assert_num_queries):
    complaint = ComplaintFactory()
    DepartmentFactory(code="OUT-P", name="浦东网点")
    together = Prepared(
        lambda pk, code: {
            "complaint": Complaint.objects.filter(pk=pk).values("number"),
            "department": Department.objects.filter(code=code).values("name"),
            "none": Complaint.objects.filter(pk__in=[]).values("number"),
        }
    )
    with django_assert_num_queries(1):
        rows = together.all(complaint.pk, "OUT-P")
    assert rows == {
        "complaint": [{"number": complaint.number}],
        "department": [{"name": "浦东网点"}],
        "none": [],
    }


@pytest.mark.django_db
def test_an_argument_the_sql_does_not_take_as_a_parameter_is_refused():
    # A slice is written into the SQL: each call would need its own compilation.
    newest = Prepared(lambda n: Complaint.objects.order_by("-id")[:n])
    with pytest.raises(ImproperlyConfigured):
        newest.all(5)
    with pytest.raises(TypeError):
        Prepared(lambda day: Complaint.objects.filter(received_at__date=day)).all(1.5)


@pytest.mark.django_db
def test_several_reads_go_in_one_round_trip_and_come_back_in_order(agent, django_assert_num_queries):
    first, second = ComplaintFactory(owner=agent), ComplaintFactory()
    _events(second, 2)
    by_pk = Prepared(lambda pk: Complaint.objects.select_related("owner").filter(pk=pk))
    notes = Prepared(
        lambda pk: ComplaintEvent.objects.filter(complaint_id=pk).order_by("id").values_list("note")
    )
    nothing = Prepared(lambda pks: Complaint.objects.filter(pk__in=pks))
    with django_assert_num_queries(1):
        found, none, events, found_again = read_all(
            by_pk.bind(first.pk), nothing.bind([]), notes.bind(second.pk), by_pk.bind(second.pk)
        )
    assert [c.pk for c in found] == [first.pk] and found[0].owner == agent
    assert none == [] and events == [("记录0",), ("记录1",)]
    assert [c.pk for c in found_again] == [second.pk] and found_again[0].owner is None
    with django_assert_num_queries(0):
        assert read_all(nothing.bind([])) == [[]]
