"""gunicorn settings for the web service (deploy/complaint-desk-web.service runs
`gunicorn config.wsgi -c deploy/gunicorn.conf.py`). Everything can be overridden by environment
variables (GUNICORN_CMD_ARGS, or the ones read below)."""

import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))  # the longest page (a report export) must fit
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then (bounded memory)
max_requests_jitter = 200
# nginx on the same host sets X-Forwarded-Proto; only it is trusted for the scheme.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Django writes one JSON line per request (ops.middleware) with the request id and the user; gunicorn's
# own access log would be a second, plain-text line without them.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "ops.logcontext.JsonFormatter",
            "time_zone": "Asia/Shanghai",  # settings.TIME_ZONE: one zone in every log
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}


def on_starting(server) -> None:
    """Prometheus' multiprocess files are per start: empty the directory (deploy/ sets it)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
