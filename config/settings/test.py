"""Test settings: the same PostgreSQL, faster hashing, synchronous background tasks."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")

from config.settings.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "zh-hans"

# No persistent connections: live-server threads must not keep the test database open at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# The suite must never be throttled by accident (nor count its requests: query-count tests measure the
# views); tests/test_api_throttles.py sets low limits itself.
API_THROTTLE_RATES = {scope: "off" for scope in API_THROTTLE_RATES}  # noqa: F405
