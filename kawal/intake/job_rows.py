"""A job's file as validated rows: the read and validate steps of an import, reusable.

The pipeline runs them with progress between; a later action on one row (unlinking an
automatic link) runs them again to get that row's record, since only the file is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.conf import settings

from kawal.intake import files
from kawal.intake import outcomes as shape
from kawal.intake.models import ImportJob
from kawal.pipelines.intake.headers import HeaderMapping, map_headers
from kawal.pipelines.intake.read import ReadResult, read_table
from kawal.pipelines.intake.read_common import IntakeFileError
from kawal.pipelines.intake.validate import validate_rows
from kawal.regions.selectors import region_codes


class JobFileError(Exception):
    """The job's file cannot be read or mapped: ``code`` and an Indonesian ``message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class ReadFile:
    table: ReadResult
    mapping: HeaderMapping


def read_job_file(job: ImportJob) -> ReadFile:
    """The job's stored file, read and with its headers mapped (``JobFileError`` if not)."""
    try:
        table = read_table(
            files.original(job),
            max_bytes=settings.KAWAL_IMPORT_MAX_MB * 2**20,
            sheet=job.sheet or None,
        )
    except IntakeFileError as error:
        raise JobFileError(error.code, error.message) from error
    mapping = map_headers(
        [c for c in table.frame.columns if c != "row"],
        source=job.source,
        preset=job.mapping or None,
    )
    if not mapping.ok:
        raise JobFileError("INTAKE_HEADERS", " ".join(f.message_id for f in mapping.errors))
    return ReadFile(table, mapping)


def validate_job_rows(
    job: ImportJob, read: ReadFile, *, today: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Validated rows and findings of the job's file, with the uploader's scope applied."""
    validated = validate_rows(
        read.table.frame,
        mapping=read.mapping,
        codes=region_codes(),
        villages=files.villages_frame(job.pemda.region_id),
        today=today,
        source=job.source,
        numeric=read.table.numeric_cells,
    )
    return shape.scope_rows(job, validated.rows, validated.findings)
