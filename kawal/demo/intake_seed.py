"""The demo's import side: the messy village file to upload, and one import already done.

:func:`ensure_demo_intake` (called by the demo seed, idempotent) writes the 5,000-row village
proposal under ``KAWAL_DATA_DIR/demo/`` for users to download from the import page, and runs a
small DTSEN refresh as the Dinas admin so the job list, a report and the review queue are not
empty on the first visit. The refresh only links, reviews or refuses rows: the registry keeps
its 12,694 people.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.conf import settings

from kawal.accounts.models import Role, User
from kawal.demo.intake_file import (
    DTSEN_PERIOD,
    REGISTRY_SCHEMA,
    dtsen_refresh,
    village_proposal,
    write_csv,
)
from kawal.demo.messy_people import load_villages
from kawal.demo.messy_records import write_village_file
from kawal.intake.models import ImportJob
from kawal.intake.pipeline import run_job
from kawal.intake.services import job_submit
from kawal.regions.models import Pemda
from kawal.registry.models import Person, PovertyRecord, SegmentMembership

DEMO_FILE_NAME = "usulan-desa-demo.xlsx"
DTSEN_FILE_NAME = "dtsen-muna-barat-2026-10.csv"


@dataclass(frozen=True)
class DemoIntake:
    file_written: bool
    dtsen_job: ImportJob | None  # the job run now; None when it had been run before


def demo_file_path() -> Path:
    """Where the demo's village proposal is kept (it may not exist outside the demo)."""
    return Path(settings.DATA_DIR) / "demo" / DEMO_FILE_NAME


def registry_frame(pemda: Pemda) -> pl.DataFrame:
    """The pemda's people as :data:`REGISTRY_SCHEMA` (segment and current DTSEN desil)."""
    columns = [c for c in REGISTRY_SCHEMA if c not in ("village_code", "segment", "desil")]
    people = Person.objects.filter(pemda=pemda).order_by("id")
    frame = pl.DataFrame(
        list(people.values_list(*columns, "domicile_village_id")),
        schema={**{c: REGISTRY_SCHEMA[c] for c in columns}, "village_code": pl.String()},
        orient="row",
    )
    segments = pl.DataFrame(
        list(
            SegmentMembership.objects.filter(pemda=pemda, end_date=None)
            .order_by("segment", "person_id")
            .values_list("person_id", "segment")
        ),
        schema={"id": pl.Int64(), "segment": pl.String()},
        orient="row",
    ).unique("id", keep="last", maintain_order=True)  # pekerja_rentan sorts after non_asn
    desil = pl.DataFrame(
        list(
            PovertyRecord.objects.filter(person__pemda=pemda, source="DTSEN")
            .order_by("person_id", "period", "id")
            .values_list("person_id", "desil")
        ),
        schema={"id": pl.Int64(), "desil": pl.Int64()},
        orient="row",
    ).unique("id", keep="last", maintain_order=True)
    return (
        frame.join(segments, on="id", how="left", maintain_order="left")
        .join(desil, on="id", how="left", maintain_order="left")
        .select(list(REGISTRY_SCHEMA))
    )


def demo_village_records(pemda: Pemda, registry: pl.DataFrame | None = None) -> pl.DataFrame:
    """The demo village proposal with its truth columns (what the file is written from)."""
    if registry is None:
        registry = registry_frame(pemda)
    return village_proposal(registry, load_villages(pemda.region_id))


def ensure_demo_intake(pemda: Pemda) -> DemoIntake:
    """Write the demo file and run the DTSEN refresh, each unless done before."""
    path = demo_file_path()
    admin = User.objects.filter(pemda=pemda, role=Role.DINAS_ADMIN, username="admin.dinas").first()
    run_dtsen = (
        admin is not None
        and not ImportJob.objects.filter(
            pemda=pemda, source="dtsen", file_name=DTSEN_FILE_NAME
        ).exists()
    )
    if path.exists() and not run_dtsen:
        return DemoIntake(file_written=False, dtsen_job=None)
    registry = registry_frame(pemda)
    written = not path.exists()
    if written:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp.xlsx")
        write_village_file(demo_village_records(pemda, registry), partial)
        partial.replace(path)
    job = None
    if run_dtsen and admin is not None:
        villages = load_villages(pemda.region_id)
        with tempfile.TemporaryDirectory() as folder:
            extract = Path(folder) / DTSEN_FILE_NAME
            write_csv(dtsen_refresh(registry, villages), extract)
            submitted = job_submit(
                actor=admin,
                path=extract,
                file_name=DTSEN_FILE_NAME,
                source="dtsen",
                pemda=pemda,
                data_period=DTSEN_PERIOD,
            )
        if submitted.job.status == ImportJob.Status.QUEUED:
            job = run_job(submitted.job.pk)
    return DemoIntake(file_written=written, dtsen_job=job)
