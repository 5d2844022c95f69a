"""Personas and clients shared by every test: each access rule is tested per persona."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from org.roles import Role
from tests.org.factories import DepartmentFactory, StaffProfileFactory, UserFactory


def _staff(role: str, department_code: str = "CS-T", **user_kwargs):
    department = DepartmentFactory(code=department_code, kind="customer_service")
    user = UserFactory(
        roles=[role], is_staff=role in {"supervisor", "expert", "manager", "auditor"}, **user_kwargs
    )
    StaffProfileFactory(user=user, department=department)
    return user


@pytest.fixture
def agent(db):
    return _staff(Role.AGENT, username="agent-t")


@pytest.fixture
def supervisor(db):
    return _staff(Role.SUPERVISOR, username="supervisor-t")


@pytest.fixture
def manager(db):
    return _staff(Role.MANAGER, username="manager-t")


@pytest.fixture
def auditor(db):
    return _staff(Role.AUDITOR, username="auditor-t")


@pytest.fixture
def dept_staff(db):
    return _staff(Role.DEPARTMENT_STAFF, department_code="OUT-T", username="dept-t")


def channel_user(username: str, channels=("web", "app")):
    """An API integration user bound (in admin) to `channels`."""
    from complaints.models import ChannelBinding

    user = UserFactory(username=username, roles=[Role.CHANNEL])
    for code in channels:
        ChannelBinding.objects.create(user=user, channel=code)
    return user


@pytest.fixture
def channel(db):
    """The website and app channel's API user."""
    return channel_user("channel-t")


@pytest.fixture
def operations(db):
    return UserFactory(username="ops-t", roles=[Role.OPERATIONS])


@pytest.fixture
def outsider(db):
    """Logged in, but without any role."""
    return UserFactory(username="outsider-t")


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def api_as():
    """api_as(user) → an API client authenticated with the user's token."""
    return token_client


REFERENCE_ROWS = [
    ("org.migrations.0002_roles", "create_roles"),
    ("customers.migrations.0002_standard_product", "create_standard"),
    ("complaints.migrations.0002_taxonomy", "create_taxonomy"),
    ("complaints.migrations.0004_sla_policies_and_role_permissions", "forwards"),
    ("complaints.migrations.0006_schedule_sla_sweep", "schedule"),
    ("complaints.migrations.0008_role_permissions_replies_contacts", "forwards"),
    ("complaints.migrations.0010_default_classification_rules", "forwards"),
    ("complaints.migrations.0013_incident_permissions", "forwards"),
    ("complaints.migrations.0016_channel_bindings", "grant_permissions"),
    ("customers.migrations.0004_unmask_log", "grant_permissions"),
    ("complaints.migrations.0017_deadline_rounds", "appeal_rehandling"),
    ("analytics.migrations.0002_schedules", "schedule"),
    ("analytics.migrations.0003_role_permissions", "forwards"),
    ("notifications.migrations.0002_schedule_delivery", "schedule"),
    ("notifications.migrations.0004_notice_template_permissions", "forwards"),
    ("claims.migrations.0002_authority_and_permissions", "forwards"),
    ("claims.migrations.0004_penalty_rules_and_permissions", "forwards"),
    ("infra.migrations.0002_login_lockout", "forwards"),
]


def load_reference_rows() -> None:
    """Re-run the data migrations' idempotent functions (roles, taxonomy, SLA policies, schedules,
    authority limits): a transactional test empties the database when it ends."""
    from importlib import import_module

    from django.apps import apps

    for module, function in REFERENCE_ROWS:
        getattr(import_module(module), function)(apps, None)


@pytest.fixture
def reference_data(transactional_db):
    """The data migrations' rows, for transactional tests."""
    load_reference_rows()


@pytest.fixture(autouse=True)
def _reference_rows_after_a_flush(request):
    """Whatever order the plugins leave the tests in, a test that uses the database finds the data
    migrations' rows: after a transactional test emptied the database they are loaded again."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="agent").exists():
        load_reference_rows()


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """Django's LocaleMiddleware activates each request's language on the thread and leaves it there
    (the next request activates its own), so a test that made an English request would leave English to
    the next test in the same worker: start every test in the default language (zh-hans)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
