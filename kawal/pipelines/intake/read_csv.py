"""CSV side of :func:`kawal.pipelines.intake.read.read_table`: decode, sniff, parse with Polars.

* Encoding: UTF-8 (``"utf-8"``), UTF-8 with BOM (``"utf-8-sig"``), UTF-16 with BOM
  (``"utf-16"``, Excel's "Unicode Text"), else Windows-1252 (``"cp1252"``). Pure ASCII is
  reported as ``"utf-8"``. UTF-8 validity is checked by Polars while it parses; on failure the
  file is decoded as Windows-1252 and parsed again.
* Text check: any NUL byte, more than 1 % control bytes in the first 64 KiB, or a byte that
  Windows-1252 leaves undefined → ``INTAKE_NOT_TEXT``.
* Delimiter: one of ``\\t ; , |``, the one whose count per line (outside quotes) is the most
  consistent over the first lines; an Excel ``sep=;`` first line wins. No candidate → ``,``.
* Quotes: ``"…"`` quoting as Excel writes it. When Polars finds the quotes unbalanced (a
  stray ``"`` inside an unquoted value, ``Budi "Ucok``), the file is parsed again with quotes
  taken literally, so such a value is kept as typed; if that fails too (the file also quotes
  values that hold the delimiter) → ``INTAKE_CSV_MALFORMED``.
* Polars parses every column as String; the csv module is never used per row.

Lines may end in LF, CRLF, or (old Mac exports) CR alone.

Row numbers count *records* (what a spreadsheet shows as rows), so a quoted value spanning two
lines is one row. Blank lines at the top are skipped before parsing and counted in
``header_row``; blank lines further down are parsed as empty rows and keep their number.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass

import polars as pl

from kawal.pipelines.intake.read_common import RawGrid, clean_header, intake_error

DELIMITERS = ("\t", ";", ",", "|")
SAMPLE_BYTES = 64 * 1024
SAMPLE_LINES = 50
#: Rows at the top searched for the header (title rows with a single cell are skipped).
TITLE_ROWS = 20
#: Largest share of control bytes tolerated in the sample of a text file.
CONTROL_RATIO = 0.01
MAX_COLUMNS = 16_384

_CONTROL = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_LEADING_BLANK = re.compile(rb"(?:[ \t\r\f\v]*\n)*")
_BLANK_REST = re.compile(rb"[ \t\r\f\v]*\Z")
_SEP_LINE = re.compile(rb"sep=([\t;,|])[ \t]*\r?\n")
_QUOTED = re.compile(r'"[^"]*"')


@dataclass(frozen=True)
class CsvGrid:
    """A parsed CSV before the common rules: the grid and how the file was read."""

    grid: RawGrid
    encoding: str
    delimiter: str
    header_row: int


def read_csv_grid(raw: bytes) -> CsvGrid:
    """Decode and parse ``raw`` (non-empty CSV bytes) into a :class:`CsvGrid`.

    Raises :class:`~.read_common.IntakeFileError` (``INTAKE_NOT_TEXT``, ``INTAKE_EMPTY``,
    ``INTAKE_CSV_MALFORMED``).
    """
    encoding, data = _decode(raw)
    try:
        return _read(data, encoding)
    except _NotUtf8:
        return _read(_from_cp1252(raw.removeprefix(codecs.BOM_UTF8)), "cp1252")


class _NotUtf8(Exception):
    """Polars found a byte sequence that is not UTF-8 past the sampled start."""


def _read(data: bytes, encoding: str) -> CsvGrid:
    if b"\n" not in data and b"\r" in data:  # old Mac "CSV (Macintosh)": CR line ends
        data = data.replace(b"\r", b"\n")
    offset = 3 if data.startswith(codecs.BOM_UTF8) else 0
    blank = _LEADING_BLANK.match(data, offset)
    skip_lines = blank.group().count(b"\n") if blank else 0
    position = blank.end() if blank else offset
    if _BLANK_REST.match(data, position):
        raise intake_error("INTAKE_EMPTY")
    forced = _SEP_LINE.match(data, position)
    if forced:
        skip_lines += 1
        position = forced.end()
    chunk = data[position : position + SAMPLE_BYTES]
    sample = _sample_lines(chunk, whole=len(data) - position <= SAMPLE_BYTES)
    delimiter = forced.group(1).decode() if forced else sniff_delimiter(sample)
    frame = _parse(data, skip_lines, delimiter, sample)
    header_index = _find_header(frame)
    header = [None if v is None else str(v) for v in frame.row(header_index)]
    grid = RawGrid(
        cells=frame.slice(header_index + 1),
        header=header,
        header_typed=[False] * len(header),
        labels=[str(i + 1) for i in range(frame.width)],
        numeric={},
    )
    return CsvGrid(grid, encoding, delimiter, header_row=skip_lines + header_index + 1)


def _decode(raw: bytes) -> tuple[str, bytes]:
    """Return (encoding, UTF-8 bytes). UTF-8 is returned as is and validated later by Polars."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise intake_error("INTAKE_NOT_TEXT") from exc
        if "\x00" in text:
            raise intake_error("INTAKE_NOT_TEXT")
        return "utf-16", text.encode("utf-8")
    if b"\x00" in raw:
        raise intake_error("INTAKE_NOT_TEXT")
    head = raw[:SAMPLE_BYTES]
    if len(head.translate(None, _NOT_CONTROL)) > CONTROL_RATIO * len(head):
        raise intake_error("INTAKE_NOT_TEXT")
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", raw
    if raw.isascii() or _utf8_prefix_ok(head, complete=len(raw) <= SAMPLE_BYTES):
        return "utf-8", raw
    return "cp1252", _from_cp1252(raw)


