"""Helpers for the pipeline tests: files are generated in ``tmp_path``, never checked in."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def write_text(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` exactly (no newline translation) in ``encoding``."""
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(
    path: Path,
    rows: list[list[object]],
    *,
    sheet: str = "Data",
    first_row: int = 0,
    first_col: int = 0,
    extra_sheets: tuple[str, ...] = (),
    hidden_first: str | None = None,
) -> Path:
    """Write ``rows`` with typed cells: ``str`` as text, ``int``/``float`` as numbers,
    ``date``/``datetime`` as dates, ``bool`` as booleans, ``None`` as an empty cell.

    ``hidden_first`` adds a hidden worksheet with that name before the data sheet.
    """
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    time_format = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    if hidden_first is not None:
        hidden = workbook.add_worksheet(hidden_first)
        hidden.write_string(0, 0, "daftar pilihan")
        hidden.write_string(1, 0, "pilihan 1")
        hidden.hide()
    worksheet = workbook.add_worksheet(sheet)
    worksheet.activate()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            at = (first_row + r, first_col + c)
            if value is None:
                continue
            if isinstance(value, bool):
                worksheet.write_boolean(*at, value)
            elif isinstance(value, int | float):
                worksheet.write_number(*at, value)
            elif isinstance(value, datetime):
                worksheet.write_datetime(*at, value, time_format)
            elif isinstance(value, date):
                worksheet.write_datetime(*at, value, date_format)
            else:
                worksheet.write_string(*at, str(value))
    for name in extra_sheets:
        other = workbook.add_worksheet(name)
        other.write_string(0, 0, "Nama")
        other.write_string(0, 1, "Desa")
        other.write_string(1, 0, f"isi {name}")
        other.write_string(1, 1, "Wakoila")
    workbook.close()
    return path


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A deflated zip with ``members`` (name -> content)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path
