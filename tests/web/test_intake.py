"""Bulk intake through the app: jobs, linkage outcomes, re-imports, review decisions, bad files."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.urls import reverse

from kawal.accounts.models import AuditEvent
from kawal.demo.messy_people import load_villages, make_population
from kawal.demo.messy_records import make_records, write_village_file
from kawal.intake.models import ImportJob, MatchDecision, ReviewItem, RowOutcome
from kawal.intake.pipeline import run_job
from kawal.intake.review import review_same, review_undo
from kawal.intake.services import job_submit
from kawal.registry.models import Person, SegmentMembership

TODAY = date(2026, 11, 23)


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def village_file(tmp_path: Path) -> tuple[Path, pl.DataFrame]:
    people = make_population(400, seed=21, villages=load_villages("7413"), today=TODAY)
    records = make_records(people, seed=22)
    path = tmp_path / "usulan.csv"
    write_village_file(records, path)
    return path, records


def _import(path: Path, tmp_path: Path, name: str = "rows.csv") -> tuple[dict, list[dict]]:
    out = tmp_path / name
    from io import StringIO

    stdout = StringIO()
    call_command(
        "import",
        str(path),
        source="village",
        pemda="7413",
        json=True,
        rows_out=str(out),
        no_progress=True,
        stdout=stdout,
    )
    with out.open(encoding="utf-8") as handle:
        return json.loads(stdout.getvalue()), list(csv.DictReader(handle))


@pytest.mark.django_db
def test_cli_import_summary_rows_and_reimport(pemda, dinas_admin, data_dir, village_file, tmp_path):
    path, records = village_file
    summary, rows = _import(path, tmp_path)
    assert summary["status"] == "done"
    assert summary["rows"] == records.height == len(rows) == 440
    statuses = [row["status"] for row in rows]
    assert [int(r["row"]) for r in rows] == list(range(1, 441))
    for status, key in (
        ("created", "created"),
        ("linked", "linked"),
        ("review", "review"),
        ("duplicate", "duplicates_in_file"),
        ("invalid", "invalid"),
    ):
        assert statuses.count(status) == summary[key]
    assert summary["valid"] + summary["invalid"] == 440
    assert Person.objects.filter(import_job_id=summary["job"]).count() == summary["created"]
    # Every created or linked row has a person; a duplicate shares its leader's person.
    for row in rows:
        assert bool(row["person"]) == (row["status"] in ("created", "linked", "duplicate"))
    by_person: dict[str, set[int]] = {}
    truth = records.get_column("entity").to_list()
    for row in rows:
        if row["person"]:
            by_person.setdefault(row["person"], set()).add(truth[int(row["row"]) - 1])
    merged_wrongly = [p for p, entities in by_person.items() if len(entities) > 1]
    assert merged_wrongly == []
    # The same file again: recognised, nothing written.
    people = Person.objects.count()
    again, rows_again = _import(path, tmp_path, "again.csv")
    assert again["already_imported"] is True
    assert again["job"] == summary["job"]
    assert Person.objects.count() == people
    assert rows_again == rows
    assert ImportJob.objects.count() == 1


@pytest.mark.django_db
def test_same_rows_in_a_new_file_link_instead_of_duplicating(
    pemda, dinas_admin, data_dir, village_file, tmp_path
):
    path, records = village_file
    first, _ = _import(path, tmp_path)
    people = Person.objects.count()
    memberships = SegmentMembership.objects.count()
    second_path = tmp_path / "usulan-ulang.csv"
    write_village_file(records.reverse(), second_path)  # other bytes, same rows
    second, rows = _import(second_path, tmp_path, "second.csv")
    assert second["job"] != first["job"]
    assert second["created"] == 0
    assert Person.objects.count() == people
    assert SegmentMembership.objects.count() == memberships
    assert second["linked"] == first["created"] + first["linked"]


def _with_lookalike(records: pl.DataFrame, path: Path) -> Path:
    """``records`` plus a twin of a clean first row: the next NIK serial, one letter of the
    name changed, everything else the same — a pair only a person can settle."""
    nik, name = pl.col("NIK"), pl.col("Nama Lengkap")
    twin = (
        records.filter(nik.str.contains(r"^\d{12}000[1-8]$"), name.str.len_chars() >= 8)
        .head(1)
        .with_columns(
            nik.str.slice(0, 15) + (nik.str.slice(15, 1).cast(pl.Int32) + 1).cast(pl.String),
            name.str.slice(0, 4) + pl.lit("x") + name.str.slice(5),
        )
    )
    write_village_file(pl.concat([records, twin]), path)
    return path


@pytest.mark.django_db
def test_review_same_then_undo(pemda, dinas_admin, data_dir, village_file, tmp_path):
    _, records = village_file
    path = _with_lookalike(records, tmp_path / "usulan-kembar.csv")
    summary, _ = _import(path, tmp_path)
    item = ReviewItem.objects.filter(job_id=summary["job"]).order_by("row").first()
    assert item is not None
    assert item.status == "pending"
    before = SegmentMembership.objects.filter(person=item.candidate).count()
    review_same(actor=dinas_admin, item_id=item.pk, reason="cek KTP")
    outcome = RowOutcome.objects.get(job_id=summary["job"], row=item.row)
    assert (outcome.status, outcome.person_id) == ("linked", item.candidate_id)
    assert MatchDecision.objects.filter(person=item.candidate, same=True).count() == 1
    review_undo(actor=dinas_admin, item_id=item.pk, reason="salah pilih")
    item.refresh_from_db()
    outcome.refresh_from_db()
    assert (item.status, outcome.status, outcome.person_id) == ("pending", "review", None)
    assert SegmentMembership.objects.filter(person=item.candidate).count() == before
    assert MatchDecision.objects.filter(person=item.candidate, undone_at=None).count() == 0
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"intake.review_same", "intake.review_undo", "intake.commit"} <= actions


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "INTAKE_EMPTY"),
        (b"Nama,Alamat\nLa Ode,Jl. Poros\n", "INTAKE_HEADERS"),
        (b"\x00\x01\x02\xff\xfe" * 200, None),
    ],
)
def test_bad_files_are_rejected_and_change_nothing(
    pemda, dinas_admin, data_dir, tmp_path, content, code
):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    people = Person.objects.count()
    job = job_submit(actor=dinas_admin, path=path, file_name="bad.csv", source="village").job
    job = run_job(job.pk)
    assert job.status == "rejected"
    assert job.error_message
    if code:
        assert job.error_code == code
    assert Person.objects.count() == people
    assert RowOutcome.objects.filter(job=job).count() == 0


@pytest.mark.django_db
def test_upload_page_runs_job_and_shows_report(
    client, settings, pemda, dinas_admin, data_dir, village_file, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    path = _with_lookalike(village_file[1], tmp_path / "usulan-kembar.csv")
    client.force_login(dinas_admin)
    with path.open("rb") as handle:
        response = client.post(reverse("intake:list"), {"source": "village", "file": handle})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("intake:detail", args=[job.pk])
    page = client.get(response["Location"])
    assert job.status == "done"
    body = page.content.decode()
    assert 'data-testid="sum-rows">441<' in body
    report = client.get(reverse("intake:download", args=[job.pk, "xlsx"]))
    assert report.status_code == 200
    assert b"".join(report.streaming_content)[:2] == b"PK"
    template = client.get(reverse("intake:template", args=["village"]))
    assert template.status_code == 200
    assert template.content[:2] == b"PK"
    queue = client.get(reverse("intake:review_queue"))
    assert queue.status_code == 200
    item = ReviewItem.objects.filter(job=job).first()
    detail = client.get(reverse("intake:review_item", args=[item.pk]))
    assert detail.status_code == 200
    assert item.record["nik"] not in detail.content.decode()  # NIKs stay masked


@pytest.mark.django_db
def test_village_operator_rows_outside_their_desa_are_refused(
    pemda, operator_wamelai, data_dir, village_file
):
    path, _ = village_file
    job = job_submit(actor=operator_wamelai, path=path, file_name="x.csv", source="village").job
    job = run_job(job.pk)
    assert job.status == "done"
    outside = RowOutcome.objects.filter(job=job, reasons__contains="OUT_OF_SCOPE").count()
    assert outside > 0
    created = Person.objects.filter(import_job=job)
    assert set(created.values_list("domicile_village_id", flat=True)) <= {"7413031007"}
