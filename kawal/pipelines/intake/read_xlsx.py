"""XLSX side of :func:`kawal.pipelines.intake.read.read_table`: zip checks, then python-calamine.

Before calamine sees the file, the zip central directory is inspected with :mod:`zipfile`
(nothing is decompressed): a workbook must have ``xl/workbook.xml``; members encrypted at the
zip level are refused; the declared uncompressed total must stay under
``min(ZIP_EXPANSION × max_bytes, ZIP_ABSOLUTE_CAP)`` and no member of at least
``ZIP_RATIO_MIN_SIZE`` may expand more than ``ZIP_RATIO_LIMIT`` times. calamine's zip reader
refuses a member that inflates past its declared size, so the declared sizes can be trusted.

Cells are rendered as text: strings as typed; numbers without ``.0`` when integer-valued
(``7409107010830620.0`` → ``"7409107010830620"``), else with up to 15 significant digits as
Excel shows them; dates ``YYYY-MM-DD`` (with `` HH:MM:SS`` when the time is not midnight);
times ``HH:MM:SS``; booleans ``TRUE``/``FALSE``; error cells empty. Every cell stored as a
number is flagged (``RawGrid.numeric``): a 16-digit NIK in a number cell has lost its last
digit even when the text looks complete.
"""

from __future__ import annotations

import gc
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import polars as pl
import python_calamine as calamine

from kawal.pipelines.intake.read_common import (
    IntakeFileError,
    RawGrid,
    clean_header,
    intake_error,
    megabytes,
)

ZIP_EXPANSION = 50
ZIP_ABSOLUTE_CAP = 2 * 1024**3
ZIP_RATIO_LIMIT = 100
ZIP_RATIO_MIN_SIZE = 1024 * 1024
ZIP_MAX_MEMBERS = 10_000
TITLE_ROWS = 20


@dataclass(frozen=True)
class XlsxGrid:
    """A read worksheet before the common rules."""

    grid: RawGrid
    sheet: str
    header_row: int


