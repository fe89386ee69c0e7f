"""The per-row result report of an exchange batch, for download (NIK and KPJ masked)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from kawal.domain.insurer_layouts import mask_kpj
from kawal.insurer.models import ExchangeBatch
from kawal.pipelines.deaths import DEATH_OUTCOMES
from kawal.pipelines.insurer import CATEGORIES, problem_text, write_table
from kawal.pipelines.intake.read import escape_for_export_expr

OUTCOME_LABELS: dict[str, str] = {
    "ready": "Siap didaftarkan",
    "refused": "Ditolak sebelum dikirim",
    "submitted": "Didaftarkan ke BPJS",
    "active": "Aktif",
    "rejected": "Ditolak BPJS",
    "invalid": "Baris bermasalah",
    **CATEGORIES,
    **DEATH_OUTCOMES,
}

_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "registration": (
        ("nik_masked", "NIK"),
        ("full_name", "Nama"),
        ("village_name", "Desa/Kelurahan"),
        ("outcome", "Hasil"),
        ("problems", "Keterangan"),
    ),
    "response": (
        ("row", "Baris"),
        ("nik_masked", "NIK"),
        ("full_name", "Nama"),
        ("village_name", "Desa/Kelurahan"),
        ("outcome", "Hasil"),
        ("kpj", "KPJ"),
        ("start_date", "Mulai aktif"),
        ("reason", "Alasan penolakan"),
        ("problems", "Masalah"),
    ),
    "roster": (
        ("row", "Baris"),
        ("outcome", "Kategori"),
        ("nik_masked", "NIK"),
        ("full_name", "Nama"),
        ("village_name", "Desa/Kelurahan"),
        ("our_status", "Status di Kawal"),
        ("their_status", "Status di BPJS"),
        ("kpj", "KPJ di Kawal"),
        ("their_kpj", "KPJ di BPJS"),
        ("problems", "Masalah"),
    ),
    "deaths": (
        ("row", "Baris"),
        ("outcome", "Hasil"),
        ("nik_masked", "NIK"),
        ("full_name", "Nama"),
        ("event_date", "Tanggal meninggal"),
        ("reason", "Keterangan"),
        ("problems", "Masalah"),
    ),
}


def _text(value: object) -> str | None:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return None if value is None else str(value)


def report_frame(batch: ExchangeBatch) -> pl.DataFrame:
    """One line per row of ``batch`` with Indonesian headers; masked NIK and KPJ, problems as
    text, text escaped against formula injection."""
    columns = _COLUMNS[batch.kind]
    names = [name for name, _ in columns]
    rows = [
        tuple(_text(value) for value in row)
        for row in batch.rows.order_by("row", "id").values_list(*names)
    ]
    frame = pl.DataFrame(rows, schema={name: pl.String for name in names}, orient="row")
    exprs = []
    for name, header in columns:
        col = pl.col(name)
        if name in ("kpj", "their_kpj"):
            col = col.map_elements(mask_kpj, return_dtype=pl.String)
        elif name == "outcome":
            col = col.replace(OUTCOME_LABELS)
        elif name == "problems":
            col = col.map_elements(problem_text, return_dtype=pl.String)
        else:
            col = escape_for_export_expr(col)
        exprs.append(col.alias(header))
    return frame.select(exprs)


def write_report(batch: ExchangeBatch, path: Path) -> None:
    """Write the report as XLSX or CSV (by ``path``'s suffix)."""
    write_table(report_frame(batch), path, sheet="Hasil")
