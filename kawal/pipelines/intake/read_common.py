"""Shared part of the intake readers: the error type and turning raw cells into the table.

Both readers (:mod:`.read_csv`, :mod:`.read_xlsx`) produce a *raw grid*: a Polars frame of
String columns in file order (names are positional), the header cells, and where the header
sits. :func:`build_table` applies the rules that are the same for every format: header names
stripped and checked, empty cells to null, fully empty rows skipped with truthful row numbers,
cells outside the table rejected.

Messages are Indonesian (``message``) with an English twin (``message_en``) for logs. Like
:mod:`kawal.domain.findings`, they never quote a cell value: at most header names (shortened)
and sheet names, which are not personal data once the header check has passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from kawal.domain.nik import NUMBER_FORMAT_PATTERN, normalise_nik

#: Name of the added 1-based data row number column.
ROW = "row"

#: message key -> (code, Indonesian template, English template). Several keys may share a code
#: (the code is the stable contract; the key only picks the most helpful wording).
MESSAGES: dict[str, tuple[str, str, str]] = {
    "INTAKE_UNREADABLE": (
        "INTAKE_UNREADABLE",
        "Berkas tidak dapat dibuka atau dibaca.",
        "The file cannot be opened or read.",
    ),
    "INTAKE_TOO_LARGE": (
        "INTAKE_TOO_LARGE",
        "Berkas terlalu besar ({size} MB); batasnya {limit} MB. Pecah data menjadi beberapa "
        "berkas, lalu unggah satu per satu.",
        "The file is too large ({size} MB); the limit is {limit} MB. Split it into several files.",
    ),
    "INTAKE_EMPTY": (
        "INTAKE_EMPTY",
        "Berkas kosong: tidak ada isi yang dapat dibaca.",
        "The file is empty.",
    ),
    "INTAKE_NO_ROWS": (
        "INTAKE_NO_ROWS",
        "Berkas hanya berisi baris judul kolom, tanpa satu pun baris data.",
        "The file has a header row but no data rows.",
    ),
    "INTAKE_NO_HEADER": (
        "INTAKE_NO_HEADER",
        "Baris pertama berisi data, bukan judul kolom. Tambahkan satu baris judul kolom "
        "(misalnya NIK, Nama, Tgl Lahir) di atas data.",
        "The first row holds data, not column names. Add a header row above the data.",
    ),
    "INTAKE_DUPLICATE_HEADER": (
        "INTAKE_DUPLICATE_HEADER",
        "Ada judul kolom yang sama (huruf besar/kecil dan spasi tidak dibedakan): {names}. "
        "Setiap kolom harus punya judul yang berbeda.",
        "Duplicate column names (ignoring case and spaces): {names}.",
    ),
    "INTAKE_RESERVED_HEADER": (
        "INTAKE_RESERVED_HEADER",
        "Judul kolom '{name}' tidak dapat dipakai karena Kawal memakainya untuk nomor baris. "
        "Ganti judul kolom tersebut.",
        "The column name '{name}' is reserved for the row number. Rename that column.",
    ),
    "INTAKE_RAGGED": (
        "INTAKE_RAGGED",
        "Baris data ke-{row} berisi lebih banyak sel daripada judul kolom. Beri judul pada "
        "kolom tambahan itu, atau hapus isi sel di luar tabel.",
        "Data row {row} has more cells than there are column names.",
    ),
    "INTAKE_NOT_TEXT": (
        "INTAKE_NOT_TEXT",
        "Berkas ini bukan CSV teks (isinya data biner atau huruf yang tidak dikenali). "
        "Unggah berkas CSV atau Excel (.xlsx).",
        "The file is not CSV text (binary content or an unknown encoding).",
    ),
    "INTAKE_CSV_MALFORMED": (
        "INTAKE_CSV_MALFORMED",
        'Berkas CSV tidak dapat diurai: ada tanda kutip (") yang tidak berpasangan atau baris '
        "yang rusak. Buka berkas di Excel lalu simpan ulang sebagai CSV.",
        "The CSV cannot be parsed: an unbalanced quote or a broken line.",
    ),
    "INTAKE_XLSX_CORRUPT": (
        "INTAKE_XLSX_CORRUPT",
        "Berkas Excel rusak atau tidak lengkap. Buka di Excel lalu simpan ulang sebagai .xlsx.",
        "The Excel file is corrupt or incomplete.",
    ),
    "INTAKE_XLSX_ENCRYPTED": (
        "INTAKE_XLSX_ENCRYPTED",
        "Berkas Excel dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
        "(File > Info > Protect Workbook > Encrypt with Password), simpan, lalu unggah ulang.",
        "The Excel file is password-protected. Remove the password and upload it again.",
    ),
    "INTAKE_ZIP_BOMB": (
        "INTAKE_ZIP_BOMB",
        "Berkas Excel ini ditolak demi keamanan: isinya mengembang jauh lebih besar daripada "
        "ukuran berkasnya ({size} MB setelah dibuka).",
        "The Excel file was refused for safety: it expands to {size} MB.",
    ),
    "INTAKE_SHEET_NOT_FOUND": (
        "INTAKE_SHEET_NOT_FOUND",
        "Lembar kerja '{sheet}' tidak ada dalam berkas. Lembar yang ada: {names}.",
        "Worksheet '{sheet}' is not in the file. Sheets: {names}.",
    ),
    "INTAKE_UNSUPPORTED": (
        "INTAKE_UNSUPPORTED",
        "Jenis berkas tidak didukung. Unggah berkas CSV atau Excel (.xlsx).",
        "Unsupported file type. Upload a CSV or an Excel (.xlsx) file.",
    ),
    "INTAKE_UNSUPPORTED_XLS": (
        "INTAKE_UNSUPPORTED",
        "Format Excel lama (.xls, Excel 97–2003) tidak didukung. Buka berkas di Excel lalu "
        "pilih Save As > Excel Workbook (.xlsx).",
        "The old Excel format (.xls) is not supported. Save the file as .xlsx.",
    ),
    "INTAKE_UNSUPPORTED_HTML": (
        "INTAKE_UNSUPPORTED",
        "Berkas ini sebenarnya halaman web (HTML) atau XML, bukan Excel (.xlsx) atau CSV. "
        "Buka di Excel lalu simpan sebagai Excel Workbook (.xlsx).",
        "The file is an HTML or XML page, not Excel or CSV. Save it as .xlsx.",
    ),
    "INTAKE_UNSUPPORTED_ZIP": (
        "INTAKE_UNSUPPORTED",
        "Berkas ini bukan Excel (.xlsx) (misalnya dokumen Word atau LibreOffice). Simpan data "
        "sebagai Excel Workbook (.xlsx) atau CSV.",
        "The file is a zip archive but not an Excel workbook.",
    ),
}


class IntakeFileError(ValueError):
    """The file cannot be taken in; nothing has been read into Kawal.

    ``code`` is stable (programs and tests rely on it); ``message`` is Indonesian for the
    user and is also ``str(error)``; ``message_en`` is for logs; ``row`` is the 1-based data
    row number when the problem is in one row.
    """

    def __init__(
        self, code: str, message: str, *, message_en: str = "", row: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_en = message_en or message
        self.row = row


def intake_error(key: str, /, *, row: int | None = None, **params: object) -> IntakeFileError:
    """Build the :class:`IntakeFileError` for message ``key`` (see :data:`MESSAGES`)."""
    code, template_id, template_en = MESSAGES[key]
    if row is not None:
        params["row"] = row
    return IntakeFileError(
        code,
        template_id.format_map(params),
        message_en=template_en.format_map(params),
        row=row,
    )


def megabytes(size: int) -> str:
    """``12_345_678`` → ``'12,3'`` (Indonesian decimal comma)."""
    return f"{size / 1_000_000:.1f}".replace(".", ",")


@dataclass(frozen=True)
class RawGrid:
    """What a reader hands to :func:`build_table`.

    ``cells``: String columns in file order (positional names), one row per row of the file
    *after* the header row, in file order, blank rows included. ``header``: the header cells
    (``None`` when empty), possibly fewer than ``cells`` has columns. ``header_typed``: per
    header cell, True when the cell was a number/date/boolean (XLSX). ``labels``: how to call
    each column when its header is empty (``"C"`` or ``"3"``). ``numeric``: positional column
    name -> Boolean Series aligned with ``cells`` (True where the cell was stored as a number).
    """

    cells: pl.DataFrame
    header: list[str | None]
    header_typed: list[bool]
    labels: list[str]
    numeric: dict[str, pl.Series]


_NIK_LIKE = re.compile(r"[0-9]{15,16}")
_NUMBER_FORMAT = re.compile(NUMBER_FORMAT_PATTERN)
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)*")
_DATE = re.compile(r"[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}")
_SPACE = re.compile(r"\s+")
#: A cell is empty when it has nothing but white space (Unicode ``\s``, zero-width space, BOM).
EMPTY_CELL_PATTERN = r"^[\s\u200b\ufeff]*$"


def header_key(name: str) -> str:
    """The form compared for duplicates: case-folded, all white space removed."""
    return _SPACE.sub("", name).casefold()


def clean_header(value: str | None) -> str | None:
    """Strip a header cell (white space, zero-width space, BOM); ``None`` when nothing is left."""
    if value is None:
        return None
    value = value.strip().strip("\u200b\ufeff").strip()
    return value or None


def header_looks_like_data(cells: list[str | None], typed: list[bool]) -> bool:
    """True when the header row is really a data row.

    That is when one cell looks like a NIK (15–16 digits once separators are removed, or a
    spreadsheet number rendering such as ``7.41E+15``), or when every non-empty cell is a
    number or a date (typed as such in XLSX, or written like one).
    """
    present = [(value, flag) for value, flag in zip(cells, typed, strict=True) if value]
    if not present:
        return False
    for value, _ in present:
        if _NIK_LIKE.fullmatch(normalise_nik(value)) or _NUMBER_FORMAT.fullmatch(value):
            return True
    return all(
        flag or _NUMBER.fullmatch(value) or _DATE.fullmatch(value) for value, flag in present
    )


def null_if_blank(column: str) -> pl.Expr:
    """``column`` with empty and white-space-only cells turned into null; other cells as is."""
    expr = pl.col(column)
    return pl.when(expr.str.contains(EMPTY_CELL_PATTERN)).then(None).otherwise(expr).alias(column)


def nulls_for_blanks(frame: pl.DataFrame) -> pl.DataFrame:
    """Apply :func:`null_if_blank` to every String column of ``frame`` that may need it.

    A blank cell is empty or starts with white space, i.e. with a byte below ``!`` or a
    non-ASCII character; comparing with those bounds is an order of magnitude cheaper than
    the pattern, so the pattern only runs on columns holding such a cell.
    """
    if frame.width == 0 or frame.height == 0:
        return frame
    maybe = frame.select(((pl.col(c) < "!") | (pl.col(c) >= "\u0080")).any() for c in frame.columns)
    suspects = [name for name, flag in zip(frame.columns, maybe.row(0), strict=True) if flag]
    return frame.with_columns(null_if_blank(name) for name in suspects) if suspects else frame


def _shorten(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def build_table(grid: RawGrid) -> tuple[pl.DataFrame, dict[str, pl.Series], dict[str, str]]:
    """Apply the common rules to ``grid``; return (frame, numeric cells, column labels).

    Raises :class:`IntakeFileError` for a header that is data, duplicate or reserved header
    names, a non-empty cell to the right of the last named column, or no data rows.
    """
    header = [clean_header(value) for value in grid.header]
    width = max((i + 1 for i, value in enumerate(header) if value), default=0)
    header = header[:width]
    if header_looks_like_data(header, grid.header_typed[:width]):
        raise intake_error("INTAKE_NO_HEADER")
    _check_names([value for value in header if value])

    positional = grid.cells.columns
    cells = nulls_for_blanks(grid.cells)
    extra = positional[width:]
    if extra:
        outside = cells.select(pl.any_horizontal(pl.col(extra).is_not_null()).arg_true().first())
        first = outside.item()
        if first is not None:
            raise intake_error("INTAKE_RAGGED", row=int(first) + 1)
        cells = cells.drop(extra)
        positional = positional[:width]

    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    unnamed = [pos for pos, value in zip(positional, header, strict=True) if value is None]
    has_data = cells.select(pl.col(unnamed).is_not_null().any()).row(0) if unnamed else ()
    keep_unnamed = {pos for pos, flag in zip(unnamed, has_data, strict=True) if flag}
    for index, (pos, value) in enumerate(zip(positional, header, strict=True)):
        if value is None and pos not in keep_unnamed:
            continue
        name = value if value is not None else f"(kolom {grid.labels[index]})"
        names[pos] = name
        labels[name] = grid.labels[index]
    _check_names(list(names.values()))

    flags = {f"\x00numeric {pos}": series for pos, series in grid.numeric.items() if pos in names}
    frame = (
        cells.select(list(names))
        .with_columns(series.alias(key) for key, series in flags.items())
        .with_row_index(ROW, offset=1)
        .filter(pl.any_horizontal(pl.col(list(names)).is_not_null()))
    )
    if frame.height == 0:
        raise intake_error("INTAKE_NO_ROWS")
    numeric = {names[key.split(" ", 1)[1]]: frame[key] for key in flags}
    numeric = {name: series.alias(name) for name, series in numeric.items()}
    renamed = (pl.col(pos).alias(name) for pos, name in names.items())
    frame = frame.select(pl.col(ROW).cast(pl.Int64), *renamed)
    return frame, numeric, labels


def _check_names(names: list[str]) -> None:
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for name in names:
        key = header_key(name)
        if key == ROW:
            raise intake_error("INTAKE_RESERVED_HEADER", name=_shorten(name))
        if key in seen:
            duplicates.append(f"'{_shorten(seen[key])}' dan '{_shorten(name)}'")
        else:
            seen[key] = name
    if duplicates:
        raise intake_error("INTAKE_DUPLICATE_HEADER", names="; ".join(duplicates[:5]))
