"""The monthly report as flat tables: the same sections for CSV and XLSX."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from infra.cells import safe_row


def sections(data: dict) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) for every table of the report."""
    totals = data["totals"]
    on_time = data["on_time"]
    return [
        (
            _("Summary"),
            [_("figure"), _("value")],
            [
                [_("complaints"), totals["complaints"]],
                [_("regulator appeals"), totals["appeals"]],
                [_("effective appeals"), totals["effective_appeals"]],
                [_("resolved"), totals["resolved"]],
                [_("closed"), totals["closed"]],
                [_("consultations and feedback"), totals["contacts"]],
                [_("shipments"), data["shipments"]],
                [_("complaints per 10,000 shipments"), data["complaints_per_10k_shipments"]],
                [_("appeals per million shipments"), data["appeals"]["per_million_shipments"]],
                [
                    _("effective appeals per million shipments"),
                    data["appeals"]["effective_per_million_shipments"],
                ],
                [_("acknowledged on time"), on_time["acknowledge"]],
                [_("answered on time"), on_time["resolve"]],
                [_("within the statutory limit"), on_time["statutory"]],
                [_("median handling time (working hours)"), data["handling_hours"]["median"]],
                [_("90th percentile handling time (working hours)"), data["handling_hours"]["p90"]],
                [_("first-contact resolution rate"), data["first_contact_resolution_rate"]],
                [_("reopen rate"), data["reopen_rate"]],
                [_("satisfaction rate"), data["satisfaction"]["rate"]],
                [_("compensation paid (yuan)"), data["compensation"]["paid_amount"]],
                [_("penalties (yuan)"), data["penalties"]["effective_amount"]],
                [_("repeat customers"), data["repeats"]["customers"]],
                [_("repeat waybills"), data["repeats"]["waybills"]],
            ],
        ),
        (
            _("Root causes (Pareto)"),
            [_("code"), _("root cause"), _("complaints"), _("share"), _("cumulative share")],
            [
                [r["code"], r["name"], r["complaints"], r["share"], r["cumulative_share"]]
                for r in data["by_root_cause"]
            ],
        ),
        (
            _("Categories"),
            [_("code"), _("category"), _("complaints"), _("share")],
            [[c["code"], c["name"], c["complaints"], c["share"]] for c in data["by_category"]],
        ),
        (
            _("Responsible departments"),
            [_("department"), _("name"), _("complaints"), _("by category")],
            [
                [
                    d["department"],
                    d["name"],
                    d["complaints"],
                    "; ".join(f"{k}={v}" for k, v in d["categories"].items()),
                ]
                for d in data["by_department"]
            ],
        ),
        (
            _("Findings per department"),
            [
                _("department"),
                _("name"),
                _("asked"),
                _("findings"),
                _("on time"),
                _("company at fault"),
                _("as lead"),
            ],
            [
                [
                    r["department"],
                    r["name"],
                    r["asked"],
                    r["findings"],
                    r["on_time"],
                    r["company_at_fault"],
                    r["as_lead"],
                ]
                # Reports built before joint investigations have no such table.
                for r in data.get("findings_by_department", [])
            ],
        ),
        (
            _("Outlets"),
            [_("outlet"), _("name"), _("complaints"), _("shipments"), _("per 10,000 shipments")],
            [
                [o["outlet"], o["name"], o["complaints"], o["shipments"], o["per_10k_shipments"]]
                for o in data["by_outlet"]
            ],
        ),
        (
            _("Compensation paid"),
            [_("claim type"), _("liable department"), _("claims"), _("amount (yuan)")],
            [
                [r["claim_type"], r["liability"], r["claims"], r["amount"]]
                for r in data["compensation"]["by_type_and_liability"]
            ],
        ),
        (
            _("KPIs"),
            [
                _("level"),
                _("code"),
                _("received"),
                _("handling rate"),
                _("reply rate"),
                _("on-time rate"),
                _("satisfaction rate"),
            ],
            [
                [
                    level,
                    k["code"],
                    k["received"],
                    k["handling_rate"],
                    k["reply_rate"],
                    k["on_time_rate"],
                    k["satisfaction_rate"],
                ]
                for level, rows in data["kpis"].items()
                for k in rows
            ],
        ),
        (
            _("Improvement actions"),
            [_("action"), _("root cause"), _("department"), _("owner"), _("due"), _("status")],
            [
                [a["title"], a["root_cause"], a["department"], a["owner"], a["due"], a["status"]]
                for a in data["actions"]
            ],
        ),
    ]


def as_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for title, header, rows in sections(data):
        writer.writerow([f"# {title}"])
        writer.writerow(safe_row(header))
        writer.writerows(safe_row(row) for row in rows)
        writer.writerow([])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens UTF-8 Chinese correctly


def _xlsx_row(row) -> list:
    """Formula-safe cells (openpyxl stores a string starting with "=" as a formula) without the control
    characters a worksheet cannot hold (openpyxl refuses them; a name typed in admin carried one)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in safe_row(row)]


def as_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sections(data):
        sheet = book.create_sheet(title=title[:31])
        sheet.append(safe_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(_xlsx_row(row))
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
