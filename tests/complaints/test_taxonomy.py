import pytest
from django.core.exceptions import ValidationError

from complaints.models import Category, RootCause

CONTRACT_CATEGORIES = {
    "delivery.attitude": "simple",
    "delivery.fake_signature": "complex",
    "delivery.wrong_address": "complex",
    "delivery.locker_without_consent": "complex",
    "delay.transit": "complex",
    "loss.lost": "major",
    "loss.shortage": "major",
    "damage.broken": "major",
    "fee.overcharge": "complex",
    "other.other": "simple",
}


@pytest.mark.django_db
def test_the_contract_categories_exist_with_their_default_severities():
    found = dict(
        Category.objects.filter(code__in=CONTRACT_CATEGORIES).values_list("code", "default_severity")
    )
    assert found == CONTRACT_CATEGORIES


@pytest.mark.django_db
def test_every_first_level_of_the_regulator_exists_and_reasons_sit_under_it():
    firsts = set(Category.objects.filter(parent=None).values_list("code", flat=True))
    assert firsts == {"delay", "delivery", "loss", "damage", "pickup", "fee", "cod", "other"}
    for category in Category.objects.exclude(parent=None).select_related("parent"):
        assert category.code.split(".")[0] == category.parent.code


@pytest.mark.django_db
def test_the_contract_root_causes_exist():
    assert set(RootCause.objects.values_list("code", flat=True)) >= {
        "pickup",
        "sorting",
        "linehaul",
        "last_mile",
        "customer_service",
        "system",
        "customer",
        "third_party",
    }


@pytest.mark.django_db
def test_a_reason_under_the_wrong_first_level_is_refused():
    category = Category(
        code="loss.new_reason",
        name="新原因",
        default_severity="major",
        parent=Category.objects.get(code="delay"),
    )
    with pytest.raises(ValidationError) as info:
        category.full_clean()
    assert "parent" in info.value.message_dict
