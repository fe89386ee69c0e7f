"""Run one import job: read → map headers → validate → link → commit → reports.

Everything before the commit only reads; the commit is one transaction that also marks the
job done, so a job that crashes has written nothing and is simply run again (the worker
re-queues jobs left running). Bad files end the job as ``rejected`` with a clear message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.utils import timezone

from kawal.accounts.services import audit_record
from kawal.enrolment.recheck import POVERTY_SOURCES, recheck_after_refresh
from kawal.intake import files, registry_frame
from kawal.intake import outcomes as shape
from kawal.intake.commit import commit
from kawal.intake.job_rows import JobFileError, read_job_file, validate_job_rows
from kawal.intake.models import ImportJob
from kawal.intake.review_records import review_frame
from kawal.pipelines.linkage.engine import link

log = logging.getLogger(__name__)
Progress = Callable[[ImportJob], None]
#: Percent of the job reached when each phase starts.
PHASE_START = {"read": 2, "validate": 10, "link": 30, "commit": 75, "report": 92}


class Superseded(Exception):
    """Another run took the job over (a worker judged this one lost); this one stops."""


class Rejected(Exception):
    """The file cannot be imported as it is; ``code`` and an Indonesian ``message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class _Run:
    job: ImportJob
    on_progress: Progress | None
    timings: dict[str, float]
    attempt: int = 0

    def phase(self, name: str) -> None:
        ImportJob.objects.filter(pk=self.job.pk).update(
            phase=name, progress=PHASE_START[name], heartbeat_at=timezone.now()
        )
        self.job.phase, self.job.progress = name, PHASE_START[name]
        if self.on_progress:
            self.on_progress(self.job)


def run_job(job_id: int, *, on_progress: Progress | None = None) -> ImportJob:
    """Run job ``job_id`` to the end (done, rejected or failed) and return it."""
    job = ImportJob.objects.select_related("pemda", "uploaded_by").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        attempts=job.attempts + 1,
        error_code="",
        error_message="",
    )
    run = _Run(job, on_progress, {}, attempt=job.attempts + 1)
    try:
        _execute(run)
    except Superseded:
        log.warning("import job %s was taken over by another run; this run stopped", job.pk)
    except Rejected as error:
        _finish(job, ImportJob.Status.REJECTED, code=error.code, message=error.message)
    except Exception as error:  # noqa: BLE001 - any crash ends the job as failed, logged
        log.exception("import job %s failed", job.pk)
        _finish(
            job,
            ImportJob.Status.FAILED,
            code="INTAKE_CRASH",
            message=f"Proses impor berhenti karena kesalahan sistem ({type(error).__name__}). "
            "Tidak ada data yang tersimpan; jalankan ulang atau hubungi admin.",
        )
    job.refresh_from_db()
    if on_progress:
        on_progress(job)
    return job


def _finish(job: ImportJob, status: str, *, code: str, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        error_code=code,
        error_message=message,
        finished_at=timezone.now(),
        phase=ImportJob.Phase.FINISHED,
    )
    audit_record(
        actor=job.uploaded_by,
        action=f"intake.{status}",
        object_type="intake.importjob",
        object_id=job.pk,
        pemda_id=job.pemda_id,
        changes={"code": [None, code]},
    )


def _timed(run: _Run, name: str, started: float) -> None:
    run.timings[name] = round(time.perf_counter() - started, 3)


def _execute(run: _Run) -> None:
    job = run.job
    today = timezone.localdate()
    run.phase("read")
    started = time.perf_counter()
    try:
        read = read_job_file(job)
    except JobFileError as error:
        raise Rejected(error.code, error.message) from error
    table = read.table
    _timed(run, "read", started)

    run.phase("validate")
    started = time.perf_counter()
    rows, findings = validate_job_rows(job, read, today=today)
    _timed(run, "validate", started)

    run.phase("link")
    started = time.perf_counter()
    valid = rows.filter("valid")
    registry = registry_frame.registry_people(job.pemda_id)
    decisions = registry_frame.decisions_for(job.pemda_id, valid)
    linked = link(registry_frame.incoming(valid), registry, decisions=decisions)
    outcomes = shape.with_invalid(rows, findings, linked.outcomes)
    outcomes, reviews = shape.creatable(job, outcomes, rows, linked.reviews, registry)
    outcomes, reviews = shape.settle_reviews(outcomes, reviews)
    review_rows = review_frame(reviews, rows, linked.pairs, outcomes)
    run.timings.update({f"link.{k}": round(v, 3) for k, v in linked.timings.items()})
    _timed(run, "link", started)

    run.phase("commit")
    started = time.perf_counter()
    with transaction.atomic():
        # The job row is locked and must still be this run's: a worker that judged this
        # run lost may have queued the job again, and only one run may write it.
        current = ImportJob.objects.select_for_update().get(pk=job.pk)
        if current.status != ImportJob.Status.RUNNING or current.attempts != run.attempt:
            raise Superseded
        done = commit(job, rows=rows, outcomes=outcomes, reviews=review_rows, today=today)
        summary = _summary(rows, findings, done.outcomes, table.format)
        summary.update(
            people_created=done.people_created,
            attachments=done.attachments,
            review_items=done.reviews,
        )
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.DONE,
            summary=summary,
            progress=PHASE_START["report"],
            phase=ImportJob.Phase.REPORT,
            finished_at=timezone.now(),
        )
        audit_record(
            actor=job.uploaded_by,
            action="intake.commit",
            object_type="intake.importjob",
            object_id=job.pk,
            pemda_id=job.pemda_id,
            changes={k: [None, summary[k]] for k in ("rows", "created", "linked")},
        )
    run.timings.update({f"commit.{k}": v for k, v in done.timings.items()})
    _timed(run, "commit", started)

    run.phase("report")
    started = time.perf_counter()
    try:
        files.write_reports(job, table.frame, findings, done.outcomes)
    except Exception:  # noqa: BLE001 - the data is committed; only the report files are missing
        log.exception("import job %s: writing the reports failed", job.pk)
        summary["report_error"] = True
    _timed(run, "report", started)
    if job.source in POVERTY_SOURCES:
        try:
            summary["recheck"] = recheck_after_refresh(
                actor=job.uploaded_by, pemda_id=job.pemda_id, source=job.source, job_id=job.pk
            )
        except Exception:  # noqa: BLE001 - the data is committed; a re-check can be run by hand
            log.exception("import job %s: the eligibility re-check failed", job.pk)
            summary["recheck_error"] = True
    ImportJob.objects.filter(pk=job.pk).update(
        progress=100,
        phase=ImportJob.Phase.FINISHED,
        summary={**summary, "timings": run.timings},
    )


def _summary(
    rows: pl.DataFrame, findings: pl.DataFrame, outcomes: pl.DataFrame, file_format: str
) -> dict[str, object]:
    counts = dict(outcomes.group_by("status").len().iter_rows())
    errors = findings.filter(pl.col("severity") == "error")
    by_reason = (
        errors.group_by("code")
        .agg(pl.col("row").n_unique().alias("n"))
        .sort(["n", "code"], descending=[True, False])
    )
    return {
        "format": file_format,
        "rows": rows.height,
        "valid": int(rows.get_column("valid").sum()),
        "invalid": counts.get("invalid", 0),
        "invalid_by_reason": dict(by_reason.iter_rows()),
        "warnings": findings.filter(pl.col("severity") == "warning").height,
        "duplicates_in_file": counts.get("duplicate", 0),
        "linked": counts.get("linked", 0),
        "created": counts.get("created", 0),
        "review": counts.get("review", 0),
    }
