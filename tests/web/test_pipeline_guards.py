"""A run that lost its job to another run writes nothing; a report that fails to write does
not undo or hide a committed import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kawal.demo.messy_people import load_villages, make_population
from kawal.demo.messy_records import make_records, write_village_file
from kawal.intake import pipeline
from kawal.intake.models import ImportJob, RowOutcome
from kawal.intake.services import job_submit
from kawal.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(dinas_admin, settings, tmp_path: Path) -> ImportJob:
    settings.DATA_DIR = tmp_path / "data"
    people = make_population(60, seed=51, villages=load_villages("7413"), today=date(2026, 11, 23))
    path = tmp_path / "usulan.csv"
    write_village_file(make_records(people, seed=52), path)
    return job_submit(actor=dinas_admin, path=path, file_name="usulan.csv", source="village").job


def test_a_superseded_run_writes_nothing(job: ImportJob, monkeypatch) -> None:
    real_link = pipeline.link

    def taken_over(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - same as link
        # Meanwhile a worker judged this run lost and started the job again.
        ImportJob.objects.filter(pk=job.pk).update(attempts=7)
        return real_link(*args, **kwargs)

    monkeypatch.setattr(pipeline, "link", taken_over)
    people = Person.objects.count()
    result = pipeline.run_job(job.pk)
    assert (result.status, result.attempts) == (ImportJob.Status.RUNNING, 7)
    assert Person.objects.count() == people
    assert RowOutcome.objects.filter(job=job).count() == 0


def test_a_failed_report_leaves_the_import_done(job: ImportJob, monkeypatch) -> None:
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError("disk full")

    monkeypatch.setattr(pipeline.files, "write_reports", broken)
    result = pipeline.run_job(job.pk)
    assert (result.status, result.progress, result.phase) == ("done", 100, "finished")
    assert result.summary["report_error"] is True
    assert RowOutcome.objects.filter(job=job).count() == result.summary["rows"] == 66
    assert Person.objects.filter(import_job=job).count() == result.summary["created"]
