"""The files of an import job under ``KAWAL_DATA_DIR/imports/<job id>/``.

``original<suffix>`` is the upload as received; ``report.csv`` / ``report.xlsx`` the per-row
report; ``rows.csv`` the CLI contract file (row, status, person, score, reasons).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from django.conf import settings

from kawal.domain.findings import LINK_REASONS
from kawal.intake.models import ImportJob
from kawal.pipelines.intake.report import row_report, write_report_csv, write_rows_out
from kawal.pipelines.intake.report_xlsx import XLSX_MAX_ROWS, write_report_xlsx
from kawal.regions.models import Region

ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")
#: xlsxwriter writes about 100,000 report rows in 20-25 s here (docs/benchmarks.md); larger
#: jobs get the CSV report only, which Excel also opens.
XLSX_REPORT_MAX_ROWS = min(100_000, XLSX_MAX_ROWS)


def folder(job: ImportJob) -> Path:
    return Path(settings.DATA_DIR) / "imports" / str(job.pk)


def original(job: ImportJob) -> Path:
    matches = sorted(folder(job).glob("original.*"))
    if not matches:
        raise FileNotFoundError(f"import job {job.pk} has no stored file")
    return matches[0]


def suffix_of(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    return suffix if suffix in ALLOWED_SUFFIXES else ".csv"


def store(job: ImportJob, source: Path) -> Path:
    """Copy the uploaded file into the job's folder (kept for re-runs and audits)."""
    target = folder(job) / f"original{suffix_of(job.file_name)}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def report_path(job: ImportJob, kind: str) -> Path:
    return folder(job) / {"csv": "report.csv", "xlsx": "report.xlsx", "rows": "rows.csv"}[kind]


def villages_frame(regency_code: str) -> pl.DataFrame:
    """Current desa/kelurahan of a regency: code, name, district_code, district_name."""
    rows = Region.objects.filter(
        level=Region.Level.VILLAGE, code__startswith=regency_code, valid_to__isnull=True
    ).values_list("code", "name", "parent_id", "parent__name")
    return pl.DataFrame(
        list(rows),
        schema={
            "code": pl.String,
            "name": pl.String,
            "district_code": pl.String,
            "district_name": pl.String,
        },
        orient="row",
    )


def _message(text: str) -> str:
    return LINK_REASONS.get(text, (text,))[0]


def write_reports(
    job: ImportJob, original_frame: pl.DataFrame, findings: pl.DataFrame, outcomes: pl.DataFrame
) -> None:
    """Per-row report as CSV and (up to the XLSX row limit) XLSX, and the rows file."""
    out = outcomes.select("row", "status", "person", "score", "reasons")
    report = row_report(original_frame, findings, out, messages=_message)
    write_report_csv(report, report_path(job, "csv"))
    if report.height <= XLSX_REPORT_MAX_ROWS:
        write_report_xlsx(report, findings, report_path(job, "xlsx"))
    write_rows_out(out, report_path(job, "rows"))
