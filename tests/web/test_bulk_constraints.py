"""Large commits check foreign keys as a set (PostgreSQL): same constraints after, a broken
reference still fails the whole write, and an import taking that path lands whole."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.db import IntegrityError, connection, transaction

from kawal.intake import bulk_constraints
from kawal.intake.bulk import insert_frame, reserve_ids
from kawal.intake.bulk_constraints import foreign_keys_checked_as_a_set
from kawal.intake.models import ImportJob, RowOutcome
from kawal.intake.pipeline import run_job
from kawal.intake.services import job_submit
from kawal.registry.models import Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="set-based foreign key checks exist only on PostgreSQL (CI's PostgreSQL pass)",
    ),
]


def _foreign_keys() -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'f' AND c.relname IN "
            "('registry_person', 'intake_rowoutcome') ORDER BY 1, 2"
        )
        return cursor.fetchall()


def test_small_writes_keep_per_row_checks() -> None:
    with transaction.atomic(), foreign_keys_checked_as_a_set([Person], rows=10) as lifted:
        assert lifted is False
        # person: village, pemda, created_by, import job; row outcome: job, person
        assert len(_foreign_keys()) == 6


def test_a_broken_reference_fails_the_write_and_the_keys_stay(pemda, monkeypatch) -> None:
    monkeypatch.setattr(bulk_constraints, "SET_CHECK_ROWS", 1)
    before = _foreign_keys()
    broken = pl.DataFrame(
        {
            "id": reserve_ids(RowOutcome, 1),
            "job_id": [987_654_321],  # no such job
            "row": [1],
            "status": ["invalid"],
            "person_id": [None],
            "score": [None],
            "reasons": [""],
        },
        schema_overrides={"person_id": pl.Int64, "score": pl.Float64},
    )
    lifted = []

    def write() -> None:
        with transaction.atomic(), foreign_keys_checked_as_a_set([RowOutcome], rows=1) as on:
            lifted.append(on)
            insert_frame(RowOutcome, broken)

    with pytest.raises(IntegrityError):
        write()
    assert lifted == [True]
    assert _foreign_keys() == before
    assert RowOutcome.objects.count() == 0


def test_an_import_on_the_set_path_lands_whole(
    pemda, dinas_admin, tmp_path: Path, settings, monkeypatch
) -> None:
    from datetime import date

    from kawal.demo.messy_people import load_villages, make_population
    from kawal.demo.messy_records import make_records, write_village_file

    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.setattr(bulk_constraints, "SET_CHECK_ROWS", 1)
    before = _foreign_keys()
    people = make_population(300, seed=41, villages=load_villages("7413"), today=date(2026, 11, 23))
    path = tmp_path / "usulan.csv"
    write_village_file(make_records(people, seed=42), path)
    job = job_submit(actor=dinas_admin, path=path, file_name="usulan.csv", source="village").job
    job = run_job(job.pk)
    assert job.status == ImportJob.Status.DONE, job.error_message
    assert Person.objects.filter(import_job=job).count() == job.summary["created"] > 0
    assert RowOutcome.objects.filter(job=job).count() == job.summary["rows"]
    assert _foreign_keys() == before
