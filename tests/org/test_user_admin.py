"""Managers manage staff in admin through a restricted form: name, role (our roles only), department,
active, password reset. Superuser status, groups and per-user permissions stay with superusers."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from org.models import StaffProfile
from tests.conftest import _staff
from tests.org.factories import DepartmentFactory, UserFactory

USERS = "/admin/auth/user/"


def change_body(user, **overrides):
    profile = StaffProfile.objects.filter(user=user).first()
    body = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "display_name": "客服 小王",
        "role": "agent",
        "department": profile.department_id if profile else "",
        "is_active": "on",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
def staff_client(client, manager):
    client.force_login(manager)
    return client


@pytest.mark.django_db
def test_the_managers_form_offers_no_superuser_status_groups_or_permissions(staff_client, agent):
    page = staff_client.get(f"{USERS}{agent.pk}/change/").content.decode()
    for name in ("is_superuser", "user_permissions", "groups", "is_staff"):
        assert f'name="{name}"' not in page
    for name in ("role", "department", "display_name", "is_active"):
        assert f'name="{name}"' in page
    assert f"{USERS}{agent.pk}/password/" in page or "../password/" in page


@pytest.mark.django_db
def test_a_manager_cannot_grant_superuser_status_or_permissions_by_posting_them(staff_client, agent):
    powerful = Permission.objects.get(codename="change_user")
    response = staff_client.post(
        f"{USERS}{agent.pk}/change/",
        change_body(
            agent,
            is_superuser="on",
            is_staff="on",
            user_permissions=[powerful.pk],
            groups=[Group.objects.get(name="manager").pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agent.refresh_from_db()
    assert not agent.is_superuser and not agent.is_staff
    assert not agent.user_permissions.exists()
    assert set(agent.groups.values_list("name", flat=True)) == {"agent"}


@pytest.mark.django_db
def test_a_manager_promotes_an_agent_and_moves_them_to_another_department(staff_client, agent):
    other = DepartmentFactory(code="CS-N", kind="customer_service")
    response = staff_client.post(
        f"{USERS}{agent.pk}/change/", change_body(agent, role="supervisor", department=other.pk)
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert set(agent.groups.values_list("name", flat=True)) == {"supervisor"}
    assert agent.is_staff  # supervisors open the admin
    assert (agent.staff_profile.department, agent.staff_profile.display_name) == (other, "客服 小王")


@pytest.mark.django_db
def test_only_our_roles_can_be_given(staff_client, agent):
    custom = Group.objects.create(name="all-powerful")
    custom.permissions.add(Permission.objects.get(codename="change_user"))
    page = staff_client.get(f"{USERS}{agent.pk}/change/").content.decode()
    assert "all-powerful" not in page.split('name="role"')[1].split("</select>")[0]
    response = staff_client.post(f"{USERS}{agent.pk}/change/", change_body(agent, role="all-powerful"))
    assert response.status_code == 200  # the form again, with the error
    assert not agent.groups.filter(name="all-powerful").exists()


@pytest.mark.django_db
def test_back_office_staff_need_a_department(staff_client, agent):
    response = staff_client.post(f"{USERS}{agent.pk}/change/", change_body(agent, department=""))
    assert response.status_code == 200
    assert "部门" in response.content.decode()


@pytest.mark.django_db
def test_a_manager_deactivates_a_member_of_staff(staff_client, agent):
    response = staff_client.post(f"{USERS}{agent.pk}/change/", change_body(agent, is_active=None))
    assert response.status_code == 302
    agent.refresh_from_db()
    assert not agent.is_active


@pytest.mark.django_db
def test_a_manager_resets_a_password(client, staff_client, agent):
    response = staff_client.post(
        f"{USERS}{agent.pk}/password/",
        {"password1": "new-Pass-2026-x", "password2": "new-Pass-2026-x", "set_usable_password": "true"},
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password("new-Pass-2026-x")


@pytest.mark.django_db
def test_a_manager_adds_a_member_of_staff_with_role_and_department(staff_client, manager):
    department = manager.staff_profile.department
    response = staff_client.post(
        f"{USERS}add/",
        {
            "username": "agent-new",
            "usable_password": "true",
            "password1": "new-Pass-2026-x",
            "password2": "new-Pass-2026-x",
            "display_name": "客服 新人",
            "role": "agent",
            "department": department.pk,
            "is_active": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="agent-new")
    assert not user.is_superuser and not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["agent"]
    assert user.staff_profile.department == department


@pytest.mark.django_db
def test_a_manager_neither_sees_nor_changes_a_superuser(staff_client):
    root = UserFactory(username="root-t", is_superuser=True, is_staff=True)
    assert "root-t" not in staff_client.get(USERS).content.decode()
    assert staff_client.get(f"{USERS}{root.pk}/change/").status_code in (302, 404)
    response = staff_client.post(
        f"{USERS}{root.pk}/password/",
        {"password1": "new-Pass-2026-x", "password2": "new-Pass-2026-x", "set_usable_password": "true"},
    )
    assert response.status_code == 404
    root.refresh_from_db()
    assert not root.check_password("new-Pass-2026-x")


@pytest.mark.django_db
def test_a_superuser_keeps_the_full_form(client):
    root = UserFactory(username="root-t", is_superuser=True, is_staff=True)
    agent = _staff("agent", username="agent-x")
    client.force_login(root)
    page = client.get(f"{USERS}{agent.pk}/change/").content.decode()
    assert 'name="is_superuser"' in page and 'name="user_permissions"' in page


@pytest.mark.django_db
def test_auditors_read_users_but_change_nothing(client, auditor, agent):
    client.force_login(auditor)
    assert client.get(f"{USERS}{agent.pk}/change/").status_code == 200
    response = client.post(f"{USERS}{agent.pk}/change/", change_body(agent, role="manager"))
    assert response.status_code == 403
    assert not agent.groups.filter(name="manager").exists()
