"""The outbox: notices written in the transaction of the change that caused them, delivered afterwards
with retries (services, backends, tasks); the wordings apps register (messages) and managers may
reword (NoticeTemplate, wording); the `delivery_settled` signal (signals) for whoever wants to hear of
a delivery (complaints writes it on the timeline).

Generic: imports infra and customers (masking) only, never complaints or anything above; the apps
that send notices register their wordings from their AppConfig."""
