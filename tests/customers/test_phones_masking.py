import pytest
from django.core.exceptions import ValidationError

from customers.masking import mask_email, mask_name, mask_phone
from customers.phones import normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "+86 138 1234 5678",
        "008613812345678",
        "8613812345678",
    ],
)
def test_normalise_phone_accepts_common_spellings_of_one_mobile(raw):
    assert normalise_phone(raw) == "13812345678"


@pytest.mark.parametrize(
    "raw", ["", "1381234567", "23812345678", "12812345678", "138123456789", "abc", "010-88886666"]
)
def test_normalise_phone_rejects_what_is_not_a_mobile_with_a_chinese_message(raw):
    with pytest.raises(ValidationError) as info:
        normalise_phone(raw)
    assert "手机号" in info.value.messages[0]


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三丰", "张*丰"), ("张三", "张*"), ("欧阳娜娜", "欧**娜"), ("李", "*"), ("", ""), (None, "")],
)
def test_mask_name_keeps_only_the_ends(name, masked):
    assert mask_name(name) == masked


def test_mask_phone_shows_first_three_and_last_two_digits():
    assert mask_phone("13812345678") == "138******78"
    assert mask_phone("") == ""


def test_mask_email_hides_the_local_part():
    assert mask_email("zhangsan@example.com") == "z*******@example.com"