def check_zip(raw: bytes, *, max_bytes: int) -> None:
    """Refuse a zip that is not a workbook, is encrypted, or would expand too far."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise intake_error("INTAKE_XLSX_CORRUPT") from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names or "content.xml" in names or "word/document.xml" in names:
            raise intake_error("INTAKE_UNSUPPORTED_ZIP")
        raise intake_error("INTAKE_XLSX_CORRUPT")
    if any(member.flag_bits & 0x1 for member in members):
        raise intake_error("INTAKE_XLSX_ENCRYPTED")
    total = sum(member.file_size for member in members)
    limit = min(ZIP_EXPANSION * max_bytes, ZIP_ABSOLUTE_CAP)
    too_dense = any(
        member.file_size >= ZIP_RATIO_MIN_SIZE
        and member.file_size > ZIP_RATIO_LIMIT * max(member.compress_size, 1)
        for member in members
    )
    if total > limit or too_dense or len(members) > ZIP_MAX_MEMBERS:
        raise intake_error("INTAKE_ZIP_BOMB", size=megabytes(total))


def read_xlsx_grid(raw: bytes, *, sheet: str | None) -> XlsxGrid:
    """Read worksheet ``sheet`` (default: the first visible worksheet) of the workbook ``raw``."""
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        name = sheet if sheet is not None else _default_sheet(workbook)
        if name not in workbook.sheet_names:
            listed = ", ".join(f"'{n}'" for n in workbook.sheet_names[:10])
            raise intake_error("INTAKE_SHEET_NOT_FOUND", sheet=name, names=listed)
        worksheet = workbook.get_sheet_by_name(name)
        with _gc_paused():
            rows = worksheet.to_python()
        start = worksheet.start
    except IntakeFileError:
        raise
    except calamine.PasswordError as exc:
        raise intake_error("INTAKE_XLSX_ENCRYPTED") from exc
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise intake_error("INTAKE_XLSX_CORRUPT") from exc
    if not rows or start is None:
        raise intake_error("INTAKE_EMPTY")
    return grid_from_rows(rows, start=start, sheet=name)


def grid_from_rows(rows: list[list[object]], *, start: tuple[int, int], sheet: str) -> XlsxGrid:
    """The grid of a worksheet's used area: ``rows`` of cell values (as calamine gives them,
    ``""`` for an empty cell) from ``start`` (0-based row and column of the first used cell)."""
    first_row, first_col = start
    header_index = _find_header(rows)
    header_cells = rows[header_index]
    header = [_header_text(value) for value in header_cells]
    typed = [not isinstance(value, str) for value in header_cells]
    data = rows[header_index + 1 :]
    width = len(header_cells)
    columns: dict[str, pl.Series] = {}
    numeric: dict[str, pl.Series] = {}
    with _gc_paused():
        for index, values in enumerate(zip(*data, strict=True) if data else [()] * width):
            key = f"column_{index + 1}"
            text, flags = render_column(values)
            columns[key] = pl.Series(key, text, dtype=pl.String)
            if flags is not None:
                numeric[key] = pl.Series(key, flags, dtype=pl.Boolean)
    del rows, data
    grid = RawGrid(
        cells=pl.DataFrame(columns),
        header=header,
        header_typed=typed,
        labels=[column_letter(first_col + i) for i in range(width)],
        numeric=numeric,
    )
    return XlsxGrid(grid, sheet=sheet, header_row=first_row + header_index + 1)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of acyclic cell objects are made.

    Without this, the collector runs over and over as the cells pile up (about 0.2 s per
    100,000 rows here); none of these objects can form a cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _default_sheet(workbook: calamine.CalamineWorkbook) -> str:
    for meta in workbook.sheets_metadata:
        if meta.typ == calamine.SheetTypeEnum.WorkSheet and (
            meta.visible == calamine.SheetVisibleEnum.Visible
        ):
            return str(meta.name)
    names = workbook.sheet_names
    if not names:
        raise intake_error("INTAKE_EMPTY")
    return str(names[0])


def _find_header(rows: list[list[object]]) -> int:
    """First row with two or more non-empty cells among the first :data:`TITLE_ROWS`,
    else the first non-empty row."""
    first_non_empty: int | None = None
    for index, row in enumerate(rows):
        filled = sum(1 for value in row if _header_text(value) is not None)
        if filled >= 2 and index < TITLE_ROWS:
            return index
        if filled and first_non_empty is None:
            first_non_empty = index
        if index >= TITLE_ROWS and first_non_empty is not None:
            break
    if first_non_empty is None:
        raise intake_error("INTAKE_EMPTY")
    return first_non_empty


def _header_text(value: object) -> str | None:
    return clean_header(render_cell(value))


def render_cell(value: object) -> str | None:
    """One calamine cell as text (see the module docstring); ``None`` for an empty cell.

    >>> render_cell(7409107010830620.0), render_cell(12.5), render_cell(date(1985, 8, 17))
    ('7409107010830620', '12.5', '1985-08-17')
    """
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return None if value is None else str(value)


def _render_float(value: float) -> str:
    return str(int(value)) if value.is_integer() else format(value, ".15g")


def _render_bool(value: bool) -> str:
    return "TRUE" if value else "FALSE"


#: Exact cell type -> renderer, the fast path of :func:`render_column`.
_RENDER: dict[type, Callable[[Any], str | None]] = {
    str: lambda value: value,
    float: _render_float,
    int: str,
    bool: _render_bool,
    date: date.isoformat,
    datetime: render_cell,
    time: time.isoformat,
    timedelta: str,
}
_NUMBER_TYPES = (float, int)


def render_column(values: tuple[object, ...]) -> tuple[list[str | None], list[bool] | None]:
    """Render a column; the second item flags number cells (None when the column has none).

    Empty strings are left for :func:`~.read_common.build_table` to turn into null.
    """
    kinds = set(map(type, values))
    if kinds <= {str}:
        return list(values), None  # type: ignore[arg-type]
    if kinds <= _RENDER.keys():
        text = [_RENDER[type(value)](value) for value in values]
    else:
        text = [render_cell(value) for value in values]
    if not kinds & set(_NUMBER_TYPES):
        return text, None
    return text, [type(value) in _NUMBER_TYPES for value in values]


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
