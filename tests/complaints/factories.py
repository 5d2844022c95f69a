import datetime as dt

import factory
from django.utils import timezone

from complaints.models import Category, Complaint, RootCause
from tests.customers.factories import CustomerFactory
from tests.org.factories import DepartmentFactory


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A complaint in any starting state: pass status=... (the only way a test sets a state)."""

    class Meta:
        model = Complaint

    number = factory.Sequence(lambda n: f"TSF{n:09d}")
    channel = "phone"
    customer = factory.SubFactory(CustomerFactory)
    contact_name = factory.LazyAttribute(lambda o: o.customer.name if o.customer else "张三")
    category = factory.LazyFunction(lambda: Category.objects.get(code="delay.transit"))
    severity = "complex"
    description = "快件三天未更新物流信息"
    status = "acknowledged"
    # In the queue of the test personas' team (tests/conftest.py), unowned, at the frontline.
    queue_department = factory.SubFactory(DepartmentFactory, code="CS-T", kind="customer_service")
    received_at = factory.LazyFunction(timezone.now)
    acknowledged_at = factory.LazyAttribute(lambda o: o.received_at)
    acknowledge_due = factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(hours=24))
    resolve_due = factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=3))
    statutory_due = factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=7))

    class Params:
        resolved = factory.Trait(
            status="resolved",
            resolution="已道歉并补发",
            root_cause=factory.LazyFunction(lambda: RootCause.objects.get(code="linehaul")),
            resolved_at=factory.LazyFunction(timezone.now),
            callback_due=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2)),
        )


def add_history(complaint, events: int, first: int = 0, note: str = "跟进记录{}") -> None:
    """`events` notes on the complaint's timeline, a minute apart from three days ago, numbered from
    `first` in `note`."""
    from complaints.models import ComplaintEvent

    start = timezone.now() - dt.timedelta(days=3)
    ComplaintEvent.objects.bulk_create(
        ComplaintEvent(
            complaint=complaint,
            at=start + dt.timedelta(minutes=i),
            kind="note",
            name="note",
            note=note.format(i),
        )
        for i in range(first, first + events)
    )
