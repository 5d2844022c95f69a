"""Every background job records its run: start, end, counts and the error if it failed."""

from __future__ import annotations

import contextlib
import datetime as dt
import traceback
from collections.abc import Iterator

from django.utils import timezone

from analytics.models import JobRun

# Longer than any job may run (django-q2's timeout is 10 minutes).
STALE_AFTER = dt.timedelta(hours=1)


@contextlib.contextmanager
def job_run(name: str, key: str = "") -> Iterator[dict]:
    """Records one run of `name`. The body fills the yielded dict with its counts. The run row is
    written outside the job's own transaction, so a failed or killed job still leaves its trace."""
    now = timezone.now()
    # A run still "running" long after it started was killed (the worker died, the machine stopped):
    # say so, so that admin does not show it running forever. This run completes its work.
    JobRun.objects.filter(name=name, status=JobRun.Status.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=JobRun.Status.FAILED, finished_at=now, error="interrupted (no end recorded)"
    )
    run = JobRun.objects.create(name=name, key=key, started_at=now)
    counts: dict = {}
    try:
        yield counts
    except BaseException as exc:
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRun.Status.FAILED,
            finished_at=timezone.now(),
            counts=counts,
            error="".join(traceback.format_exception_only(exc)).strip()[:4000],
        )
        raise
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.SUCCEEDED, finished_at=timezone.now(), counts=counts
    )
