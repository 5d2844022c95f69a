"""Two people acting on one complaint at the same moment, on real concurrent database connections."""

import threading

import pytest
from django.db import connection

from complaints.models import ComplaintEvent
from tests.complaints.factories import ComplaintFactory
from tests.conftest import token_client


def race(requests):
    """Run the callables at the same moment, each on its own connection; return their results."""
    barrier, results = threading.Barrier(len(requests)), [None] * len(requests)

    def run(i, request):
        barrier.wait()
        try:
            results[i] = request()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_agents_resolving_at_once_one_wins_and_the_other_gets_409(reference_data, agent, supervisor):
    complaint = ComplaintFactory(status="investigating")
    url = f"/api/v1/complaints/{complaint.number}/transitions/resolve/"
    body = {"resolution": "已处理", "root_cause": "sorting", "company_at_fault": True}
    clients = [token_client(agent), token_client(supervisor)]

    responses = race([lambda c=c: c.post(url, body, format="json") for c in clients])

    assert sorted(r.status_code for r in responses) == [200, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["status"] == "resolved"
    assert ComplaintEvent.objects.filter(complaint=complaint, name="resolve").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_notes_are_all_kept(reference_data, agent, supervisor):
    complaint = ComplaintFactory(status="investigating")
    url = f"/api/v1/complaints/{complaint.number}/transitions/note/"
    clients = [token_client(agent), token_client(supervisor), token_client(agent)]

    responses = race(
        [lambda c=c, i=i: c.post(url, {"text": f"备注{i}"}, format="json") for i, c in enumerate(clients)]
    )

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert ComplaintEvent.objects.filter(complaint=complaint, name="note").count() == 3
