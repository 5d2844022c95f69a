"""generate_data: realistic, consistent bulk data (states, deadlines, events, claims), repeatable."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F
from django.utils import timezone

from claims.models import Claim
from complaints.models import Complaint, ComplaintEvent, Contact
from customers.models import Shipment


@pytest.mark.django_db(transaction=True)
def test_generated_data_is_consistent_and_spans_the_states(capsys):
    call_command("generate_data", "--complaints", "2000", "--months", "3", "--seed", "11")
    out = capsys.readouterr().out
    assert "[9/9]" in out and "complaints: 2,000" in out
    complaints = Complaint.objects.filter(number__startswith="G11")
    assert complaints.count() == 2000
    assert Shipment.objects.filter(waybill_no__startswith="G11").count() == 20000
    # Spread over the months asked for, not bunched on one day.
    from django.db.models.functions import TruncMonth

    months = complaints.annotate(m=TruncMonth("received_at")).values("m").distinct().count()
    assert months >= 3
    assert (
        Shipment.objects.filter(waybill_no__startswith="G11").values("shipped_at").distinct().count() > 19000
    )
    states = dict(complaints.order_by().values_list("status").annotate(n=Count("pk")))
    assert {"closed", "resolved", "investigating", "received"} <= set(states)
    # Deadlines as the product computes them: answer-by never after the statutory limit, both after receipt.
    assert not complaints.filter(resolve_due__gt=F("statutory_due")).exists()
    assert not complaints.filter(resolve_due__lte=F("received_at")).exists()
    assert not complaints.filter(status__in=["resolved", "closed"], resolved_at__isnull=True).exists()
    assert not complaints.filter(status__in=["resolved", "closed"], root_cause__isnull=True).exists()
    assert not complaints.filter(closed_at__lt=F("resolved_at")).exists()
    # Every complaint has its intake event; the events follow the states.
    assert ComplaintEvent.objects.filter(complaint__in=complaints, name="intake").count() == 2000
    assert ComplaintEvent.objects.filter(complaint__in=complaints, name="close").count() == states["closed"]
    assert Claim.objects.filter(complaint__in=complaints, status="paid").exists()
    assert Contact.objects.count() == 400
    # Indexes and foreign keys are back after the bulk insert.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'complaints_complaint'")
        assert cursor.fetchone()[0] >= 15
        cursor.execute(
            "SELECT count(*) FROM pg_constraint"
            " WHERE conrelid = 'customers_shipment'::regclass AND contype = 'f'"
        )
        assert cursor.fetchone()[0] == 5
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'complaints_complaint'::regclass"
            " AND NOT tgisinternal AND tgenabled = 'O'"
        )
        assert cursor.fetchone()[0] == 2  # the open-load triggers are back on
    # The open loads, written behind the triggers' back, were recounted.
    from complaints.models import AgentLoad
    from complaints.services.routing import agent_load_drift

    assert agent_load_drift() == {} and AgentLoad.objects.filter(owned__gt=0).count() >= 30
    # The nightly shipment counts of every day generated, as the monthly report reads them.
    from analytics.models import ShipmentDay

    assert ShipmentDay.objects.filter(outlet__isnull=True).count() >= 90
    from complaints.workdays import SHANGHAI

    today = dt.datetime.combine(timezone.now().astimezone(SHANGHAI).date(), dt.time.min, SHANGHAI)
    shipped_before_today = Shipment.objects.filter(shipped_at__lt=today).count()
    assert sum(ShipmentDay.objects.values_list("shipments", flat=True)) == shipped_before_today > 19000

    with pytest.raises(CommandError, match="seed"):
        call_command("generate_data", "--complaints", "10", "--seed", "11")
    call_command("generate_data", "--complaints", "10", "--seed", "12")  # another seed adds more
    assert Complaint.objects.filter(number__startswith="G12").count() == 10


@pytest.mark.django_db
def test_bad_arguments_are_refused():
    with pytest.raises(CommandError):
        call_command("generate_data", "--complaints", "0")
