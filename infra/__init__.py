"""The shared base every app may import: domain errors (errors), the REST API's base (api, api_fields,
permissions, throttling), request-boundary checks (middleware, proxy, text), rate limits and login
lockout (ratelimit, lockout), the read-replica router (db_router), environment helpers (env), export
cells (cells), the transition engine (fsm) and the bulk runner (bulk).

Imports no app of the project and not `config` (settings, URLs and admin wiring live there, above
every app)."""
