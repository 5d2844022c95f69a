"""The monthly root-cause report (figures defined in docs/metrics.md): its build, page, API, CSV and
XLSX, and the calendar table it counts working days with.

The top business app: may import every app below it (claims, complaints, notifications, customers,
org) and infra; only ops and config import it."""
