"""Every background job records its run: start, end, counts and the error if it failed."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Iterator

from django.utils import timezone

from analytics.models import JobRun


@contextlib.contextmanager
def job_run(name: str, key: str = "") -> Iterator[dict]:
    """Records one run of `name`. The body fills the yielded dict with its counts. The run row is
    written outside the job's own transaction, so a failed or killed job still leaves its trace."""
    run = JobRun.objects.create(name=name, key=key, started_at=timezone.now())
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
