"""The monthly report's findings per department (joint investigation, complaints/models/investigation.py):
how often each department was asked, how often it answered, on time, and found the company at fault.
One SQL statement; definitions in docs/metrics.md (`findings_by_department`)."""

from __future__ import annotations

from analytics.report_sql import rows

ASKED = "r.asked_at >= %(start)s AND r.asked_at < %(end)s"
ANSWERED = "r.answered_at >= %(start)s AND r.answered_at < %(end)s"


def findings_by_department(p: dict) -> list[dict]:
    """Per department: requests asked in the month; findings recorded in the month, of them by the
    department's deadline and with the company at fault. Merged duplicates are left out."""
    return rows(
        f"""
        SELECT d.code AS department, d.name AS name,
               count(*) FILTER (WHERE {ASKED}) AS asked,
               count(*) FILTER (WHERE {ANSWERED}) AS findings,
               count(*) FILTER (WHERE {ANSWERED} AND r.answered_at <= r.due) AS on_time,
               count(*) FILTER (WHERE {ANSWERED} AND r.company_at_fault) AS company_at_fault,
               count(*) FILTER (WHERE {ANSWERED} AND r.lead) AS as_lead
          FROM complaints_departmentrequest r
          JOIN org_department d ON d.id = r.department_id
          JOIN complaints_complaint c ON c.id = r.complaint_id AND c.status <> 'merged'
         WHERE ({ASKED}) OR ({ANSWERED})
         GROUP BY d.code, d.name
         ORDER BY findings DESC, asked DESC, d.code
        """,
        p,
    )
