"""Demo products, customers and shipments for seed_demo (idempotent)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from customers.models import Product, Shipment
from customers.services import shipment_upsert
from org.demo import SeedCounts

SHANGHAI = ZoneInfo("Asia/Shanghai")

PRODUCTS = [
    ("standard", "标准快递", Decimal("3")),
    ("economy", "经济快递", Decimal("2")),
    ("express_plus", "特快专递", Decimal("5")),
    ("postal", "邮政普遍服务包裹", Decimal("3")),
]

CUSTOMERS = [
    ("张三丰", "13812345678"),
    ("李四", "13900001111"),
    ("王五", "13700002222"),
    ("赵六", "13600003333"),
    ("钱七", "15000004444"),
    ("孙八", "15100005555"),
    ("周九", "18600006666"),
    ("吴十", "18700007777"),
    ("郑晓燕", "18800008888"),
    ("冯建国", "17700009999"),
    ("陈美玲", "13512340000"),
    ("欧阳娜娜", "13387654321"),
]
OUTLETS = ["SH-PD-01", "SH-XH-02", "BJ-CY-01", "GZ-TH-01"]


def seed_shipments(counts: SeedCounts) -> None:
    for code, name, multiplier in PRODUCTS:
        _, created = Product.objects.get_or_create(
            code=code, defaults={"name": name, "uninsured_cap_multiplier": multiplier}
        )
        counts.count("products", created)

    base = datetime(2026, 11, 2, 9, 30, tzinfo=SHANGHAI)
    for i in range(36):
        waybill = f"KD2026{110001 + i}"
        if Shipment.objects.filter(waybill_no=waybill).exists():
            counts.count("shipments", False)
            continue
        sender = CUSTOMERS[i % len(CUSTOMERS)]
        recipient = CUSTOMERS[(i * 5 + 3) % len(CUSTOMERS)]
        shipped = base + timedelta(days=i % 18, hours=i % 7)
        insured = i % 4 == 0
        freight = Decimal("12.00") + Decimal(i % 9) * Decimal("2.50")
        postal = i % 12 == 11
        shipment_upsert(
            waybill_no=waybill,
            data={
                "product": "postal" if postal else PRODUCTS[i % 3][0],
                "operator_type": "postal_universal" if postal else "express",
                "sender": {"name": sender[0], "phone": sender[1]},
                "recipient": {"name": recipient[0], "phone": recipient[1]},
                "origin_outlet": OUTLETS[i % 4],
                "destination_outlet": OUTLETS[(i + 1) % 4],
                "freight": freight,
                "addon_fees": Decimal("2.00") if insured else Decimal("0"),
                "insured": insured,
                "insured_amount": Decimal("1000.00") if insured else None,
                "declared_value": Decimal("1500.00") if insured else None,
                "cap_clause_acknowledged": i % 3 != 2,
                "shipped_at": shipped,
                "promised_at": shipped + timedelta(days=2),
                "delivered_at": shipped + timedelta(days=2 + i % 4) if i % 5 else None,
                "delivery_method": ["door", "locker", "station", "self_pickup"][i % 4],
                "delivery_consent": i % 4 != 1,
            },
        )
        counts.count("shipments", True)
