"""Downloadable templates: one XLSX per source with the Indonesian headers, NIK as text."""

from __future__ import annotations

import io

import xlsxwriter

from kawal.domain.intake_sources import SOURCES, TEMPLATES
from kawal.pipelines.intake.headers import field_label

#: Columns whose cells must be text so Excel never turns them into numbers.
_TEXT_FIELDS = {"nik", "phone", "rt", "rw", "village_code"}


def template_workbook(source: str) -> bytes:
    """The template for ``source`` as XLSX bytes (raises ``ValueError`` for an unknown one)."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    sheet = workbook.add_worksheet("Data")
    for column, name in enumerate(TEMPLATES[source]):
        label = field_label(name)
        sheet.write_string(0, column, label, header)
        sheet.set_column(
            column, column, max(14, len(label) + 2), text if name in _TEXT_FIELDS else None
        )
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
