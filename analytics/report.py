"""The monthly root-cause report (月度投诉分析) as the JSON of CONTRACT.md, assembled from the SQL
figures of report_sql.py. Deterministic: rebuilding an unchanged month changes only built_at."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from analytics import report_sql as q
from analytics.calendar_table import ensure_working_days
from analytics.models import ImprovementAction, MonthlyReport
from analytics.months import Month
from analytics.report_findings import findings_by_department
from analytics.shipment_days import shipments_per_outlet

CENT = Decimal("0.01")


def rate(part: int, whole: int) -> float | None:
    """A share rounded to four places; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def on_time_rates(on_time: dict) -> dict:
    return {
        kind: rate(on_time[f"{kind}_met"], on_time[f"{kind}_due"])
        for kind in ("acknowledge", "resolve", "statutory")
    }


def money(value) -> str:
    return str(Decimal(value or 0).quantize(CENT, ROUND_HALF_UP))


def number(value, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def _populations(month: Month, figures=tuple(q.FIGURES)) -> dict:
    """The month's figures from one scan of its complaints (report_sql.month), one of its contacts;
    shipments from the per-day counts."""
    p = {"start": month.start, "end": month.end}
    shipped = shipments_per_outlet(month.first, month.last)
    m = q.month(p, shipped, figures)
    contacts = q.contacts(p)
    counted = m["totals"]
    m["on_time"] = counted.pop("on_time")
    totals = {
        **{key: counted[key] for key in ("complaints", "appeals", "effective_appeals", "resolved", "closed")},
        "contacts": contacts["contacts"],
        "incident_complaints": counted["incident_complaints"],
    }
    return m | {
        "p": p,
        "shipments": sum(shipped.values()),
        "totals": totals,
        "scores": {row["score"]: row["complaints"] for row in m["satisfaction"]},
        "feedback": contacts["feedback"],
    }


def _per_10k(count: int, shipments: int) -> float | None:
    return number(count * 10000 / shipments) if shipments else None


def figures(month: Month) -> dict:
    """Everything about `month` except improvement actions, the change and built_at."""
    # Complaints resolved this month may have been received long before (three years covered).
    ensure_working_days(month.first.replace(year=month.first.year - 3), month.last)
    m = _populations(month)
    totals, shipments = m["totals"], m["shipments"]
    hours, quality, scores = m["handling_hours"], m["quality"], m["scores"]
    rated = sum(scores.values())
    p = m["p"]
    return {
        "month": str(month),
        "totals": totals,
        "shipments": shipments,
        "complaints_per_10k_shipments": _per_10k(totals["complaints"], shipments),
        "appeals": {
            "appeals": totals["appeals"],
            "effective_appeals": totals["effective_appeals"],
            "per_million_shipments": number(totals["appeals"] * 1e6 / shipments) if shipments else None,
            "effective_per_million_shipments": (
                number(totals["effective_appeals"] * 1e6 / shipments) if shipments else None
            ),
        },
        "by_category": _categories(m["by_category"], totals["complaints"]),
        "by_root_cause": [
            {
                "code": row["code"],
                "name": row["name"],
                "complaints": row["complaints"],
                "share": number(row["share"], 4),
                "cumulative_share": number(row["cumulative_share"], 4),
            }
            for row in m["by_root_cause"]
        ],
        "by_department": _departments(m["by_department"]),
        "findings_by_department": [
            row | {"on_time_rate": rate(row["on_time"], row["findings"])} for row in findings_by_department(p)
        ],
        "by_outlet": [
            row | {"per_10k_shipments": number(row["per_10k_shipments"])} for row in m["by_outlet"]
        ],
        "on_time": on_time_rates(m["on_time"]) | {"counts": m["on_time"]},
        "handling_hours": {
            "resolved": hours["resolved"],
            "median": number(hours["median"], 1),
            "p90": number(hours["p90"], 1),
        },
        "first_contact_resolution_rate": rate(quality["first_contact"], quality["resolved"]),
        "reopen_rate": rate(quality["reopened"], quality["resolved"]),
        "satisfaction": {
            "distribution": {str(score): scores.get(score, 0) for score in range(1, 6)},
            "rated": rated,
            "rate": rate(scores.get(4, 0) + scores.get(5, 0), rated),
            "average": number(sum(s * n for s, n in scores.items()) / rated) if rated else None,
        },
        "compensation": _compensation(q.compensation(p)),
        "penalties": _penalties(q.penalties(p)),
        "repeats": m["repeats"],
        "feedback": _feedback(m["feedback"]),
        "kpis": _kpis(m["kpis"]),
        "incidents": m["incidents"],
    }


def brief(month: Month) -> dict:
    """Only the figures `change` compares (for a previous month that has no stored report)."""
    m = _populations(month, q.BRIEF)
    quality, scores = m["quality"], m["scores"]
    rated = sum(scores.values())
    return {
        "totals": m["totals"],
        "complaints_per_10k_shipments": _per_10k(m["totals"]["complaints"], m["shipments"]),
        "on_time": on_time_rates(m["on_time"]),
        "first_contact_resolution_rate": rate(quality["first_contact"], quality["resolved"]),
        "reopen_rate": rate(quality["reopened"], quality["resolved"]),
        "satisfaction": {"rate": rate(scores.get(4, 0) + scores.get(5, 0), rated)},
    }


# Figures compared with the previous month: (label path in the report, how to read it).
CHANGE_KEYS = {
    "complaints": lambda r: r["totals"]["complaints"],
    "appeals": lambda r: r["totals"]["appeals"],
    "effective_appeals": lambda r: r["totals"]["effective_appeals"],
    "resolved": lambda r: r["totals"]["resolved"],
    "complaints_per_10k_shipments": lambda r: r["complaints_per_10k_shipments"],
    "acknowledge_on_time": lambda r: r["on_time"]["acknowledge"],
    "resolve_on_time": lambda r: r["on_time"]["resolve"],
    "statutory_on_time": lambda r: r["on_time"]["statutory"],
    "first_contact_resolution_rate": lambda r: r["first_contact_resolution_rate"],
    "reopen_rate": lambda r: r["reopen_rate"],
    "satisfaction_rate": lambda r: r["satisfaction"]["rate"],
}


def change(current: dict, previous: dict) -> dict:
    result = {}
    for key, read in CHANGE_KEYS.items():
        now, before = read(current), read(previous)
        delta = None if now is None or before is None else round(now - before, 4)
        result[key] = {"current": now, "previous": before, "delta": delta}
    return result


def actions(month: Month) -> list[dict]:
    return [
        {
            "id": action.pk,
            "title": action.title,
            "root_cause": action.root_cause.code if action.root_cause_id else "",
            "department": action.department.code if action.department_id else "",
            "owner": action.owner.username if action.owner_id else "",
            "due": action.due.isoformat() if action.due else None,
            "status": action.status,
            "done_at": action.done_at.isoformat() if action.done_at else None,
        }
        for action in ImprovementAction.objects.filter(month=month.first).select_related(
            "root_cause", "department", "owner"
        )
    ]


def trend(month: Month, current: dict) -> list[dict]:
    """Complaints per month over the year to `month`, from the reports already built."""
    first = Month(month.first.replace(year=month.first.year - 1)).next.first
    built = {
        report.month: report.data["totals"]["complaints"]
        for report in MonthlyReport.objects.filter(month__gte=first, month__lt=month.first).only(
            "month", "data"
        )
    }
    points = [{"month": f"{m:%Y-%m}", "complaints": n} for m, n in sorted(built.items())]
    return [*points, {"month": str(month), "complaints": current["totals"]["complaints"]}]


def _categories(rows: list[dict], total: int) -> list[dict]:
    levels: dict[str, dict] = {}
    for row in rows:
        level = levels.setdefault(
            row["level1"], {"code": row["level1"], "name": row["level1_name"], "complaints": 0, "reasons": []}
        )
        level["complaints"] += row["complaints"]
        level["reasons"].append({"code": row["code"], "name": row["name"], "complaints": row["complaints"]})
    result = sorted(levels.values(), key=lambda level: (-level["complaints"], level["code"]))
    for level in result:
        level["share"] = rate(level["complaints"], total)
    return result


def _departments(rows: list[dict]) -> list[dict]:
    departments: dict[str, dict] = {}
    for row in rows:
        entry = departments.setdefault(
            row["department"],
            {
                "department": row["department"],
                "name": row["department_name"],
                "complaints": 0,
                "categories": {},
            },
        )
        entry["complaints"] += row["complaints"]
        entry["categories"][row["category"]] = row["complaints"]
        entry.setdefault("category_names", {})[row["category"]] = row["category_name"]
    return sorted(departments.values(), key=lambda entry: (-entry["complaints"], entry["department"]))


def _compensation(rows: list[dict]) -> dict:
    by_type: dict[str, dict] = {}
    for row in rows:
        entry = by_type.setdefault(
            row["claim_type"], {"claim_type": row["claim_type"], "claims": 0, "amount": Decimal(0)}
        )
        entry["claims"] += row["claims"]
        entry["amount"] += row["amount"]
    return {
        "paid_claims": sum(row["claims"] for row in rows),
        "paid_amount": money(sum((row["amount"] for row in rows), Decimal(0))),
        "by_type": [entry | {"amount": money(entry["amount"])} for entry in by_type.values()],
        "by_type_and_liability": [row | {"amount": money(row["amount"])} for row in rows],
    }


EFFECTIVE_PENALTIES = ("approved", "upheld")


def _penalties(rows: list[dict]) -> dict:
    effective = [row for row in rows if row["status"] in EFFECTIVE_PENALTIES]
    by_department: dict[str, dict] = {}
    for row in effective:
        entry = by_department.setdefault(
            row["department"],
            {
                "department": row["department"],
                "name": row["department_name"],
                "penalties": 0,
                "amount": Decimal(0),
            },
        )
        entry["penalties"] += row["penalties"]
        entry["amount"] += row["amount"]
    return {
        "proposed": sum(row["penalties"] for row in rows),
        "by_status": {
            status: sum(row["penalties"] for row in rows if row["status"] == status)
            for status in sorted({row["status"] for row in rows})
        },
        "effective": sum(row["penalties"] for row in effective),
        "effective_amount": money(sum((row["amount"] for row in effective), Decimal(0))),
        "by_department": [
            entry | {"amount": money(entry["amount"])}
            for entry in sorted(by_department.values(), key=lambda e: (-e["amount"], e["department"]))
        ],
    }


def _feedback(rows: list[dict]) -> dict:
    result = {"consultations": 0, "feedback": {"positive": 0, "negative": 0, "suggestion": 0}}
    for row in rows:
        if row["kind"] == "consultation":
            result["consultations"] += row["contacts"]
        elif row["sentiment"] in result["feedback"]:
            result["feedback"][row["sentiment"]] += row["contacts"]
    return result


def _kpis(rows: list[dict]) -> dict:
    result: dict[str, list] = {"agents": [], "departments": [], "outlets": []}
    for row in rows:
        result[row.pop("level") + "s"].append(
            row
            | {
                "handling_rate": rate(row["handled"], row["received"]),
                "reply_rate": rate(row["replied"], row["received"]),
                "on_time_rate": rate(row["on_time"], row["resolved"]),
                "satisfaction_rate": rate(row["satisfied"], row["rated"]),
            }
        )
    return result