def _utf8_prefix_ok(head: bytes, *, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _from_cp1252(raw: bytes) -> bytes:
    try:
        return raw.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise intake_error("INTAKE_NOT_TEXT") from exc


def _sample_lines(chunk: bytes, *, whole: bool) -> list[str]:
    """Non-blank lines of the first chunk (a cut last line dropped), decoded leniently."""
    text = chunk.decode("utf-8", errors="replace")
    lines = text.splitlines()
    if not whole and len(lines) > 1:
        lines = lines[:-1]
    return [line for line in lines if line.strip()][:SAMPLE_LINES]


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter among ``\\t ; , |`` that splits ``lines`` most consistently.

    For each candidate, its count per line is taken outside ``"…"`` quoted parts; the score is
    (share of lines having the most common non-zero count, that count). A tie keeps the order
    of :data:`DELIMITERS`. ``","`` when no candidate occurs.

    >>> sniff_delimiter(["NIK;Nama;Alamat", "7413;Budi;Jl. Poros, RT 1", "7414;Ani;Desa 2"])
    ';'
    """
    stripped = [_QUOTED.sub("", line) for line in lines]
    best: tuple[float, int] = (0.0, 0)
    chosen = ","
    for candidate in DELIMITERS:
        counts = [line.count(candidate) for line in stripped]
        nonzero = Counter(count for count in counts if count)
        if not nonzero:
            continue
        mode, _ = max(nonzero.items(), key=lambda item: (item[1], item[0]))
        score = (sum(1 for count in counts if count == mode) / len(counts), mode)
        if score > best:
            best, chosen = score, candidate
    return chosen


def _parse(data: bytes, skip_lines: int, delimiter: str, sample: list[str]) -> pl.DataFrame:
    """Parse with Polars, all columns String.

    Quoting with ``"`` is tried first; if Polars finds the quotes unbalanced (a stray ``"`` in
    an unquoted value), the file is parsed again with quotes taken literally. A row longer
    than the first row is handled by :func:`_parse_wide`.
    """
    if b'"' not in data:
        return _parse_as(data, skip_lines, delimiter, None, sample)
    try:
        return _parse_as(data, skip_lines, delimiter, '"', sample)
    except _Malformed:
        pass
    try:
        return _polars_csv(data, skip_lines, delimiter, None)
    except pl.exceptions.ComputeError as exc:
        # Includes a row wider than the first: with quotes taken literally, that is most
        # likely a quoted value holding the delimiter, cut in two. Refuse rather than guess.
        _classify(exc)
        raise intake_error("INTAKE_CSV_MALFORMED") from exc


class _Malformed(Exception):
    """Polars found the quotes unbalanced."""


def _parse_as(
    data: bytes, skip_lines: int, delimiter: str, quote: str | None, sample: list[str]
) -> pl.DataFrame:
    try:
        return _polars_csv(data, skip_lines, delimiter, quote)
    except pl.exceptions.ComputeError as exc:
        if _classify(exc) == "ragged":
            return _parse_wide(data, skip_lines, delimiter, quote, sample)
        if quote is None:
            raise intake_error("INTAKE_CSV_MALFORMED") from exc
        raise _Malformed from exc


def _polars_csv(data: bytes, skip_lines: int, delimiter: str, quote: str | None) -> pl.DataFrame:
    return pl.read_csv(
        data,
        has_header=False,
        infer_schema=False,
        separator=delimiter,
        quote_char=quote,
        skip_lines=skip_lines,
        raise_if_empty=False,
    )


def _classify(exc: pl.exceptions.ComputeError) -> str:
    """'ragged', or 'malformed'; raises :class:`_NotUtf8` for an encoding error."""
    text = str(exc)
    if "utf-8" in text or "utf8" in text:
        raise _NotUtf8 from exc
    return "ragged" if "more fields" in text else "malformed"


def _parse_wide(
    data: bytes, skip_lines: int, delimiter: str, quote: str | None, sample: list[str]
) -> pl.DataFrame:
    """Some row is longer than the first: parse again behind a synthetic wide first row."""
    body = data.split(b"\n", skip_lines)[-1] if skip_lines else data
    width = max([line.count(delimiter) + 1 for line in sample] + [8]) * 2
    while width <= MAX_COLUMNS:
        try:
            frame = _polars_csv(
                delimiter.encode() * (width - 1) + b"\n" + body, 0, delimiter, quote
            )
        except pl.exceptions.ComputeError as exc:
            if _classify(exc) != "ragged":
                raise intake_error("INTAKE_CSV_MALFORMED") from exc
            width *= 2
            continue
        return frame.slice(1)
    raise intake_error("INTAKE_CSV_MALFORMED")


def _find_header(frame: pl.DataFrame) -> int:
    """Index of the header row: the first row with two or more non-empty cells among the
    first :data:`TITLE_ROWS`, else the first non-empty row."""
    first_non_empty: int | None = None
    for index, row in enumerate(frame.head(TITLE_ROWS).iter_rows()):
        filled = sum(1 for value in row if clean_header(value) is not None)
        if filled >= 2:
            return index
        if filled and first_non_empty is None:
            first_non_empty = index
    if first_non_empty is not None:
        return first_non_empty
    blank = r"^[\s\u200b\ufeff]*$"
    found = frame.select(
        pl.any_horizontal(pl.all().is_not_null() & ~pl.all().str.contains(blank)).arg_true().first()
    ).item()
    if found is None:
        raise intake_error("INTAKE_EMPTY")
    return int(found)
