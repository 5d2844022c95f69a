"""The shipments feed: one shipment through the API, many through import_shipments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from customers.models import WAYBILL_VALIDATOR, Customer, Product, Shipment
from customers.serializers import ShipmentInputSerializer
from customers.services.customers import customer_get_or_create
from org.models import Department

# Fields a feed sets; everything of the shipment but its key and bookkeeping.
FEED_FIELDS = Shipment.FEED_FIELDS
PARTY_NAMES = ["sender_name", "recipient_name"]


def normalise_waybill(raw: str) -> str:
    value = (raw or "").strip().upper()
    WAYBILL_VALIDATOR(value)
    return value


class _Lookups:
    """Products and outlets by code, loaded once per import (a handful of rows, read thousands of times)."""

    def __init__(self) -> None:
        self.products = {p.code: p for p in Product.objects.filter(is_active=True)}
        self.outlets: dict[str, Department] = {}
        self._outlets_loaded = False

    def product(self, code: str) -> Product:
        product = self.products.get(code)
        if product is None:
            raise ValidationError({"product": _("Unknown product code: %(code)s") % {"code": code}})
        return product

    def outlet(self, code: str | None, field_name: str) -> Department | None:
        if not code:
            return None
        if not self._outlets_loaded:
            self.outlets = {d.code: d for d in Department.objects.all()}
            self._outlets_loaded = True
        outlet = self.outlets.get(code)
        if outlet is None:
            raise ValidationError({field_name: _("Unknown department code: %(code)s") % {"code": code}})
        return outlet


def _validated(data: dict) -> dict:
    serializer = ShipmentInputSerializer(data=data)
    if not serializer.is_valid():
        raise ValidationError(
            {name: [str(e) for e in _flatten(errors)] for name, errors in serializer.errors.items()}
        )
    return serializer.validated_data


def _flatten(errors) -> Iterator:
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _flatten(value)
    elif isinstance(errors, list):
        for value in errors:
            yield from _flatten(value)
    else:
        yield errors


def _resolve(clean: dict, lookups: _Lookups) -> dict:
    """Validated input → model field values (codes become rows); customers are not touched here."""
    values = {name: clean.get(name) for name in FEED_FIELDS if name not in ("sender", "recipient")}
    values["product"] = lookups.product(clean["product"])
    values["origin_outlet"] = lookups.outlet(clean.get("origin_outlet"), "origin_outlet")
    values["destination_outlet"] = lookups.outlet(clean.get("destination_outlet"), "destination_outlet")
    values["delivery_method"] = clean.get("delivery_method") or ""
    return values


def shipment_upsert(*, waybill_no: str, data: dict) -> tuple[Shipment, bool]:
    """Create or replace the shipment `waybill_no` with `data` (the API's body). Returns (shipment, created).

    Validates everything before writing; on any error nothing is written. Concurrent calls for the same
    waybill serialise on its row (update_or_create locks it, and retries a create that lost the race).
    """
    waybill_no = normalise_waybill(waybill_no)
    clean = _validated(data)
    lookups = _Lookups()
    values = _resolve(clean, lookups)
    with transaction.atomic():
        for role in ("sender", "recipient"):
            party = clean.get(role)
            values[role] = customer_get_or_create(**party) if party else None
            values[f"{role}_name"] = party["name"].strip() if party else ""
        Shipment(waybill_no=waybill_no, **values).full_clean(validate_unique=False)
        return Shipment.objects.update_or_create(waybill_no=waybill_no, defaults=values)


@dataclass
class ShipmentImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, waybill, message)

    @property
    def imported(self) -> int:
        return self.created + self.updated


def _field_label(name: str) -> str:
    try:
        return str(Shipment._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # e.g. non_field_errors
        return name


def _error_text(exc: ValidationError) -> str:
    """'运费: 请确保该值大于或者等于 0。; 寄件人: …' — one line a row, field names as users know them."""
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{_field_label(name)}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def shipment_import(
    rows: Iterable[tuple[int, dict]],
    *,
    batch_size: int = 2000,
    on_progress: Callable[[int], None] | None = None,
) -> ShipmentImportReport:
    """Upsert shipments in bulk from (row number, API-shaped dict) pairs.

    A bad row never stops the good ones: each row is validated on its own and reported with its
    number; valid rows are written a batch at a time (customers and shipments each in one statement).
    A waybill repeated in the file takes its last row. Idempotent: importing a file twice leaves the
    same rows.
    """
    report = ShipmentImportReport()
    lookups = _Lookups()
    batch: dict[str, tuple[int, dict, dict]] = {}
    seen = 0
    for number, data in rows:
        seen += 1
        waybill = data.get("waybill_no") or ""
        try:
            waybill = normalise_waybill(waybill)
            clean = _validated(data)
            values = _resolve(clean, lookups)
        except ValidationError as exc:
            report.errors.append((number, str(waybill)[:32], _error_text(exc)))
        else:
            batch[waybill] = (number, clean, values)
        if len(batch) >= batch_size:
            _write_batch(batch, report)
            batch = {}
        if on_progress and seen % 500 == 0:
            on_progress(seen)
    if batch:
        _write_batch(batch, report)
    if on_progress:
        on_progress(seen)
    return report


def _write_batch(batch: dict[str, tuple[int, dict, dict]], report: ShipmentImportReport) -> None:
    try:
        with transaction.atomic():
            created, updated = _bulk_upsert(batch)
    except DatabaseError:
        # Something in the batch broke a database rule the validation did not foresee: write row by row
        # so the good rows still land and the bad one is named.
        created = updated = 0
        for waybill, (number, clean, _values) in batch.items():
            try:
                _, was_created = shipment_upsert(waybill_no=waybill, data=_as_input(clean))
            except (ValidationError, DatabaseError) as exc:
                message = _error_text(exc) if isinstance(exc, ValidationError) else str(exc).splitlines()[0]
                report.errors.append((number, waybill, message))
            else:
                created += was_created
                updated += not was_created
    report.created += created
    report.updated += updated


def _as_input(clean: dict) -> dict:
    data = dict(clean)
    data["product"] = clean["product"]
    return {k: v for k, v in data.items() if v is not None}


def _bulk_upsert(batch: dict[str, tuple[int, dict, dict]]) -> tuple[int, int]:
    parties = {}
    for _number, clean, _values in batch.values():
        for role in ("sender", "recipient"):
            if clean.get(role):
                parties.setdefault(clean[role]["phone"], clean[role]["name"].strip())
    Customer.objects.bulk_create(
        [Customer(phone=phone, name=name) for phone, name in parties.items()], ignore_conflicts=True
    )
    customers = Customer.objects.in_bulk(list(parties), field_name="phone")
    existing = set(Shipment.objects.filter(waybill_no__in=list(batch)).values_list("waybill_no", flat=True))
    shipments = []
    for waybill, (_number, clean, values) in batch.items():
        row = dict(values)
        for role in ("sender", "recipient"):
            row[role] = customers[clean[role]["phone"]] if clean.get(role) else None
            row[f"{role}_name"] = clean[role]["name"].strip() if clean.get(role) else ""
        shipments.append(Shipment(waybill_no=waybill, **row))
    Shipment.objects.bulk_create(
        shipments,
        update_conflicts=True,
        unique_fields=["waybill_no"],
        update_fields=[*FEED_FIELDS, *PARTY_NAMES, "updated_at"],
    )
    return len(batch) - len(existing), len(existing)
