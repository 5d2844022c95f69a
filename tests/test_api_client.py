"""The API as its clients see it: a Python client generated from /api/schema/ (openapi-python-client,
as an integrator would) drives intake → events → a transition against the live server, and reads
every answer, errors included, into its typed models. A schema that says other than what is sent (a
required field sent as null, a missing error answer) makes this test fail."""

import importlib
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tests.conftest import _staff
from tests.org.factories import DepartmentFactory

CONFIG = "project_name_override: desk-client\npackage_name_override: desk_client\npost_hooks: []\n"


@pytest.fixture
def generated_client(live_server, tmp_path):
    """The client package generated from the live server's schema, importable as `desk_client`."""
    schema = tmp_path / "openapi.json"
    schema.write_bytes(urllib.request.urlopen(f"{live_server.url}/api/schema/?format=json").read())
    (tmp_path / "config.yaml").write_text(CONFIG)
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [generator, "generate", "--path", schema, "--config", tmp_path / "config.yaml", "--meta", "none"]
        + ["--output-path", tmp_path / "desk_client"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout  # every part of the schema was understood
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("desk_client")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == "desk_client" or n.startswith("desk_client.")]:
            del sys.modules[name]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_generated_client_drives_intake_events_and_a_transition(
    generated_client, live_server, reference_data
):
    agent = _staff("agent", username="client-agent")
    DepartmentFactory(code="OUT-C")
    api = importlib.import_module("desk_client.api.v1")
    models = importlib.import_module("desk_client.models")
    for name in ("v1_complaints_create", "v1_complaints_events_list", "v1_complaints_transitions_create"):
        importlib.import_module(f"desk_client.api.v1.{name}")
    client = generated_client.AuthenticatedClient(
        base_url=live_server.url,
        token=Token.objects.create(user=agent).key,
        prefix="Token",
        raise_on_unexpected_status=True,  # an answer the schema does not declare fails here
    )
    transition = api.v1_complaints_transitions_create.sync_detailed
    names = models.V1ComplaintsTransitionsCreateName

    intake = api.v1_complaints_create.sync_detailed(
        client=client,
        body=models.ComplaintIntake(
            channel=models.ChannelEnum.PHONE,
            customer=models.CustomerInput(name="张三丰", phone="13812345678"),
            description="快件三天未更新物流",
            category="delay.transit",
        ),
    )
    assert intake.status_code == 201
    complaint = intake.parsed
    assert isinstance(complaint, models.ComplaintDetail)
    assert (complaint.owner, complaint.customer.phone) == ("client-agent", "138******78")

    noted = transition(complaint.number, names.NOTE, client=client, body=models.TextArg(text="客户来电催促"))
    assert noted.status_code == 200 and isinstance(noted.parsed, models.ComplaintDetail)

    events = api.v1_complaints_events_list.sync(complaint.number, client=client)
    steps = [(e.name, e.from_, e.to, e.actor) for e in events.results if e.kind.value != "notification"]
    assert steps == [
        ("intake", None, "received", "client-agent"),
        ("acknowledge", "received", "acknowledged", None),  # the system: null, as the schema says
        ("note", "acknowledged", "acknowledged", "client-agent"),
    ]

    dispatched = transition(
        complaint.number,
        names.DISPATCH,
        client=client,
        body=models.DispatchArgs(department="OUT-C", note="请核实"),
    )
    assert dispatched.status_code == 200 and dispatched.parsed.status.value == "investigating"

    again = transition(complaint.number, names.ACKNOWLEDGE, client=client, body=models.NoteArg())
    assert again.status_code == 409 and isinstance(again.parsed, models.Conflict)
    assert again.parsed.status == "investigating"

    missing = api.v1_complaints_events_list.sync_detailed("TS2222222222", client=client)
    assert missing.status_code == 404 and isinstance(missing.parsed, models.Error)
