"""Compensation and accountability: claims with their caps (compensation rules, one loss paid once), the
authority matrix and four eyes, payment once; penalties on the responsible department; what claims adds
to the complaint page, the review page, the dashboard and the demo data (registered from ClaimsConfig
into complaints/extensions.py).

Imports complaints, customers, notifications, org and infra; only analytics, ops and config import it."""
