"""Operations: request ids and JSON logs, health, readiness and metrics, backups and the shipments
archive.

Above the business apps (reads complaints and the outbox for its metrics) and below config; imports
infra for the request checks and the replica router."""
