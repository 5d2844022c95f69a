"""/track/ for customers: number + phone, same answer for any mismatch, rate limited, masked."""

import pytest

from tests.complaints.factories import ComplaintFactory
from tests.customers.factories import CustomerFactory


@pytest.fixture
def complaint(db):
    return ComplaintFactory(
        customer=CustomerFactory(name="张三丰", phone="13812345678"),
        contact_name="张三丰",
        status="investigating",
    )


@pytest.mark.django_db
def test_number_and_phone_show_the_progress_in_plain_chinese_masked(client, complaint):
    page = client.get(
        "/track/", {"number": complaint.number.lower(), "phone": "138-1234-5678"}
    ).content.decode()
    assert "正在与相关部门调查" in page or "调查" in page
    assert "张*丰" in page and "张三丰" not in page


@pytest.mark.django_db
def test_a_wrong_number_and_a_wrong_phone_get_the_same_answer(client, complaint):
    wrong_phone = client.get("/track/", {"number": complaint.number, "phone": "13900000000"}).content.decode()
    wrong_number = client.get("/track/", {"number": "TS0000000000", "phone": "13812345678"}).content.decode()
    strip = lambda page: page.split('<main class="content">')[1]  # noqa: E731
    typed_away = strip(wrong_phone).replace(complaint.number, "").replace("13900000000", "")
    assert typed_away == strip(wrong_number).replace("TS0000000000", "").replace("13812345678", "")
    assert "未找到" in wrong_phone


@pytest.mark.django_db
def test_lookups_are_limited_to_ten_a_minute_per_client(client, complaint):
    codes = [
        client.get("/track/", {"number": "TS0000000000", "phone": "13812345678"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    assert "请稍等" in client.get("/track/", {"number": "x", "phone": "y"}).content.decode()


@pytest.mark.django_db
def test_the_empty_form_needs_no_login(client):
    assert client.get("/track/").status_code == 200
