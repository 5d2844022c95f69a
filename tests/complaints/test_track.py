"""/track/ for customers: number + phone by POST, a result URL without the phone, the same answer for
any mismatch, rate limited per real client (atomically across processes), masked."""

import datetime as dt
import re
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client

from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import CustomerFactory


@pytest.fixture(autouse=True)
def early_in_a_minute():
    """The limit counts per minute window: each test starts 5 s into one, so its lookups (even on a
    loaded machine) do not straddle two windows."""
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, 0, 5, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def complaint(db):
    return ComplaintFactory(
        customer=CustomerFactory(name="张三丰", phone="13812345678"),
        contact_name="张三丰",
        status="investigating",
    )


@pytest.mark.django_db
def test_number_and_phone_by_post_redirect_to_a_result_without_the_phone(client, complaint):
    response = client.post("/track/", {"number": complaint.number.lower(), "phone": "138-1234-5678"})

    assert response.status_code == 302
    assert response["Location"] == "/track/result/"
    page = client.get(response["Location"]).content.decode()
    assert "调查" in page
    assert "张*丰" in page and "张三丰" not in page
    assert "13812345678" not in page and "1234-5678" not in page


@pytest.mark.django_db
def test_a_lookup_by_get_finds_nothing_and_drops_the_phone_from_the_address(client, complaint):
    response = client.get("/track/", {"number": complaint.number, "phone": "13812345678"}, follow=True)
    assert response.redirect_chain == [("/track/", 302)]
    page = response.content.decode()
    assert 'method="post"' in page
    assert complaint.number not in page and "13812345678" not in page


@pytest.mark.django_db
def test_the_result_is_only_for_the_visitor_who_looked_it_up(client, complaint):
    client.post("/track/", {"number": complaint.number, "phone": "13812345678"})
    assert Client().get("/track/result/")["Location"] == "/track/"


@pytest.mark.django_db
def test_a_wrong_number_and_a_wrong_phone_get_the_same_answer(client, complaint):
    wrong_phone = client.post("/track/", {"number": complaint.number, "phone": "13900000000"})
    wrong_number = client.post("/track/", {"number": "TS0000000000", "phone": "13812345678"})
    assert wrong_phone.status_code == wrong_number.status_code == 200

    def strip(response):
        page = response.content.decode().split('<main class="content">')[1]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)

    typed_away = strip(wrong_phone).replace(complaint.number, "").replace("13900000000", "")
    assert typed_away == strip(wrong_number).replace("TS0000000000", "").replace("13812345678", "")
    assert "未找到" in wrong_phone.content.decode()


@pytest.mark.django_db
def test_lookups_are_limited_to_ten_a_minute_per_client(client, complaint):
    codes = [
        client.post("/track/", {"number": "TS0000000000", "phone": "13812345678"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    assert "请稍等" in client.post("/track/", {"number": "x", "phone": "y"}).content.decode()


@pytest.mark.django_db
def test_the_empty_form_needs_no_login(client):
    assert client.get("/track/").status_code == 200


def _lookups(count: int, **headers) -> list[int]:
    return [
        Client(**headers).post("/track/", {"number": "TS0000000000", "phone": "13812345678"}).status_code
        for _ in range(count)
    ]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_customer_has_their_own_limit(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = _lookups(10, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = _lookups(1, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.0.5")
    again = _lookups(1, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert first == [200] * 10 and other == [200] and again == [429]


@pytest.mark.django_db
def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    spoofed = [
        Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        .post("/track/", {"number": "TS0000000000", "phone": "13812345678"})
        .status_code
        for n in range(11)
    ]
    assert spoofed[-1] == 429


@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_lookups_pass_the_limit_exactly_ten_times():
    """Each thread has its own database connection, as each worker process has."""
    start = threading.Barrier(40)
    codes: list[int] = []

    def lookup():
        client = Client(REMOTE_ADDR="192.0.2.40")
        start.wait()
        try:
            codes.append(client.post("/track/", {"number": "TS0000000000", "phone": "1"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=lookup) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200] * 10 + [429] * 30


@pytest.mark.django_db
def test_a_waybill_and_the_phone_find_the_customers_complaints_newest_first(client):
    customer = CustomerFactory(name="李四", phone="13900001111")
    older = ComplaintFactory(customer=customer, waybill_no="KD7777777777", status="closed")
    newer = ComplaintFactory(customer=customer, waybill_no="KD7777777777", status="investigating")
    someone_else = ComplaintFactory(waybill_no="KD7777777777", status="investigating")
    response = client.post("/track/", {"number": " kd7777777777 ", "phone": "139 0000 1111"})
    assert response["Location"] == "/track/result/"
    page = client.get("/track/result/").content.decode()
    assert page.index(newer.number) < page.index(older.number)
    assert someone_else.number not in page
    assert "13900001111" not in page and "李*" in page


@pytest.mark.django_db
def test_a_waybill_with_another_phone_gets_the_same_answer_as_a_wrong_number(client, complaint):
    complaint.waybill_no = "KD8888888888"
    complaint.save()
    by_waybill = client.post("/track/", {"number": "KD8888888888", "phone": "13900009999"}).content.decode()
    by_number = client.post("/track/", {"number": "TS2222222222", "phone": "13812345678"}).content.decode()
    assert "未找到" in by_waybill and "未找到" in by_number
    assert complaint.number not in by_waybill


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number",
    [
        "ＫＤ８８８８８８８８８８",
        "kd 8888 8888 88",
        "KD8888888888\x00",
        "\x01KD8888888888",
        "KD" + "8" * 5000,
    ],
)
def test_odd_waybill_input_finds_or_is_refused_without_an_error(client, complaint, number):
    complaint.waybill_no = "KD8888888888"
    complaint.save()
    response = client.post("/track/", {"number": number, "phone": "１３８１２３４５６７８"})
    assert response.status_code == (400 if "\x00" in number else response.status_code)
    assert response.status_code in (200, 302, 400)
    if number.startswith(("ＫＤ", "kd")):
        assert response.status_code == 302  # full-width or spaced: the same waybill
        assert complaint.number in client.get("/track/result/").content.decode()
