"""The project's wiring: settings (all from the environment), root URLs, the admin site, WSGI/ASGI and
the embedded development database.

The top: may import every app; no app imports it (the shared base is infra)."""
