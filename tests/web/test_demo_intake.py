"""The demo's import side on a real database: the seeded DTSEN job, the 5,000-row village file
offered for download, and importing that file (judged against the generator's ground truth),
again, and as a re-saved copy."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.urls import reverse

from kawal.accounts.models import AuditEvent, User
from kawal.demo.intake_file import DTSEN_PERIOD
from kawal.demo.intake_seed import DTSEN_FILE_NAME, demo_file_path, demo_village_records
from kawal.demo.seed import seed_demo
from kawal.domain.names import name_key
from kawal.intake.models import ImportJob, ReviewItem, RowOutcome
from kawal.intake.pipeline import run_job
from kawal.intake.services import job_submit
from kawal.regions.models import Pemda
from kawal.registry.models import Person, PovertyRecord, SegmentMembership

TODAY = date(2026, 11, 24)
SEED_PEOPLE = 12_694


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _import(admin: User, path: Path) -> ImportJob:
    submitted = job_submit(actor=admin, path=path, file_name=path.name, source="village")
    assert submitted.created
    return run_job(submitted.job.pk)


def _outcomes(job: ImportJob, truth: pl.DataFrame) -> pl.DataFrame:
    rows = pl.DataFrame(
        list(RowOutcome.objects.filter(job=job).values_list("row", "status", "person_id")),
        schema={"row": pl.Int64, "status": pl.String, "person": pl.Int64},
        orient="row",
    )
    return rows.join(truth, on="row")


def _check_truth(job: ImportJob, outcomes: pl.DataFrame, created_by: ImportJob) -> None:
    """No false merge, no duplicate person, registered people linked to themselves, new
    people on the people ``created_by`` created."""
    summary = job.summary
    counts = dict(outcomes.group_by("status").len().rows())
    for status, key in (
        ("created", "created"),
        ("linked", "linked"),
        ("duplicate", "duplicates_in_file"),
        ("review", "review"),
        ("invalid", "invalid"),
    ):
        assert counts.get(status, 0) == summary[key], status
    assert sum(counts.values()) == summary["rows"] == 5_000
    placed = outcomes.filter(pl.col("status").is_in(["created", "linked", "duplicate"]))
    assert placed.get_column("person").null_count() == 0
    # One person per true entity and one true entity per person: nothing merged wrongly, no
    # one registered twice.
    per_person = placed.group_by("person").agg(pl.col("entity").n_unique())
    assert per_person.get_column("entity").max() == 1
    per_entity = placed.group_by("entity").agg(pl.col("person").n_unique())
    assert per_entity.get_column("person").max() == 1
    # Registered people's rows land on that very person; nobody new lands on a registered one.
    known = placed.filter(pl.col("entity") < 0)
    assert (known.get_column("person") == -known.get_column("entity")).all()
    assert known.filter(pl.col("status") == "created").height == 0
    new = placed.filter(pl.col("entity") > 0)
    created_ids = set(Person.objects.filter(import_job=created_by).values_list("id", flat=True))
    assert set(new.get_column("person").to_list()) == created_ids
    assert summary["created"] == summary["people_created"]
    assert summary["created"] == Person.objects.filter(import_job=job).count()


def _check_reviews(job: ImportJob, outcomes: pl.DataFrame) -> int:
    """Every review pair is a real look-alike; returns how many are two people of one family."""
    family_of_person = (
        outcomes.filter(pl.col("person").is_not_null())
        .group_by("person")
        .agg(pl.col("entity").first(), pl.col("family").first())
    )
    families = dict(family_of_person.select("person", "family").rows())
    entities = dict(family_of_person.select("person", "entity").rows())
    truth = {
        row: (entity, family)
        for row, entity, family in outcomes.select("row", "entity", "family").rows()
    }
    items = list(ReviewItem.objects.filter(job=job).select_related("candidate"))
    assert len(items) == job.summary["review_items"] > 0
    households = 0
    for item in items:
        entity, family = truth[item.row]
        candidate = item.candidate
        other_entity = entities.get(candidate.pk, -candidate.pk)
        other_family = families.get(candidate.pk, f"r{candidate.pk}")
        record = item.record
        same_village = record["village_code"] == candidate.domicile_village_id
        alike = record["birth_date"] == candidate.birth_date.isoformat() or name_key(
            record["full_name"]
        ) == name_key(candidate.full_name)
        assert entity == other_entity or family == other_family or (same_village and alike), (
            item.row
        )
        households += entity != other_entity and family == other_family
    return households


@pytest.mark.django_db
def test_demo_intake_seed_download_import_and_reimport(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    first = seed_demo(today=TODAY)
    pemda = Pemda.objects.get(region_id="7413")
    admin = User.objects.get(username="admin.dinas")
    path = demo_file_path()

    # The seed: the registry as before, the file written, one DTSEN job run by the Dinas admin.
    assert first.created_people == SEED_PEOPLE
    assert first.intake is not None
    assert first.intake.file_written is True
    dtsen = first.intake.dtsen_job
    assert dtsen is not None
    assert (dtsen.status, dtsen.source, dtsen.file_name) == ("done", "dtsen", DTSEN_FILE_NAME)
    assert dtsen.uploaded_by == admin
    assert dtsen.summary["rows"] == 420
    assert dtsen.summary["created"] == 0
    assert dtsen.summary["review_items"] == ReviewItem.objects.filter(job=dtsen).count() > 0
    assert Person.objects.count() == SEED_PEOPLE
    assert PovertyRecord.objects.filter(period=DTSEN_PERIOD).count() == dtsen.summary["linked"]
    assert path.is_file()
    file_hash = _sha(path)

    # Seeding again adds nothing.
    again = seed_demo(today=TODAY)
    assert (again.created_people, again.existing_people) == (0, SEED_PEOPLE)
    assert again.intake is not None
    assert (again.intake.file_written, again.intake.dtsen_job) == (False, None)
    assert ImportJob.objects.count() == 1
    assert _sha(path) == file_hash

    # The import page offers the file to those who can import, audited; not to the auditor.
    client.force_login(admin)
    page = client.get(reverse("intake:list")).content.decode()
    assert reverse("intake:demo_file") in page
    download = client.get(reverse("intake:demo_file"))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == file_hash
    assert AuditEvent.objects.filter(action="intake.demo_download", actor=admin).count() == 1
    client.force_login(User.objects.get(username="auditor"))
    assert reverse("intake:demo_file") not in client.get(reverse("intake:list")).content.decode()
    assert client.get(reverse("intake:demo_file")).status_code == 403

    # The ground truth of the file, from the registry it was made from (before importing).
    records = demo_village_records(pemda)
    truth = records.select("entity", "kind", "family").with_row_index("row", offset=1)
    truth = truth.with_columns(pl.col("row").cast(pl.Int64))

    job = _import(admin, path)
    assert job.status == "done"
    outcomes = _outcomes(job, truth)
    _check_truth(job, outcomes, created_by=job)
    # Exactly one new person per new true entity that made it in.
    assert (
        job.summary["created"]
        == outcomes.filter(
            (pl.col("entity") > 0) & pl.col("status").is_in(["created", "duplicate"])
        )
        .get_column("entity")
        .n_unique()
    )
    assert _check_reviews(job, outcomes) > 0  # twins and siblings side by side
    assert Person.objects.count() == SEED_PEOPLE + job.summary["created"]
    # Every registered person proposed again and readable is found (none is new).
    registered = outcomes.filter((pl.col("entity") < 0) & (pl.col("status") != "invalid"))
    assert set(registered.get_column("status").unique()) <= {"linked", "duplicate", "review"}
    people = Person.objects.count()
    memberships = SegmentMembership.objects.count()
    reviews = ReviewItem.objects.count()

    # The same file again: recognised, nothing imported.
    same = job_submit(actor=admin, path=path, file_name="salinan.xlsx", source="village")
    assert (same.created, same.job.pk) == (False, job.pk)
    assert (Person.objects.count(), SegmentMembership.objects.count()) == (people, memberships)
    assert ReviewItem.objects.count() == reviews

    # Re-saved as CSV (other bytes, same rows): everything links, nobody is created.
    copy = tmp_path / "usulan-desa-demo.csv"
    records.drop("entity", "kind", "family").write_csv(copy)
    second = _import(admin, copy)
    assert second.status == "done"
    assert second.pk != job.pk
    assert second.summary["created"] == 0
    assert second.summary["linked"] == job.summary["created"] + job.summary["linked"]
    assert second.summary["duplicates_in_file"] == job.summary["duplicates_in_file"]
    assert second.summary["invalid"] == job.summary["invalid"]
    assert (Person.objects.count(), SegmentMembership.objects.count()) == (people, memberships)
    _check_truth(second, _outcomes(second, truth), created_by=job)
