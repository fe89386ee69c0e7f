"""``kawal worker`` on the database queue: crashed jobs are queued again and run once, queued
jobs run, a job alive elsewhere is left alone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from kawal.accounts.models import AuditEvent
from kawal.demo.messy_people import load_villages, make_population
from kawal.demo.messy_records import make_records, write_village_file
from kawal.domain.intake_sources import FIELD_LABELS
from kawal.intake.models import ImportJob, RowOutcome
from kawal.intake.services import job_enqueue, job_submit
from kawal.intake.tasks import run_import
from kawal.registry.models import Person

TODAY = date(2026, 11, 23)
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings, tmp_path: Path, monkeypatch) -> None:
    """The real database queue, files under a temporary data dir. The worker closes stale
    connections between tasks; inside a test's transaction that would end the test's own."""
    settings.DATA_DIR = tmp_path / "data"
    settings.TASKS = DB_QUEUE
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def _file(tmp_path: Path, seed: int) -> Path:
    """40 new people (44 messy rows), one more new person typed twice, and the registered
    person of ``person_data`` with a typo in her name: rows that pair within the file and
    with the registry, as every real village list has."""
    people = make_population(40, seed=seed, villages=load_villages("7413"), today=TODAY)
    clean = {
        "full_name": f"La {('Baco', 'Udu', 'Rusli', 'Gani')[seed % 4]} Kamba",
        "sex": "L",
        "birth_place": "Laworo",
        "birth_date": "12-02-1995",
        "mother_name": "Wa Sima",
        "marital_status": "Kawin",
        "address": "Jl. Poros Laworo No. 7",
        "rt": "001",
        "rw": "002",
        "village": "Wamelai",
        "district": "Lawa",
        "phone": "",
        "occupation": "petani",
    }
    new = {**clean, "nik": f"741303120295{seed:04d}"}
    known = {**clean, "nik": "7413034507900001", "full_name": "Wa Ode Nurhayani", "sex": "P"}
    known["birth_date"] = "05-07-1990"
    extra = pl.DataFrame(
        [{FIELD_LABELS[k]: v for k, v in row.items()} for row in (new, known, new)]
    )
    records = pl.concat([make_records(people, seed=seed).drop("entity"), extra], how="diagonal")
    path = tmp_path / f"usulan-{seed}.csv"
    write_village_file(records, path)
    return path


def _job(user, tmp_path: Path, seed: int) -> ImportJob:
    path = _file(tmp_path, seed)
    return job_submit(actor=user, path=path, file_name=path.name, source="village").job


def _crashed(job: ImportJob, heartbeat: datetime | None) -> DBTaskResult:
    """As a worker that died in the link phase leaves it: job running, its task running."""
    result = run_import.enqueue(job.pk)
    task = DBTaskResult.objects.get(id=result.id)
    task.claim("worker-that-died")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING,
        phase=ImportJob.Phase.LINK,
        progress=30,
        attempts=1,
        started_at=timezone.now() - timedelta(hours=1),
        heartbeat_at=heartbeat,
    )
    return task


@pytest.mark.django_db
def test_worker_requeues_stale_jobs_and_runs_the_queue_once(queue, dinas_admin, register, tmp_path):
    registered = register()
    now = timezone.now()
    stale = _job(dinas_admin, tmp_path, 31)
    stale_task = _crashed(stale, now - timedelta(minutes=30))
    silent = _job(dinas_admin, tmp_path, 32)
    _crashed(silent, None)  # never sent a heartbeat: stale too
    alive = _job(dinas_admin, tmp_path, 33)
    alive_task = _crashed(alive, now - timedelta(minutes=2))
    queued = _job(dinas_admin, tmp_path, 34)
    job_enqueue(queued)

    out = StringIO()
    call_command("worker", "--once", "--stale-minutes", "10", stdout=out)
    output = out.getvalue()

    for job in (stale, silent, queued):
        job.refresh_from_db()
        assert (job.status, job.phase, job.progress) == ("done", "finished", 100)
        assert job.heartbeat_at is not None
        assert job.heartbeat_at >= job.started_at
        # Run exactly once to the end: its people were created once.
        assert Person.objects.filter(import_job=job).count() == job.summary["created"] > 0
        assert RowOutcome.objects.filter(job=job, person=registered, status="linked").count() == 1
        assert f"Job impor #{job.pk} selesai: {job.summary['rows']} baris, " in output
    assert (stale.attempts, silent.attempts, queued.attempts) == (2, 2, 1)
    alive.refresh_from_db()
    assert (alive.status, alive.phase, alive.attempts) == ("running", "link", 1)
    assert Person.objects.filter(import_job=alive).count() == 0

    stale_task.refresh_from_db()
    assert stale_task.status == TaskResultStatus.FAILED
    assert stale_task.exception_class_path == "kawal.intake.worker.WorkerLost"
    alive_task.refresh_from_db()
    assert alive_task.status == TaskResultStatus.RUNNING
    finished = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL)
    assert sorted(t.args_kwargs["args"][0] for t in finished) == sorted(
        [stale.pk, silent.pk, queued.pk]
    )
    assert {t.return_value for t in finished} == {"done"}
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0

    requeued = AuditEvent.objects.filter(action="intake.requeue").order_by("object_id")
    assert [(e.object_id, e.actor_id) for e in requeued] == sorted(
        [(str(stale.pk), None), (str(silent.pk), None)]
    )
    assert requeued[0].changes == {"status": ["running", "queued"]}
    lines = output.splitlines()
    assert lines[:3] == [
        f"Job impor #{min(stale.pk, silent.pk)} tertinggal berjalan tanpa tanda hidup; "
        "diantrekan ulang.",
        f"Job impor #{max(stale.pk, silent.pk)} tertinggal berjalan tanpa tanda hidup; "
        "diantrekan ulang.",
        "Worker impor: menjalankan antrean sampai kosong.",
    ]
    assert lines[-1] == "Worker impor berhenti (3 tugas dijalankan)."
    assert "7413" not in output  # no NIK (nor anything that looks like one)

    # Nothing left: a second run finds nothing to do.
    again = StringIO()
    call_command("worker", "--batch", stdout=again)
    assert again.getvalue().splitlines() == [
        "Worker impor: menjalankan antrean sampai kosong.",
        "Worker impor berhenti (0 tugas dijalankan).",
    ]


@pytest.mark.django_db
def test_worker_needs_the_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="DatabaseBackend"):
        call_command("worker", "--once")
