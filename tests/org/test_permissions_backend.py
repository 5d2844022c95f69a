"""The permissions backend: Django's model permissions (the user's own and their roles'), in one query."""

import pytest
from django.contrib.auth import backends
from django.contrib.auth.models import Permission

from tests.org.factories import UserFactory


def django_permissions(user) -> set[str]:
    fresh = type(user).objects.get(pk=user.pk)
    return backends.ModelBackend().get_all_permissions(fresh)


@pytest.mark.django_db
def test_a_user_has_their_own_and_their_roles_permissions_read_in_one_query(django_assert_num_queries):
    user = UserFactory(roles=["agent", "department_staff"])
    user.user_permissions.add(Permission.objects.get(codename="view_monthlyreport"))
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert user.has_perm("analytics.view_monthlyreport")  # their own
        assert user.has_perm("complaints.add_complaint")  # an agent's
        assert not user.has_perm("complaints.unmask_personal_data")  # a supervisor's
    assert user.get_all_permissions() == django_permissions(user)


@pytest.mark.django_db
def test_a_superuser_has_every_permission_and_an_inactive_user_none():
    superuser = UserFactory(is_superuser=True)
    assert superuser.get_all_permissions() == django_permissions(superuser)
    assert superuser.get_all_permissions() >= {"claims.add_claim", "complaints.unmask_personal_data"}
    inactive = UserFactory(roles=["manager"], is_active=False)
    assert inactive.get_all_permissions() == set() and not inactive.has_perm("complaints.add_complaint")
