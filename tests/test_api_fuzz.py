"""Schema-driven fuzzing of the whole REST API (schemathesis over /api/schema/): no input gives a server
error, and what the API answers matches its schema. Bounded: a few examples per operation."""

import os

import pytest
import schemathesis
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.org.factories import UserFactory


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


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_to_the_api_gives_a_server_error(case):
    from django.contrib.auth.models import User

    manager = User.objects.filter(username="fuzz").first() or UserFactory(
        username="fuzz", roles=["manager", "operations"]
    )
    token = Token.objects.get_or_create(user=manager)[0].key
    savepoint = transaction.savepoint()
    response = case.call(headers={"Authorization": f"Token {token}", "Host": "127.0.0.1"})
    # No request may leave the database in an aborted transaction: a value PostgreSQL rejects must be
    # caught by validation first, with a Chinese message, not by the database.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        transaction.savepoint_rollback(savepoint)
        pytest.fail(
            f"the database rejected what validation let through: {case.method} {case.path} "
            f"query={case.query!r} body={case.body!r}"
        )
    transaction.savepoint_commit(savepoint)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
