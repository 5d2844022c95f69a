"""Schema-driven fuzzing of the whole REST API (schemathesis over /api/schema/): no input gives a server
error, and every answer (errors included) matches the schema, its status code declared. Each generated
request is sent twice: as generated, and with its path pointing at real records (a complaint with
events and evidence, a claim, a shipment, a built monthly report), so that the 200 answers are checked
too. Bounded: a few examples per operation."""

import os
from decimal import Decimal

import pytest
import schemathesis
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.org.factories import UserFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _schema():
    from config.wsgi import application

    # Read through the app itself (anonymous, no database needed), at collection time.
    return schemathesis.openapi.from_wsgi("/api/schema/", application, headers={"Host": "127.0.0.1"})


schema = _schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI app, which closes the database connection after each request (the
    test client switches that off; so do we, or the test's transaction would be lost)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def real(db, tmp_path, settings) -> dict:
    """Real records behind the path parameters, made through the services as users make them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from analytics.months import Month
    from analytics.services import monthly_report_build
    from claims.services import claim_create
    from complaints import services
    from org.models import Department
    from tests.conftest import _staff
    from tests.customers.factories import ShipmentFactory

    settings.MEDIA_ROOT = tmp_path
    agent = _staff("agent", username="fuzz-agent")
    shipment = ShipmentFactory(
        waybill_no="KD9000000001", freight=Decimal("20.00"), insured=True, insured_amount=Decimal("800")
    )
    complaint = services.complaint_intake(
        actor=agent,
        channel="phone",
        customer_name="张三丰",
        customer_phone="13812345678",
        description="快件破损",
        category_code="damage.broken",
        waybill_no=shipment.waybill_no,
    ).complaint
    services.complaint_note(complaint=complaint, actor=agent, text="客户来电催促")
    outlet = Department.objects.create(code="OUT-FZ", name="网点", kind="outlet")
    complaint = services.complaint_dispatch(complaint=complaint, actor=agent, department=outlet)
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    attachment = services.attachment_add(complaint=complaint, actor=agent, upload=png)
    claim = claim_create(complaint=complaint, actor=agent, claim_type="lost", actual_loss=Decimal("300"))
    month = Month.parse(timezone.localdate().strftime("%Y-%m"))
    monthly_report_build(month, notify=False)
    return {
        "number": complaint.number,
        "attachment_id": str(attachment.pk),
        "id": str(claim.pk),
        "waybill_no": shipment.waybill_no,
        "month": str(month),
    }


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_to_the_api_gives_a_server_error_or_an_undeclared_answer(case, real):
    from django.contrib.auth.models import User

    manager = User.objects.filter(username="fuzz").first() or UserFactory(
        username="fuzz", roles=["manager", "operations"]
    )
    token = Token.objects.get_or_create(user=manager)[0].key
    headers = {"Authorization": f"Token {token}", "Host": "127.0.0.1"}
    _call(case, headers)
    on_real = {name: real[name] for name in case.path_parameters or {} if name in real}
    if on_real:
        case.path_parameters = {**case.path_parameters, **on_real}
        _call(case, headers)


def _call(case, headers) -> None:
    """One request in a savepoint rolled back afterwards (the real records stay as they are)."""
    savepoint = transaction.savepoint()
    try:
        response = case.call(headers=headers)
        # No request may leave the database in an aborted transaction: a value PostgreSQL rejects
        # must be caught by validation first, with a Chinese message, not by the database.
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            pytest.fail(
                f"the database rejected what validation let through: {case.method} {case.path} "
                f"path={case.path_parameters!r} query={case.query!r} body={case.body!r}"
            )
        case.validate_response(response, checks=CHECKS)
    finally:
        transaction.savepoint_rollback(savepoint)
