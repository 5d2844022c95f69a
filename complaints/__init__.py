"""Complaints: intake, the lifecycle and escalation state machines (declared once on the model), who may
do what (rules), deadlines in working days, the SLA sweep, incidents, consultations and feedback, the
history, the customer's tracking and rating pages, the complaint's notices and their wording.

Imports customers, notifications, org and infra; never claims, analytics, ops or config. What a higher
app adds to a complaint (claims' sections and checks) it registers from its own AppConfig."""
