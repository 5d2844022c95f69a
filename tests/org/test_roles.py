import pytest
from django.contrib.auth.models import Group

from org.roles import Role, has_role


def perms_of(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


@pytest.mark.django_db
def test_every_role_exists_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.django_db
def test_the_auditor_can_only_view():
    perms = perms_of(Role.AUDITOR)
    assert perms
    assert all(p.split(".")[1].startswith("view_") for p in perms)


@pytest.mark.django_db
def test_only_operations_and_managers_may_change_shipments():
    allowed = {role for role in Role if "customers.change_shipment" in perms_of(role)}
    assert allowed == {Role.OPERATIONS, Role.MANAGER}


@pytest.mark.django_db
def test_has_role_reads_groups_once_per_user(agent, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert has_role(agent, Role.AGENT)
        assert not has_role(agent, Role.MANAGER)
