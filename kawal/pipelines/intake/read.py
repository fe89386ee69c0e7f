"""Read an uploaded CSV or XLSX file into a frame of text cells, or refuse it with a reason.

:func:`read_table` is the first step of bulk intake. It only reads: header mapping, validation
and everything else come later and work on :attr:`ReadResult.frame`.

The result frame
    Column ``row`` (Int64) first: the 1-based *data row number*, counted from the row after
    the header, so data row 1 is spreadsheet row 2 when the header is on row 1. In general the
    spreadsheet row (or CSV record) is ``header_row + row``. Fully empty rows are skipped but
    keep their number, so numbers can have gaps and always point at the right row in the
    user's file. Then one String column per header cell, named as in the file with surrounding
    white space stripped; empty and white-space-only cells are null, other cells are exactly
    as typed (leading zeros and long digit strings kept). A column whose header cell is empty
    is dropped when it has no data, else named ``(kolom C)`` (XLSX letter) or ``(kolom 3)``
    (CSV position).

Cells stored as numbers (XLSX)
    :attr:`ReadResult.numeric_cells` maps a column name to a Boolean Series aligned with the
    frame (same length and order), True where the cell was stored as a number. Only columns
    with at least one such cell appear; :meth:`ReadResult.numeric_mask` gives an all-False
    Series for the others. A NIK in a number cell is damaged (Excel keeps 15 significant
    digits) even when its text looks like 16 digits: the caller reports ``NIK_NUMBER_FORMAT``.
    CSV has no cell types, so the map is empty; a spreadsheet rendering such as ``7.41E+15``
    is caught by the NIK rules (:data:`kawal.domain.nik.NUMBER_FORMAT_PATTERN`).

Formula injection policy
    Values are never altered on read: a cell ``=HYPERLINK(…)`` is data like any other.
    Every export that a spreadsheet may open must neutralise such cells: CSV exports pass each
    text value through :func:`escape_for_export` (or :func:`escape_for_export_expr`), and XLSX
    exports write text with ``write_string`` (never ``write``, which turns ``=…`` into a
    formula). :func:`formula_like` finds such cells, for a warning in the report.

Header
    The first row with two or more non-empty cells among the first 20 rows (so a one-cell
    title row such as ``DAFTAR CALON PESERTA`` above the table is passed over), else the first
    non-empty row.

Refusals
    Bad input raises :class:`IntakeFileError` with a stable ``code`` and an Indonesian
    ``message`` (:data:`ERROR_CODES`); nothing else has happened. In the order checked:
    ``INTAKE_UNREADABLE`` (missing, not a regular file), ``INTAKE_TOO_LARGE`` (over
    ``max_bytes``, from ``os.stat`` before reading), ``INTAKE_EMPTY``, ``INTAKE_XLSX_CORRUPT``
    / ``INTAKE_XLSX_ENCRYPTED`` / ``INTAKE_ZIP_BOMB`` (zip checks, then calamine),
    ``INTAKE_UNSUPPORTED`` (old ``.xls``, HTML/XML saved as ``.xls``, a zip that is no
    workbook, binary content under a non-CSV name), ``INTAKE_NOT_TEXT`` (binary ``.csv``),
    ``INTAKE_CSV_MALFORMED``, ``INTAKE_SHEET_NOT_FOUND``, ``INTAKE_NO_HEADER`` (the first row
    holds a NIK, or only numbers and dates), ``INTAKE_DUPLICATE_HEADER`` (ignoring case and
    white space), ``INTAKE_RESERVED_HEADER`` (a column called ``row``), ``INTAKE_RAGGED``
    (a non-empty cell right of the last named column; ``row`` set), ``INTAKE_NO_ROWS``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import polars as pl

from kawal.pipelines.intake.read_common import (
    MESSAGES,
    ROW,
    IntakeFileError,
    build_table,
    intake_error,
    megabytes,
)
from kawal.pipelines.intake.read_csv import read_csv_grid
from kawal.pipelines.intake.read_xlsx import XlsxGrid, check_zip, read_xlsx_grid
from kawal.pipelines.intake.read_xlsx_head import HeadUnavailable, read_xlsx_head

__all__ = [
    "ERROR_CODES",
    "ROW",
    "IntakeFileError",
    "ReadResult",
    "escape_for_export",
    "escape_for_export_expr",
    "formula_like",
    "read_head",
    "read_table",
]

#: Every code :func:`read_table` can raise.
ERROR_CODES: frozenset[str] = frozenset(code for code, _, _ in MESSAGES.values())

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_TEXT_SUFFIXES = {"", ".csv", ".txt", ".tsv"}
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<?xml")

#: Bytes at the start of a CSV that :func:`read_head` parses.
HEAD_BYTES = 256 * 1024
#: Data rows :func:`read_head` keeps.
HEAD_ROWS = 5
#: Worksheet rows :func:`read_head` reads from the first used row: title rows, the header,
#: data rows (some may be empty).
HEAD_SHEET_ROWS = 60

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, eq=False)
class ReadResult:
    """A file read by :func:`read_table` (see the module docstring for the frame's rules).

    ``format`` is ``"csv"`` or ``"xlsx"``. ``encoding`` (``utf-8``, ``utf-8-sig``, ``utf-16``,
    ``cp1252``) and ``delimiter`` are set for CSV, ``sheet`` for XLSX. ``header_row`` is the
    1-based line (CSV record) or sheet row of the header. ``column_labels`` maps each column
    name to its spreadsheet letter (XLSX) or 1-based position (CSV), for reports. ``sha256``
    is the hex digest of the file's bytes, to recognise the same file uploaded twice.
    """

    frame: pl.DataFrame
    numeric_cells: dict[str, pl.Series]
    format: Literal["csv", "xlsx"]
    sha256: str
    header_row: int
    column_labels: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    @property
    def columns(self) -> list[str]:
        """The file's column names, in order (without ``row``)."""
        return self.frame.columns[1:]

    def numeric_mask(self, column: str) -> pl.Series:
        """Boolean Series aligned with :attr:`frame`: True where ``column``'s cell was a number.

        All False for a column without number cells (always so for CSV); ``KeyError`` for a
        name that is not one of :attr:`columns`.
        """
        if column not in self.frame.columns or column == ROW:
            raise KeyError(column)
        mask = self.numeric_cells.get(column)
        if mask is None:
            return pl.repeat(False, self.frame.height, dtype=pl.Boolean, eager=True).alias(column)
        return mask


def read_table(path: Path, *, max_bytes: int, sheet: str | None = None) -> ReadResult:
    """Read the CSV or XLSX file at ``path`` (see the module docstring for the result).

    The type is decided by the content, not the name: a zip is read as XLSX, an OLE2 file is
    a password-protected XLSX (or an old ``.xls``, refused with a hint), anything else must
    be text and is read as CSV. ``sheet`` names the worksheet to read (default: the first
    visible one); it is ignored for CSV. Files over ``max_bytes`` are refused before being
    read. Raises :class:`IntakeFileError`.
    """
    raw = _read_bytes(path, max_bytes=max_bytes)
    if not raw.strip(b" \t\r\n\f\v"):
        raise intake_error("INTAKE_EMPTY")
    result = _parse(raw, suffix=path.suffix.lower(), max_bytes=max_bytes, sheet=sheet)
    # Hashing in a thread beside Polars was measured slower on 2 cores: keep it sequential.
    return replace(result, sha256=hashlib.sha256(raw).hexdigest())


def read_head(
    path: Path, *, max_bytes: int, sheet: str | None = None, rows: int = HEAD_ROWS
) -> ReadResult:
    """The header and the first ``rows`` data rows of the file at ``path``, read cheaply.

    The same rules as :func:`read_table` (same column names, same refusals), but only the
    start of the file is parsed: for a CSV the first :data:`HEAD_BYTES` cut after the last
    complete record, for an XLSX the first :data:`HEAD_SHEET_ROWS` rows of the worksheet,
    streamed (:mod:`.read_xlsx_head`; the zip checks still see the whole file). When that
    start cannot be read on its own (a CSV record longer than the cut, UTF-16 text cut
    mid-character, a workbook the streaming reader does not expect), the whole file is read
    as :func:`read_table` reads it. ``sha256`` is left empty. Raises :class:`IntakeFileError`.
    """
    start, complete = _read_start(path, max_bytes=max_bytes, count=HEAD_BYTES)
    if complete and not start.strip(b" \t\r\n\f\v"):
        raise intake_error("INTAKE_EMPTY")
    suffix = path.suffix.lower()
    try:
        if start.startswith(ZIP_MAGIC):
            raw = start if complete else _read_bytes(path, max_bytes=max_bytes)
            check_zip(raw, max_bytes=max_bytes)
            result = _xlsx_result(read_xlsx_head(raw, sheet=sheet, nrows=HEAD_SHEET_ROWS))
        else:
            text = start if complete else _cut_after_record(start)
            result = _parse(text, suffix=suffix, max_bytes=max_bytes, sheet=sheet)
    except (IntakeFileError, HeadUnavailable) as error:
        if complete and isinstance(error, IntakeFileError) and not start.startswith(ZIP_MAGIC):
            raise
        result = read_table(path, max_bytes=max_bytes, sheet=sheet)
    return replace(
        result,
        frame=result.frame.head(rows),
        numeric_cells={name: mask.head(rows) for name, mask in result.numeric_cells.items()},
        sha256="",
    )


def _cut_after_record(raw: bytes) -> bytes:
    """``raw`` up to its last line end outside ``"…"`` quotes (empty when there is none).

    >>> _cut_after_record(b'NIK,Nama\\n1,"Budi\\nLa Ode"\\n2,"Wa')
    b'NIK,Nama\\n1,"Budi\\nLa Ode"\\n'
    """
    quotes = raw.count(b'"')
    end = len(raw)
    while (cut := raw.rfind(b"\n", 0, end)) >= 0:
        quotes -= raw.count(b'"', cut, end)
        if quotes % 2 == 0:
            return raw[: cut + 1]
        end = cut
    return b""


def _xlsx_result(xlsx: XlsxGrid) -> ReadResult:
    frame, numeric, labels = build_table(xlsx.grid)
    return ReadResult(
        frame=frame,
        numeric_cells=numeric,
        format="xlsx",
        sha256="",
        header_row=xlsx.header_row,
        column_labels=labels,
        sheet=xlsx.sheet,
    )


def _parse(raw: bytes, *, suffix: str, max_bytes: int, sheet: str | None) -> ReadResult:
    if raw.startswith(ZIP_MAGIC):
        check_zip(raw, max_bytes=max_bytes)
        return _xlsx_result(read_xlsx_grid(raw, sheet=sheet))
    if raw.startswith(OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in raw or suffix in _XLSX_SUFFIXES:
            raise intake_error("INTAKE_XLSX_ENCRYPTED")
        raise intake_error("INTAKE_UNSUPPORTED_XLS")
    if raw[:64].lstrip().lower().startswith(_HTML_STARTS):
        raise intake_error("INTAKE_UNSUPPORTED_HTML")
    try:
        csv = read_csv_grid(raw)
    except IntakeFileError as exc:
        if exc.code == "INTAKE_NOT_TEXT" and suffix not in _TEXT_SUFFIXES | _XLSX_SUFFIXES:
            raise intake_error("INTAKE_UNSUPPORTED") from exc
        raise
    frame, _, labels = build_table(csv.grid)
    return ReadResult(
        frame=frame,
        numeric_cells={},
        format="csv",
        sha256="",
        header_row=csv.header_row,
        column_labels=labels,
        encoding=csv.encoding,
        delimiter=csv.delimiter,
    )


def _read_up_to(path: Path, *, max_bytes: int, count: int) -> bytes:
    """At most ``count + 1`` bytes of a regular file no larger than ``max_bytes`` (checked
    before reading: oversize and unreadable files are refused with the intake's codes)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise intake_error("INTAKE_UNREADABLE")
        if info.st_size > max_bytes:
            raise intake_error(
                "INTAKE_TOO_LARGE", size=megabytes(info.st_size), limit=megabytes(max_bytes)
            )
        with open(path, "rb") as handle:
            return handle.read(count + 1)
    except OSError as exc:
        raise intake_error("INTAKE_UNREADABLE") from exc


def _read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes, refusing anything over ``max_bytes`` before reading it."""
    raw = _read_up_to(path, max_bytes=max_bytes, count=max_bytes)
    if len(raw) > max_bytes:  # grew since stat
        raise intake_error("INTAKE_TOO_LARGE", size=megabytes(len(raw)), limit=megabytes(max_bytes))
    return raw


def _read_start(path: Path, *, max_bytes: int, count: int) -> tuple[bytes, bool]:
    """The first ``count`` bytes of the file and whether that is all of it.

    The same refusals as :func:`_read_bytes` (not a regular file, over ``max_bytes``).
    """
    raw = _read_up_to(path, max_bytes=max_bytes, count=count)
    return raw[:count], len(raw) <= count


def formula_like(expr: pl.Expr) -> pl.Expr:
    """True where a String cell starts like a formula (``= + - @``, tab or CR); null stays null.

    >>> pl.DataFrame({"v": ["=1+1", "-5", "Budi", None]}).select(formula_like(pl.col("v")))["v"]
    ... # doctest: +NORMALIZE_WHITESPACE
    shape: (4,)
    Series: 'v' [bool]
    [
        true
        true
        false
        null
    ]
    """
    return expr.str.contains(r"^[=+\-@\t\r]")


def escape_for_export(value: str) -> str:
    """Prefix a formula-like text value with ``'`` so a spreadsheet shows it as text.

    >>> escape_for_export("=HYPERLINK(1)"), escape_for_export("Budi")
    ("'=HYPERLINK(1)", 'Budi')
    """
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def escape_for_export_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`escape_for_export` for a String column (nulls stay null)."""
    return pl.when(formula_like(expr).not_()).then(expr).otherwise(pl.concat_str(pl.lit("'"), expr))
