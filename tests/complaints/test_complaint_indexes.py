"""The complaint table's indexes are those docs/capacity.md lists, each with the queries it serves: every
insert and every update of a complaint (the SLA sweep escalating tens of thousands at once) writes an
entry into each, so none is kept without a query. The narrowed (partial) ones stay usable by the
queries they serve, which imply their conditions."""

import re
from pathlib import Path

import pytest
from django.db import connection, transaction

from complaints.models import Complaint, ComplaintEvent
from complaints.rules import visible_q

DOC = Path(__file__).resolve().parents[2] / "docs" / "capacity.md"


def documented(table: str) -> set[str]:
    """The index names of the table's list in docs/capacity.md (the first column of its rows)."""
    section = DOC.read_text().split("## Indexes of the complaint table", 1)[1].split("\n## ", 1)[0]
    listed = section.split(f"<!-- {table} -->", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"^\| `(\w+)`", listed, re.MULTILINE))


def indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["complaints_complaint", "complaints_complaintevent"])
def test_the_tables_indexes_are_the_documented_ones(table):
    assert indexes(table) == documented(table)


def plan(queryset) -> str:
    """The plan PostgreSQL would choose were the table large (sequential scans off)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.order_by().values("pk").explain()


@pytest.mark.django_db
def test_a_departments_scope_is_read_from_the_index_of_each_of_its_terms(dept_staff):
    """Assigned to them, dispatched to their department, asked of it, or found its fault: one bitmap of
    four indexes (a term without an index would make it a scan of every complaint)."""
    text = plan(Complaint.objects.filter(visible_q(dept_staff)))
    for name in [
        "complaint_assignee_idx",
        "complaint_department_idx",
        "complaint_consulted_idx",
        "complaint_responsible_idx",
    ]:
        assert name in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "lookup", "index"),
    [
        (Complaint, {"merged_into_id": 1}, "complaint_merged_into_idx"),
        (Complaint, {"incident_id": 1}, "complaint_incident_idx"),
        (ComplaintEvent, {"actor_id": 1}, "event_actor_idx"),
    ],
)
def test_the_indexes_of_the_rows_with_a_value_serve_the_lookups_by_value(model, lookup, index):
    assert index in plan(model.objects.filter(**lookup))


@pytest.mark.django_db
def test_a_category_filter_is_read_from_the_category_index_not_the_whole_table():
    """The workbench and API filter (a category and its subcategories): a rare or unused category's
    capped count would otherwise read every complaint."""
    from complaints.filters import ComplaintFilterSet

    filtered = ComplaintFilterSet({"category": "delay"}, queryset=Complaint.objects.all()).qs
    assert "complaints_complaint_category_id_9eb66f7d" in plan(filtered)
