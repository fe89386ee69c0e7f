"""The first rows of an XLSX worksheet without loading the whole sheet (for ``read_head``).

calamine parses a whole worksheet before it gives the first row (about 1.2 s for 100,000 rows
of 7 columns here), too slow to look at a file's header while a person waits for the upload.
This module streams the worksheet's XML out of the zip and stops after the rows it needs;
shared strings are streamed only as far as those rows refer. Cell values come out as calamine
gives them, so :func:`~.read_xlsx.grid_from_rows` applies the same rules: text, numbers as
floats, booleans, ``""`` for empty and error cells, and numbers in a date format (built-in
formats 14–22 and 45–47, or a custom format with ``d`` or ``y``) as dates, or date-times when
they have a time of day.

Anything this reader does not expect (no workbook part, an unknown sheet, a malformed
reference, a part whose XML has anything but an XML declaration before its root element, so
never a DOCTYPE or an entity) raises :class:`HeadUnavailable`; the caller then reads the sheet
with calamine, which also gives the proper refusal. The zip checks
(:func:`~.read_xlsx.check_zip`) must have passed before.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from kawal.pipelines.intake.read_xlsx import XlsxGrid, grid_from_rows

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
#: What may precede the root element of a part: a BOM, an XML declaration, white space.
_PROLOG = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^<>]*\?>)?\s*<[A-Za-z_]")
_CHUNK = 64 * 1024
_DATE_FORMAT_IDS = frozenset({*range(14, 23), 45, 46, 47})
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_EPOCH_1900 = datetime(1899, 12, 30)  # noqa: DTZ001 - spreadsheet values have no time zone
_EPOCH_1904 = datetime(1904, 1, 1)  # noqa: DTZ001


class HeadUnavailable(Exception):
    """The start of this workbook cannot be read by streaming; read it with calamine."""


def read_xlsx_head(raw: bytes, *, sheet: str | None, nrows: int) -> XlsxGrid:
    """The first ``nrows`` rows (from the first used row) of worksheet ``sheet`` (default: the
    first visible worksheet) of workbook ``raw``, as :func:`~.read_xlsx.read_xlsx_grid` gives
    them. Raises :class:`HeadUnavailable`, or ``IntakeFileError`` from the grid rules."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = _Parts(archive)
            name, path = parts.sheet(sheet)
            cells = _sheet_cells(parts.open(path), nrows)
            strings = parts.shared_strings(max(_sst_refs(cells), default=-1))
            dates = parts.date_styles()
            rows, start = _rectangle(cells, strings, dates, parts.epoch)
    except (KeyError, ValueError, IndexError, ParseError, zipfile.BadZipFile, OSError) as exc:
        raise HeadUnavailable(str(exc)) from exc
    return grid_from_rows(rows, start=start, sheet=name)


#: A cell as read: (row, column, type attribute, style index, raw value).
_Cell = tuple[int, int, str, int, str | None]


