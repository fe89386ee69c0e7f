"""The background worker behind ``kawal worker``: recover crashed import jobs, then run the queue.

A job's commit is one transaction that also marks it done (:mod:`kawal.intake.pipeline`), so a
job left ``running`` by a worker that died has written nothing to the registry and is simply
queued again. "Left running" means no sign of life (``heartbeat_at``, set at every phase) for
``stale_minutes``; a job without any heartbeat counts as stale.

The queue itself is django-tasks' database backend; :class:`ImportWorker` is its worker with
a line per job in Bahasa Indonesia (job numbers and statuses only: never a NIK or a name).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from kawal.accounts.services import audit_record
from kawal.intake.models import ImportJob
from kawal.intake.services import job_enqueue
from kawal.intake.tasks import run_import

STALE_MINUTES = 10
Write = Callable[[str], None]


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped while running it."""


@dataclass(frozen=True)
class Recovered:
    jobs: list[int]  # import jobs queued again
    tasks_failed: int  # their task rows left running, now marked failed


def _job_id(task: DBTaskResult) -> int | None:
    args = (task.args_kwargs or {}).get("args") or []
    return args[0] if args and isinstance(args[0], int) else None


def recover_stale_jobs(
    *, stale_minutes: int = STALE_MINUTES, now: datetime | None = None
) -> Recovered:
    """Queue again the import jobs left running without a heartbeat for ``stale_minutes``,
    mark their task rows failed, and audit each one (``intake.requeue``)."""
    cutoff = (now or timezone.now()) - timedelta(minutes=stale_minutes)
    stale = Q(status=ImportJob.Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    )
    jobs: list[int] = []
    failed = 0
    for job in ImportJob.objects.filter(stale).order_by("id"):
        with transaction.atomic():
            # Only if still stale: another worker may have just picked it up again.
            if not ImportJob.objects.filter(stale, pk=job.pk).update(
                status=ImportJob.Status.QUEUED, phase=ImportJob.Phase.WAITING, progress=0
            ):
                continue
            failed += _fail_running_tasks(job.pk)
            audit_record(
                actor=None,
                action="intake.requeue",
                object_type="intake.importjob",
                object_id=job.pk,
                pemda_id=job.pemda_id,
                changes={"status": [ImportJob.Status.RUNNING, ImportJob.Status.QUEUED]},
                reason="Worker berhenti saat job berjalan; job diantrekan ulang (kawal worker).",
            )
            job_enqueue(job)
        jobs.append(job.pk)
    return Recovered(jobs=jobs, tasks_failed=failed)


def _fail_running_tasks(job_id: int) -> int:
    """Mark the running ``run_import`` task rows of ``job_id`` failed (their worker is gone)."""
    running = DBTaskResult.objects.running().filter(task_path=run_import.module_path)
    count = 0
    for task in running:
        if _job_id(task) == job_id:
            task.set_failed(WorkerLost(f"worker stopped while running import job {job_id}"))
            count += 1
    return count


class ImportWorker(Worker):
    """django-tasks-db's worker on the default queue, telling what it does through ``write``."""

    def __init__(self, *, write: Write, interval: float, batch: bool) -> None:
        super().__init__(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        self.write = write
        self.done = 0

    def run_task(self, db_task_result: DBTaskResult) -> None:
        job_id = _job_id(db_task_result)
        is_import = db_task_result.task_path == run_import.module_path and job_id is not None
        if is_import:
            self.write(f"Memproses job impor #{job_id}…")
        super().run_task(db_task_result)
        self.done += 1
        if not is_import:
            return
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None:
            self.write(f"Job impor #{job_id} tidak ditemukan.")
        elif job.status == ImportJob.Status.DONE:
            summary = job.summary or {}
            self.write(
                f"Job impor #{job_id} selesai: {summary.get('rows', 0)} baris, "
                f"{summary.get('created', 0)} orang baru, {summary.get('linked', 0)} ditautkan, "
                f"{summary.get('review', 0)} perlu ditinjau, "
                f"{summary.get('invalid', 0)} tidak valid."
            )
        else:
            self.write(f"Job impor #{job_id}: {job.get_status_display()} ({job.error_code}).")
