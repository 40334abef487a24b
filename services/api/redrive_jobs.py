"""Tenants' dead-letter re-drives as background jobs: the request returns at once with a job
id, and the job's progress (examined, re-driven) can be read while it runs.

A re-drive reads the whole dead-letter topic (Kafka has no index by key), so it must not hold a
request, and a tenant runs at most one per topic at a time. Jobs live in this API process: a
restart forgets finished jobs, and one interrupted mid-way continues from its committed
position at the tenant's next re-drive.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from services.ops.dlq import RedriveResult

log = logging.getLogger(__name__)
WORKERS = 2  # re-drives running at once in one API process; more wait in the queue
KEEP_FINISHED = 1000  # finished jobs remembered, oldest forgotten first

JobState = Literal["queued", "running", "done", "failed"]


@dataclass
class RedriveJob:
    id: uuid.UUID
    tenant_id: int
    topic: str
    reason: str | None
    progress: RedriveResult
    state: JobState = "queued"
    error: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None


class JobAlreadyRunning(Exception):  # noqa: N818  (named for what happened)
    def __init__(self, job: RedriveJob) -> None:
        super().__init__(f"a re-drive of {job.topic} is already running: {job.id}")
        self.job = job


class RedriveJobs:
    def __init__(self, workers: int = WORKERS) -> None:
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="redrive")
        self._lock = threading.Lock()
        self._jobs: dict[uuid.UUID, RedriveJob] = {}

    def start(
        self,
        *,
        tenant_id: int,
        topic: str,
        reason: str | None,
        progress: RedriveResult,
        run: Callable[[RedriveResult], object],
    ) -> RedriveJob:
        """Queue ``run(progress)``; JobAlreadyRunning if this tenant's re-drive of ``topic``
        is still queued or running."""
        with self._lock:
            for job in self._jobs.values():
                same = (job.tenant_id, job.topic) == (tenant_id, topic)
                if same and job.state in ("queued", "running"):
                    raise JobAlreadyRunning(job)
            job = RedriveJob(uuid.uuid4(), tenant_id, topic, reason, progress)
            self._jobs[job.id] = job
            self._forget_oldest()
        self._pool.submit(self._run, job, run)
        return job

    def get(self, *, tenant_id: int, job_id: uuid.UUID) -> RedriveJob | None:
        job = self._jobs.get(job_id)
        return job if job is not None and job.tenant_id == tenant_id else None

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: RedriveJob, run: Callable[[RedriveResult], object]) -> None:
        job.state = "running"
        try:
            run(job.progress)
        except Exception as exc:  # noqa: BLE001  (recorded on the job, which the tenant reads)
            log.exception("re-drive job %s of tenant %s failed", job.id, job.tenant_id)
            job.error, job.state = type(exc).__name__, "failed"
        else:
            job.state = "done"
        finally:
            job.finished_at = datetime.now(UTC)

    def _forget_oldest(self) -> None:
        excess = len(self._jobs) - KEEP_FINISHED
        if excess <= 0:
            return
        finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
        for job in sorted(finished, key=lambda j: j.created_at)[:excess]:
            del self._jobs[job.id]
