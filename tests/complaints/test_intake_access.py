"""Who files what through intake: channel bindings (managed in admin) and the idempotent replay of an
external_id, which answers only a caller who may see the stored complaint."""

import pytest

from complaints.models import ChannelBinding, Complaint, Contact
from tests.complaints.test_api import LIST, intake_body
from tests.conftest import _staff, channel_user


@pytest.fixture
def agent2(db):
    return _staff("agent", username="agent2-t")


def phone_body(**overrides):
    return intake_body(channel="phone", external_id="CALL-0001", **overrides)


@pytest.mark.django_db
def test_an_agent_replaying_a_colleagues_external_id_learns_nothing_of_it(api_as, agent, agent2):
    first = api_as(agent).post(LIST, phone_body(), format="json")
    assert first.status_code == 201
    stored = Complaint.objects.get()

    replay = api_as(agent2).post(LIST, phone_body(description="别的内容"), format="json")

    assert replay.status_code == 400
    assert set(replay.json()) == {"external_id"}
    text = replay.content.decode()
    for secret in (stored.number, "张三丰", stored.waybill_no, "agent-t"):
        assert secret not in text
    assert api_as(agent2).get(f"{LIST}{stored.number}/").status_code == 404
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_same_answer_whatever_the_body_for_a_caller_who_may_not_see_it(api_as, agent, agent2):
    api_as(agent).post(LIST, phone_body(), format="json")
    replay = api_as(agent2).post(LIST, {"channel": "phone", "external_id": "CALL-0001"}, format="json")
    assert replay.status_code == 400 and set(replay.json()) == {"external_id"}


@pytest.mark.django_db
def test_the_owner_replaying_gets_the_stored_complaint(api_as, agent):
    first = api_as(agent).post(LIST, phone_body(), format="json").json()
    again = api_as(agent).post(LIST, {"channel": "phone", "external_id": "CALL-0001"}, format="json")
    assert again.status_code == 200 and again.json()["number"] == first["number"]


@pytest.mark.django_db
def test_a_second_website_integration_cannot_read_the_firsts_complaint_by_replay(api_as, channel):
    api_as(channel).post(LIST, intake_body(), format="json")
    other = channel_user("channel-2", channels=["web"])
    replay = api_as(other).post(LIST, intake_body(), format="json")
    assert replay.status_code == 400 and set(replay.json()) == {"external_id"}
    assert "张" not in replay.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"channel": "regulator", "kind": "appeal", "regulator_ref": "12305-2026-0001"},
        {"channel": "phone"},
        {"channel": "wechat"},
    ],
)
def test_a_channel_files_only_under_the_channels_it_is_bound_to(api_as, channel, overrides):
    response = api_as(channel).post(LIST, intake_body(**overrides), format="json")
    assert response.status_code == 403
    assert "渠道" in response.json()["detail"]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_channel_cannot_replay_under_a_channel_it_is_not_bound_to(api_as, agent, channel):
    api_as(agent).post(LIST, phone_body(), format="json")
    replay = api_as(channel).post(LIST, {"channel": "phone", "external_id": "CALL-0001"}, format="json")
    assert replay.status_code == 403


@pytest.mark.django_db
def test_a_channel_user_without_bindings_files_nothing(api_as):
    unbound = channel_user("channel-new", channels=[])
    response = api_as(unbound).post(LIST, intake_body(), format="json")
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["phone", "outlet", "letter", "email", "regulator"])
def test_staff_file_under_the_staff_channels(api_as, agent, code):
    extra = {"kind": "appeal", "regulator_ref": "12305-2026-0002"} if code == "regulator" else {}
    response = api_as(agent).post(LIST, intake_body(channel=code, external_id="", **extra), format="json")
    assert response.status_code == 201, response.content


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["web", "app", "wechat"])
def test_staff_cannot_claim_a_channel_integration(api_as, agent, code):
    assert api_as(agent).post(LIST, intake_body(channel=code), format="json").status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_contacts_follow_the_same_bindings(api_as, channel):
    body = {"customer": {"name": "李四"}, "kind": "consultation", "text": "运费怎么算"}
    assert (
        api_as(channel).post("/api/v1/contacts/", {**body, "channel": "app"}, format="json").status_code
        == 201
    )
    refused = api_as(channel).post("/api/v1/contacts/", {**body, "channel": "phone"}, format="json")
    assert refused.status_code == 403
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_a_manager_binds_a_channel_in_admin_and_the_channel_files_under_it(client, api_as, manager, channel):
    client.force_login(manager)
    assert api_as(channel).post(LIST, intake_body(channel="wechat"), format="json").status_code == 403
    form = client.get("/admin/complaints/channelbinding/add/").content.decode()
    assert 'value="channel-t"' not in form and ">channel-t<" in form  # API users offered by name
    response = client.post(
        "/admin/complaints/channelbinding/add/", {"user": channel.pk, "channel": "wechat"}, follow=True
    )
    assert response.status_code == 200
    assert ChannelBinding.objects.filter(user=channel, channel="wechat").exists()
    assert api_as(channel).post(LIST, intake_body(channel="wechat"), format="json").status_code == 201


@pytest.mark.django_db
def test_staff_are_not_offered_as_api_users_to_bind(client, manager, agent):
    client.force_login(manager)
    response = client.post("/admin/complaints/channelbinding/add/", {"user": agent.pk, "channel": "web"})
    assert response.status_code == 200  # the form again, with the error
    assert not ChannelBinding.objects.exists()


@pytest.mark.django_db
def test_existing_channel_users_keep_the_channels_they_used_when_bindings_arrive(agent):
    from importlib import import_module

    from django.apps import apps

    from tests.complaints.factories import ComplaintFactory
    from tests.org.factories import UserFactory

    old_user = UserFactory(username="channel-old", roles=["channel"])
    ComplaintFactory(created_by=old_user, channel="app")
    ComplaintFactory(created_by=old_user, channel="app")
    ComplaintFactory(created_by=agent, channel="phone")
    import_module("complaints.migrations.0016_channel_bindings").bind_existing_channel_users(apps, None)
    assert set(ChannelBinding.objects.values_list("user__username", "channel")) == {("channel-old", "app")}