class _Parts:
    """The workbook's parts found through its relationships."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        workbook = self._path_of_type("_rels/.rels", "", "officeDocument")
        self.base = posixpath.dirname(workbook)
        rels = posixpath.join(self.base, "_rels", posixpath.basename(workbook) + ".rels")
        self.targets = {
            rel.get("Id"): (rel.get("Type", ""), self._resolve(rel.get("Target", "")))
            for rel in _elements(self.open(rels), f"{_PKG_REL}Relationship")
        }
        self.sheets: list[tuple[str, str, str]] = []  # (name, state, relationship id)
        self.epoch = _EPOCH_1900
        for element in _elements(self.open(workbook), f"{_MAIN}sheet", f"{_MAIN}workbookPr"):
            if element.tag == f"{_MAIN}workbookPr":
                if element.get("date1904") in ("1", "true"):
                    self.epoch = _EPOCH_1904
                continue
            state = element.get("state", "visible")
            self.sheets.append((element.get("name", ""), state, element.get(f"{_DOC_REL}id", "")))

    def open(self, path: str) -> IO[bytes]:
        return self.archive.open(path)

    def _resolve(self, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(self.base, target))

    def _path_of_type(self, rels: str, base: str, kind: str) -> str:
        for rel in _elements(self.open(rels), f"{_PKG_REL}Relationship"):
            if rel.get("Type", "").endswith("/" + kind):
                return posixpath.normpath(posixpath.join(base, rel.get("Target", "").lstrip("/")))
        raise KeyError(kind)

    def _of_type(self, kind: str) -> str | None:
        for rel_type, path in self.targets.values():
            if rel_type.endswith("/" + kind):
                return path
        return None

    def sheet(self, wanted: str | None) -> tuple[str, str]:
        """(name, part path) of worksheet ``wanted``, else of the first visible worksheet."""
        for name, state, rel_id in self.sheets:
            rel_type, path = self.targets[rel_id]
            if not rel_type.endswith("/worksheet"):
                continue
            if name == wanted or (wanted is None and state == "visible"):
                return name, path
        raise KeyError(wanted or "visible worksheet")

    def shared_strings(self, last: int) -> list[str]:
        """Shared strings 0 … ``last``."""
        path = self._of_type("sharedStrings")
        if last < 0:
            return []
        if path is None:
            raise KeyError("sharedStrings")
        strings: list[str] = []
        for item in _elements(self.open(path), f"{_MAIN}si"):
            strings.append(_text(item))
            if len(strings) > last:
                return strings
        raise IndexError(last)

    def date_styles(self) -> frozenset[int]:
        """Indexes of the cell formats that show a date."""
        path = self._of_type("styles")
        if path is None:
            return frozenset()
        custom: dict[int, str] = {}
        formats: list[int] = []
        in_cell_xfs = False
        for event, element in _events(self.open(path), ("start", "end")):
            if element.tag == f"{_MAIN}cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and element.tag == f"{_MAIN}numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "end" and element.tag == f"{_MAIN}xf" and in_cell_xfs:
                formats.append(int(element.get("numFmtId", "0")))
        return frozenset(
            index
            for index, number_format in enumerate(formats)
            if number_format in _DATE_FORMAT_IDS
            or (number_format in custom and _is_date_format(custom[number_format]))
        )


def _is_date_format(code: str) -> bool:
    """True for a custom number format that shows a date (``dd/mm/yyyy``, ``d-mmm-yy``).

    >>> _is_date_format("dd/mm/yyyy"), _is_date_format('0.00" d"'), _is_date_format("hh:mm")
    (True, False, False)
    """
    section = _FORMAT_NOISE.sub("", code.split(";")[0]).lower()
    return "d" in section or "y" in section


def _events(handle: IO[bytes], kinds: tuple[str, ...]) -> Iterator[tuple[str, Element]]:
    """Parse events of one part, read in chunks so that the caller can stop early.

    The part must start with its root element (after an XML declaration): no DOCTYPE, so no
    entity can be declared.
    """
    with handle:
        chunk = handle.read(_CHUNK)
        if not _PROLOG.match(chunk):
            raise ValueError("unexpected XML prolog")
        parser = XMLPullParser(events=kinds)  # noqa: S314 - no DTD can follow (checked above)
        while chunk:
            parser.feed(chunk)
            yield from parser.read_events()
            chunk = handle.read(_CHUNK)
        parser.close()
        yield from parser.read_events()


def _elements(handle: IO[bytes], *tags: str) -> Iterator[Element]:
    """Elements with one of ``tags``, each complete; cleared once the caller moves on."""
    for _event, element in _events(handle, ("end",)):
        if element.tag in tags:
            yield element
            element.clear()


def _text(element: Element) -> str:
    """The text of a string item or inline string: its ``<t>`` runs, phonetic runs left out."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        for child in node:
            if child.tag == f"{_MAIN}t":
                parts.append(child.text or "")
            elif child.tag != f"{_MAIN}rPh":
                walk(child)

    walk(element)
    return "".join(parts)


def _sheet_cells(handle: IO[bytes], nrows: int) -> list[_Cell]:
    """The cells of the first ``nrows`` rows from the first row that has a value."""
    cells: list[_Cell] = []
    first: int | None = None
    row_number = 0
    for row in _elements(handle, f"{_MAIN}row"):
        row_number = int(row.get("r") or row_number + 1)
        if first is not None and row_number >= first + nrows:
            break
        column = 0
        for cell in row.iter(f"{_MAIN}c"):
            ref = cell.get("r")
            if ref:
                match = _REF.match(ref)
                if match is None or int(match.group(2)) != row_number:
                    raise ValueError(f"bad cell reference {ref!r}")
                column = _column_index(match.group(1))
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                node = cell.find(f"{_MAIN}is")
                value: str | None = _text(node) if node is not None else None
            else:
                node = cell.find(f"{_MAIN}v")
                value = node.text if node is not None else None
            if value not in (None, "") and kind != "e":
                cells.append((row_number, column, kind, int(cell.get("s", "0")), value))
                if first is None:
                    first = row_number
            column += 1
    return cells


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _sst_refs(cells: list[_Cell]) -> Iterator[int]:
    for _row, _column, kind, _style, value in cells:
        if kind == "s" and value is not None:
            yield int(value)


def _rectangle(
    cells: list[_Cell], strings: list[str], dates: frozenset[int], epoch: datetime
) -> tuple[list[list[object]], tuple[int, int]]:
    """The used area of ``cells`` as rows of values, and its 0-based start (row, column)."""
    if not cells:
        raise ValueError("no cells in the first rows")
    top = min(cell[0] for cell in cells)
    bottom = max(cell[0] for cell in cells)
    left = min(cell[1] for cell in cells)
    right = max(cell[1] for cell in cells)
    rows: list[list[object]] = [[""] * (right - left + 1) for _ in range(bottom - top + 1)]
    for row, column, kind, style, value in cells:
        rows[row - top][column - left] = _value(kind, style, value or "", strings, dates, epoch)
    return rows, (top - 1, left)


def _value(
    kind: str, style: int, value: str, strings: list[str], dates: frozenset[int], epoch: datetime
) -> object:
    if kind == "s":
        return strings[int(value)]
    if kind in ("str", "inlineStr"):
        return value
    if kind == "b":
        return value.strip() in ("1", "true")
    number = float(value)
    if style in dates:
        moment = epoch + timedelta(milliseconds=round(number * 86_400_000))
        return moment.date() if moment.time() == datetime.min.time() else moment
    return number
