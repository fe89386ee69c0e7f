"""The per-row intake report, its CSV/XLSX files and the CLI's rows-out contract file."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from kawal.pipelines.intake import report_xlsx, xlsx_sheet
from kawal.pipelines.intake.findings_frame import FINDINGS_SCHEMA
from kawal.pipelines.intake.read import escape_for_export
from kawal.pipelines.intake.report import (
    COLUMNS,
    row_report,
    write_report_csv,
    write_report_xlsx,
    write_rows_out,
)

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
OUTCOME_SCHEMA = {
    "row": pl.Int64,
    "status": pl.String,
    "person": pl.Int64,
    "score": pl.Float64,
    "reasons": pl.String,
}


def original(columns: dict[str, list[str | None]], rows: list[int]) -> pl.DataFrame:
    """A file as read: ``row`` (Int64) first, then String columns."""
    data = {"row": pl.Series(rows, dtype=pl.Int64)}
    data.update({name: pl.Series(values, dtype=pl.String) for name, values in columns.items()})
    return pl.DataFrame(data)


def findings(*lines: tuple[int | None, str | None, str, str, str]) -> pl.DataFrame:
    """Findings from ``(row, column, code, severity, message)``; ``field`` is not used here."""
    data = [
        (row, column, "x", code, severity, message)
        for row, column, code, severity, message in lines
    ]
    return pl.DataFrame(data, schema=FINDINGS_SCHEMA, orient="row")


def outcomes(*lines: tuple[int, str, int | None, float | None, str | None]) -> pl.DataFrame:
    return pl.DataFrame(list(lines), schema=OUTCOME_SCHEMA, orient="row")


# Rows 1, 2 and 4 (row 3 was an empty line); given out of order on purpose.
FILE = original(
    {
        "Nama": ["Budi", "@SUM(A1)", "Siti"],
        "NIK": ["7413012508900001", "74130125", "0013016508900002"],
        "Telepon": ["+62812345678", "-5", " =1"],
        "Status": ["aktif", None, "=HYPERLINK(1)"],
    },
    [1, 2, 4],
)
FINDINGS = findings(
    (2, "NIK", "NIK_LENGTH", "error", "NIK harus 16 digit."),
    (2, "Telepon", "FORMULA_LIKE", "warning", "Telepon seperti rumus."),
    (2, "Nama", "FORMULA_LIKE", "warning", "Nama seperti rumus."),
    (1, "Telepon", "PHONE_PLUS", "warning", "Telepon memakai +."),
    (4, None, "VILLAGE_MISSING", "error", "Desa belum diisi."),
    (4, "Status", "FORMULA_LIKE", "warning", "Status seperti rumus."),
    (4, "Status", "STATUS_BAD", "error", "Status tidak dikenal."),
)
OUTCOMES = outcomes(
    (4, "review", 5, 0.66667, "NAME_DIFFERS; PHONE_PLUS;"),
    (1, "linked", 17, 0.91234, ""),
    (2, "invalid", None, None, None),
)
HEADER = [
    "Baris",
    "Nama",
    "NIK",
    "Telepon",
    "Status",
    "Status (Kawal)",
    "ID Orang",
    "Skor",
    "Kode Masalah",
    "Keterangan",
]


@pytest.fixture
def report() -> pl.DataFrame:
    return row_report(FILE, FINDINGS, OUTCOMES)


def test_row_report_columns_and_values(report: pl.DataFrame) -> None:
    assert report.columns == HEADER
    assert report.schema["Baris"] == pl.Int64
    assert report.schema["ID Orang"] == pl.Int64
    assert report.schema["Skor"] == pl.Float64
    assert report.rows() == [
        (
            1,
            "Budi",
            "7413012508900001",
            "'+62812345678",  # the existing helper escapes every leading "+", phones too
            "aktif",
            "Ditautkan",
            17,
            0.91234,
            "PHONE_PLUS",
            "Telepon memakai +.",
        ),
        (
            2,
            "'@SUM(A1)",
            "74130125",
            "'-5",
            None,
            "Tidak valid",
            None,
            None,
            "NIK_LENGTH;FORMULA_LIKE",  # findings order, each code once
            "NIK harus 16 digit.; Telepon seperti rumus.; Nama seperti rumus.",
        ),
        (
            4,
            "Siti",
            "0013016508900002",
            " =1",  # leading white space: the existing helper leaves it as is
            "'=HYPERLINK(1)",
            "Perlu ditinjau",
            5,
            0.66667,
            "VILLAGE_MISSING;FORMULA_LIKE;STATUS_BAD;NAME_DIFFERS;PHONE_PLUS",
            "Desa belum diisi.; Status seperti rumus.; Status tidak dikenal.",
        ),
    ]


def test_all_statuses_and_message_translation() -> None:
    rows = [1, 2, 3, 4, 5]
    file = original({"Nama": ["a", "b", "c", "d", "e"]}, rows)
    statuses = ["created", "linked", "duplicate", "review", "invalid"]
    reasons = ["", "LINK_MATCH", "LINK_DUPLICATE_IN_FILE", "LINK_REVIEW;OTHER", None]
    out = outcomes(
        *(
            (row, status, None, None, why)
            for row, status, why in zip(rows, statuses, reasons, strict=True)
        )
    )
    found = findings(
        (3, "Nama", "X", "error", "pesan"),
        (3, "Nama", "Y", "error", "pesan"),
        (4, "Nama", "X", "error", "Cocok."),
    )
    shown = {"pesan": "Pesan.", "LINK_MATCH": "Cocok.", "LINK_REVIEW": "Mirip."}
    report = row_report(file, found, out, messages=lambda text: shown.get(text, text))
    assert report["Status"].to_list() == [
        "Baru",
        "Ditautkan",
        "Duplikat dalam berkas",
        "Perlu ditinjau",
        "Tidak valid",
    ]
    assert report["Kode Masalah"].to_list() == [
        None,
        "LINK_MATCH",
        "X;Y;LINK_DUPLICATE_IN_FILE",
        "X;LINK_REVIEW;OTHER",
        None,
    ]
    # Reason codes are explained only when ``messages`` knows them; texts appear once.
    assert report["Keterangan"].to_list() == [None, "Cocok.", "Pesan.", "Cocok.; Mirip.", None]
    plain = row_report(file, found, out)  # identity: finding messages only, no reason texts
    assert plain["Keterangan"].to_list() == [None, None, "pesan", "Cocok.", None]


def test_own_column_names_never_collide() -> None:
    file = original(
        {"baris": ["1"], "Status": ["x"], "Status (Kawal)": ["y"], " skor ": ["z"]}, [1]
    )
    report = row_report(file, findings(), outcomes((1, "created", 1, 1.0, "")))
    assert report.columns == [
        "Baris (Kawal)",
        "baris",
        "Status",
        "Status (Kawal)",
        " skor ",
        "Status (Kawal 2)",
        "ID Orang",
        "Skor (Kawal)",
        "Kode Masalah",
        "Keterangan",
    ]
    assert report.row(0) == (1, "1", "x", "y", "z", "Baru", 1, 1.0, None, None)
    assert len(COLUMNS) == report_xlsx.OWN_AFTER


@pytest.mark.parametrize(
    ("out", "match"),
    [
        (outcomes((1, "linked", 1, None, ""), (2, "invalid", None, None, "")), "same data rows"),
        (
            outcomes((1, "linked", 1, None, ""), (1, "linked", 1, None, ""), (2, "x", 1, 1, "")),
            "exactly one line",
        ),
        (
            outcomes(
                (1, "linked", 1, None, ""), (2, "invalid", None, None, ""), (4, "ok", 1, 1, "")
            ),
            "unknown outcome status",
        ),
    ],
)
def test_outcomes_must_match_the_rows(out: pl.DataFrame, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        row_report(FILE, FINDINGS, out)


def test_report_csv_exact_bytes(report: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "laporan.csv"
    write_report_csv(report.rename({"Nama": "=Nama"}), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == (
        "Baris,'=Nama,NIK,Telepon,Status,Status (Kawal),ID Orang,Skor,Kode Masalah,Keterangan\n"
        "1,Budi,7413012508900001,'+62812345678,aktif,Ditautkan,17,0.9123,PHONE_PLUS,"
        "Telepon memakai +.\n"
        "2,'@SUM(A1),74130125,'-5,,Tidak valid,,,NIK_LENGTH;FORMULA_LIKE,"
        "NIK harus 16 digit.; Telepon seperti rumus.; Nama seperti rumus.\n"
        "4,Siti,0013016508900002, =1,'=HYPERLINK(1),Perlu ditinjau,5,0.6667,"
        "VILLAGE_MISSING;FORMULA_LIKE;STATUS_BAD;NAME_DIFFERS;PHONE_PLUS,"
        "Desa belum diisi.; Status seperti rumus.; Status tidak dikenal.\n"
    )


def test_rows_out_exact_text(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    out = outcomes(
        (3, "review", 5, 0.66667, "NAME_DIFFERS;PHONE_PLUS"),
        (1, "linked", 17, 1.0, ""),
        (2, "invalid", None, None, None),
        (7, "created", 9, 0.0, "A,B"),
        (5, "duplicate", 12, 0.12341, None),
    )
    write_rows_out(out, path)
    assert path.read_bytes() == (
        b"row,status,person,score,reasons\n"
        b"1,linked,17,1,\n"
        b"2,invalid,,,\n"
        b"3,review,5,0.6667,NAME_DIFFERS;PHONE_PLUS\n"
        b"5,duplicate,12,0.1234,\n"
        b'7,created,9,0,"A,B"\n'
    )


def test_rows_out_header_only_when_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    write_rows_out(outcomes(), path)
    assert path.read_bytes() == b"row,status,person,score,reasons\n"


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(archive.read(name))  # noqa: S314 - a file written by the test


def _cell_fills(path: Path) -> tuple[dict[str, str | None], ElementTree.Element]:
    """Cell reference -> fill colour (``None`` without a fill), and the sheet's XML."""
    with zipfile.ZipFile(path) as archive:
        styles = _xml(archive, "xl/styles.xml")
        sheet = _xml(archive, "xl/worksheets/sheet1.xml")
    colours = []
    for fill in styles.findall("m:fills/m:fill", NS):
        colour = fill.find("m:patternFill/m:fgColor", NS)
        colours.append(None if colour is None else colour.get("rgb"))
    xfs = [int(xf.get("fillId", "0")) for xf in styles.findall("m:cellXfs/m:xf", NS)]
    cells = {
        cell.get("r", ""): colours[xfs[int(cell.get("s", "0"))]]
        for cell in sheet.iter(f"{{{NS['m']}}}c")
    }
    return cells, sheet


def test_report_xlsx_values_are_strings(report: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "laporan.xlsx"
    write_report_xlsx(report.rename({"Nama": "=Nama"}), FINDINGS, path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Laporan").to_python()
    assert rows[0] == ["Baris", "'=Nama", *HEADER[2:]]
    assert rows[1] == [
        "1",
        "Budi",
        "7413012508900001",
        "'+62812345678",
        "aktif",
        "Ditautkan",
        "17",
        "0.9123",
        "PHONE_PLUS",
        "Telepon memakai +.",
    ]
    assert rows[2][:8] == ["2", "'@SUM(A1)", "74130125", "'-5", "", "Tidak valid", "", ""]
    assert rows[3][:8] == [
        "4",
        "Siti",
        "0013016508900002",
        " =1",
        "'=HYPERLINK(1)",
        "Perlu ditinjau",
        "5",
        "0.6667",
    ]
    assert all(isinstance(value, str) for row in rows for value in row)
    _, sheet = _cell_fills(path)
    cells = list(sheet.iter(f"{{{NS['m']}}}c"))
    assert len(cells) > 30
    # A cell is an inline string, or (a styled empty cell) has no content at all.
    assert all(cell.get("t") == "inlineStr" or len(cell) == 0 for cell in cells)
    assert not list(sheet.iter(f"{{{NS['m']}}}f"))  # no formula anywhere
    assert not [cell for cell in cells if cell.find("m:v", NS) is not None]  # no number


def test_report_xlsx_layout_and_fills(report: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "laporan.xlsx"
    write_report_xlsx(report, FINDINGS, path)
    fills, sheet = _cell_fills(path)
    red, yellow = "FF" + report_xlsx.ERROR_FILL[1:], "FF" + report_xlsx.WARNING_FILL[1:]
    # Row 1 (sheet row 2): a warning on Telepon (D). Row 2 (sheet row 3): an error on NIK
    # (C), warnings on Telepon and Nama. Row 4 (sheet row 4): a warning and an error on
    # Status (E): the error wins; the finding without a column fills nothing. The report's
    # own "Status (Kawal)" (F) is never filled although a file column is called "Status".
    marked = {ref: colour for ref, colour in fills.items() if colour is not None}
    assert marked == {"D2": yellow, "B3": yellow, "C3": red, "D3": yellow, "E4": red}
    with zipfile.ZipFile(path) as archive:
        styles = _xml(archive, "xl/styles.xml")
    fonts = styles.findall("m:fonts/m:font", NS)
    xfs = styles.findall("m:cellXfs/m:xf", NS)
    header = [c for c in sheet.iter(f"{{{NS['m']}}}c") if re.fullmatch(r"[A-Z]+1", c.get("r", ""))]
    assert len(header) == len(HEADER)
    for cell in header:
        font = fonts[int(xfs[int(cell.get("s", "0"))].get("fontId", "0"))]
        assert font.find("m:b", NS) is not None
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert pane is not None
    assert (pane.get("ySplit"), pane.get("state"), pane.get("topLeftCell")) == ("1", "frozen", "A2")
    autofilter = sheet.find("m:autoFilter", NS)
    assert autofilter is not None
    assert autofilter.get("ref") == "A1:J4"
    widths = {
        int(col.get("min", "0")): float(col.get("width", "0"))
        for col in sheet.iter(f"{{{NS['m']}}}col")
    }
    assert widths[len(HEADER)] > 50  # Keterangan (last column) is wide
    assert widths[2] < 30


def test_report_xlsx_row_limit(
    report: pl.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "laporan.xlsx"
    monkeypatch.setattr(report_xlsx, "XLSX_MAX_ROWS", 2)
    with pytest.raises(ValueError, match="at most 2 below the header"):
        write_report_xlsx(report, FINDINGS, path)
    assert not path.exists()
    write_report_xlsx(report.head(2), FINDINGS, path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Laporan").to_python()
    assert [row[0] for row in rows] == ["Baris", "1", "2"]


def test_default_row_limit_is_excel_s() -> None:
    assert report_xlsx.XLSX_MAX_ROWS + 1 == 1_048_576  # with the header row


# --- the XLSX package, written directly (kawal.pipelines.intake.xlsx_sheet) ---------------

TRICKY = [
    "a & b < c > d \" e ' f",
    "kontrol \x01\x08\x0b\x0c\x1f dan CR\r di sini",
    "tab\tdan\nbaris baru",
    "  spasi di depan",
    "spasi di belakang  ",
    "\u00a0tanpa putus\u00a0",
    "Désa Wakoila, Kecamatan Lawa — Sulawesi Tenggara",
    "Wa Ode Nurlina 😀 ñ ü 漢字",
    "teks _x0041_ seperti escape",
    '</t></is></c><c r="A1"><f>1+1</f>',
    "]]> &amp; &#x41;",
]
AWKWARD = ["\ufffe\uffff bukan karakter", "_x005F_x0041_ escape ganda"]


def _plain_report(
    columns: dict[str, list[str | None]], found: pl.DataFrame | None = None
) -> pl.DataFrame:
    """``row_report`` of a file with ``columns``, every row created, no outcome reasons."""
    height = len(next(iter(columns.values())))
    rows = list(range(1, height + 1))
    out = outcomes(*((row, "created", row, 1.0, "") for row in rows))
    return row_report(original(columns, rows), findings() if found is None else found, out)


def _calamine_rows(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Laporan").to_python()


def _cells(path: Path) -> dict[str, tuple[str | None, str | None, str | None, bool, str]]:
    """Cell reference -> (type, text, fill colour, bold, xml:space) as the sheet's XML says."""
    fills, sheet = _cell_fills(path)
    with zipfile.ZipFile(path) as archive:
        styles = _xml(archive, "xl/styles.xml")
    fonts = styles.findall("m:fonts/m:font", NS)
    xfs = styles.findall("m:cellXfs/m:xf", NS)
    space = "{http://www.w3.org/XML/1998/namespace}space"
    cells = {}
    for cell in sheet.iter(f"{{{NS['m']}}}c"):
        text = cell.find("m:is/m:t", NS)
        font = fonts[int(xfs[int(cell.get("s", "0"))].get("fontId", "0"))]
        cells[cell.get("r", "")] = (
            cell.get("t"),
            None if text is None else (text.text or ""),
            fills[cell.get("r", "")],
            font.find("m:b", NS) is not None,
            "" if text is None else text.get(space, ""),
        )
    return cells


def _written(report: pl.DataFrame, found: pl.DataFrame, path: Path) -> Path:
    write_report_xlsx(report, found, path)
    return path


def _xlsxwriter_report(report: pl.DataFrame, found: pl.DataFrame, path: Path) -> None:
    """The report as the former writer made it with xlsxwriter, cell by cell: the reference
    that the direct writer must match."""
    xlsxwriter = pytest.importorskip("xlsxwriter")
    sheet_rows = {row: r for r, row in enumerate(report[report.columns[0]].to_list(), start=1)}
    file_columns = report.columns[1 : report.width - report_xlsx.OWN_AFTER]
    sheet_columns = {name: c for c, name in enumerate(file_columns, start=1)}
    rank: dict[tuple[int, int], int] = {}
    for row, column, severity in found.select("row", "column", "severity").iter_rows():
        if row in sheet_rows and column in sheet_columns and severity in ("error", "warning"):
            cell = (sheet_rows[row], sheet_columns[column])
            rank[cell] = max(rank.get(cell, 0), 2 if severity == "error" else 1)
    options = {"constant_memory": True, "strings_to_formulas": False}
    options |= {"strings_to_numbers": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(str(path), options) as workbook:
        bold = workbook.add_format({"bold": True})
        fills = {
            2: workbook.add_format({"bg_color": report_xlsx.ERROR_FILL}),
            1: workbook.add_format({"bg_color": report_xlsx.WARNING_FILL}),
        }
        sheet = workbook.add_worksheet("Laporan")
        last = report.width - 1
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, last - report_xlsx.OWN_AFTER, 16)
        sheet.set_column(last - report_xlsx.OWN_AFTER + 1, last - 1, 18)
        sheet.set_column(last, last, 80)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, report.height, last)
        for c, name in enumerate(report.columns):
            sheet.write_string(0, c, escape_for_export(name), bold)
        for r, values in enumerate(report_xlsx.report_text(report).iter_rows(), start=1):
            for c, value in enumerate(values):
                fill = fills.get(rank.get((r, c), 0))
                if value:
                    sheet.write_string(r, c, value, fill)
                elif fill is not None:
                    sheet.write_blank(r, c, None, fill)


@pytest.fixture
def tricky() -> tuple[pl.DataFrame, pl.DataFrame]:
    """A report of awkward text, with an error and a warning on empty cells, and findings."""
    texts = TRICKY + AWKWARD
    others = [None if i % 3 == 0 else f"Wa Ode {i} & <{i}>" for i in range(len(texts))]
    empty = [None] * len(texts)
    report = _plain_report({"Teks": texts, 'Nama é & <b> "x"': others, "=Kosong": empty})
    found = findings(
        (1, "Teks", "A", "warning", "a"),
        (1, 'Nama é & <b> "x"', "B", "error", "b"),  # an empty cell, filled red
        (2, "=Kosong", "C", "warning", "c"),  # an empty cell, filled yellow
        (2, "=Kosong", "D", "warning", "d"),
        (3, "Teks", "E", "warning", "e"),
        (3, "Teks", "F", "error", "f"),  # the error wins
        (4, None, "G", "error", "g"),  # no column: no fill
        (99, "Teks", "H", "error", "h"),  # no such row: no fill
        (5, "Tidak ada", "I", "error", "i"),  # no such column: no fill
    )
    return report, found


def test_report_xlsx_reads_back_tricky_text(
    tricky: tuple[pl.DataFrame, pl.DataFrame], tmp_path: Path
) -> None:
    report, found = tricky
    rows = _calamine_rows(_written(report, found, tmp_path / "laporan.xlsx"))
    assert rows[0][:4] == ["Baris", "Teks", 'Nama é & <b> "x"', "'=Kosong"]
    # XML-special characters, control characters (as Excel's _xHHHH_ escapes), non-ASCII and
    # white space at either end all come back as they were.
    assert [row[1] for row in rows[1 : len(TRICKY) + 1]] == TRICKY
    assert [row[2] for row in rows[1:]] == [value or "" for value in report[report.columns[2]]]
    assert all(row[3] == "" for row in rows[1:])
    assert len(rows) == report.height + 1


def test_report_xlsx_cells_match_the_xlsxwriter_writer(
    tricky: tuple[pl.DataFrame, pl.DataFrame], tmp_path: Path
) -> None:
    report, found = tricky
    path = _written(report, found, tmp_path / "laporan.xlsx")
    reference = tmp_path / "xlsxwriter.xlsx"
    _xlsxwriter_report(report, found, reference)
    cells = _cells(path)
    assert cells == _cells(reference)  # type, text, fill, bold and xml:space of every cell
    assert _calamine_rows(path) == _calamine_rows(reference)
    red, yellow = "FF" + report_xlsx.ERROR_FILL[1:], "FF" + report_xlsx.WARNING_FILL[1:]
    marked = {ref: cell[2] for ref, cell in cells.items() if cell[2] is not None}
    assert marked == {"B2": yellow, "C2": red, "D3": yellow, "B4": red}
    assert cells["C2"] == (None, None, red, False, "")  # an empty cell with a fill
    assert cells["B5"][4] == "preserve"  # leading spaces
    assert cells["B3"][1] == "kontrol _x0001__x0008__x000B__x000C__x001F_ dan CR_x000D_ di sini"
    assert cells["B10"][1] == "teks _x005F_x0041_ seperti escape"
    assert cells["B13"][1] == "_xFFFE__xFFFF_ bukan karakter"
    assert cells["B14"][1] == "_x005F_x005F_x0041_ escape ganda"  # as xlsxwriter escapes it
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(reference) as other:
        for name in ("xl/worksheets/sheet1.xml", "xl/workbook.xml"):
            mine, theirs = _xml(archive, name), _xml(other, name)
            for tag in ("sheetViews", "cols", "autoFilter", "dimension", "definedNames"):
                ours = [ElementTree.tostring(e) for e in mine.iter(f"{{{NS['m']}}}{tag}")]
                assert ours == [ElementTree.tostring(e) for e in theirs.iter(f"{{{NS['m']}}}{tag}")]


def test_report_xlsx_opens_in_openpyxl(
    tricky: tuple[pl.DataFrame, pl.DataFrame], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    report, found = tricky
    path = _written(report, found, tmp_path / "laporan.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a part openpyxl does not understand would warn
        sheet = openpyxl.load_workbook(path)["Laporan"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = [escape_for_export(name) for name in report.columns]
    expected = [header, *report_xlsx.report_text(report).rows()]
    # openpyxl does not decode Excel's _xHHHH_ escapes (calamine and Excel do): leave out the
    # values holding control characters or text like an escape.
    escaped = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
    for row, wanted in zip(values, expected, strict=True):
        keep = [i for i, value in enumerate(wanted) if not escaped.search(value or "")]
        assert [row[i] for i in keep] == [wanted[i] for i in keep]
        assert len(keep) >= len(wanted) - 1
    assert all(isinstance(value, str) for row in values for value in row if value is not None)
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for row in sheet.iter_rows(min_row=2) for cell in row)
    fills = {
        cell.coordinate: cell.fill.fgColor.rgb
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fill_type == "solid"
    }
    red, yellow = "FF" + report_xlsx.ERROR_FILL[1:], "FF" + report_xlsx.WARNING_FILL[1:]
    assert fills == {"B2": yellow, "C2": red, "D3": yellow, "B4": red}
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:I{report.height + 1}"
    widths = [sheet.column_dimensions[letter].width for letter in ("A", "B", "E", "I")]
    assert widths == [8.7109375, 16.7109375, 18.7109375, 80.7109375]  # as xlsxwriter set them


def test_column_letters() -> None:
    letters = xlsx_sheet.column_letter
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702, 703)] == [
        *("A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "AAB"),
    ]
    assert letters(report_xlsx.XLSX_MAX_COLUMNS - 1) == "XFD"
    with pytest.raises(ValueError, match="negative"):
        letters(-1)


def test_report_xlsx_wide_report(tmp_path: Path) -> None:
    """806 columns (up to ``ADZ``): references of 3 letters, and the text checks made on
    all cells at once (past ``xlsx_sheet._WIDE`` columns) still escape each column right."""
    columns: dict[str, list[str | None]] = {f"K{i}": [f"v{i}", None] for i in range(800)}
    columns |= {"K3": ["a & <b>", " spasi "], "K4": ["x\x01y", None], "K5": [None, None]}
    found = findings((2, "K710", "X", "error", "x"), (1, "K799", "Y", "warning", "y"))
    report = _plain_report(columns, found)
    assert report.width > xlsx_sheet._WIDE
    path = _written(report, found, tmp_path / "laporan.xlsx")
    rows = _calamine_rows(path)
    assert rows[0] == [escape_for_export(name) for name in report.columns]
    assert rows[1][1:801] == [value or "" for value in report.row(0)[1:801]]
    assert rows[1][4:7] == ["a & <b>", "x\x01y", ""]
    assert rows[2][1:801] == ["", "", "", " spasi ", *[""] * 796]
    cells = _cells(path)
    last = xlsx_sheet.column_letter(report.width - 1)
    assert last == "ADZ"
    assert cells[f"{last}1"][1] == "Keterangan"
    red, yellow = "FF" + report_xlsx.ERROR_FILL[1:], "FF" + report_xlsx.WARNING_FILL[1:]
    assert cells["AAJ3"] == (None, None, red, False, "")  # K710: sheet column 712
    assert cells["E3"][1:] == (" spasi ", None, False, "preserve")
    assert cells["ADU2"][1:3] == ("v799", yellow)  # K799: sheet column 801
    _, sheet = _cell_fills(path)
    autofilter = sheet.find("m:autoFilter", NS)
    assert autofilter is not None
    assert autofilter.get("ref") == f"A1:{last}3"


def test_report_xlsx_chunks_join_seamlessly(
    report: pl.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _written(report, FINDINGS, tmp_path / "whole.xlsx")
    monkeypatch.setattr(xlsx_sheet, "CHUNK_CELLS", 2 * report.width)  # 2 rows at a time
    chunked = _written(report, FINDINGS, tmp_path / "chunked.xlsx")
    with zipfile.ZipFile(whole) as one, zipfile.ZipFile(chunked) as other:
        name = "xl/worksheets/sheet1.xml"
        assert one.read(name) == other.read(name)


def test_report_xlsx_cuts_text_longer_than_excel_allows(tmp_path: Path) -> None:
    limit = xlsx_sheet.CELL_TEXT_LIMIT
    long = "a" * (limit - 1) + "😀b"  # the emoji is 2 UTF-16 units: cut before it
    report = _plain_report({"Teks": [long, "b" * limit, "c" * (limit + 1)]})
    rows = _calamine_rows(_written(report, findings(), tmp_path / "laporan.xlsx"))
    assert [row[1] for row in rows[1:]] == ["a" * (limit - 1), "b" * limit, "c" * limit]


def test_report_xlsx_without_rows(report: pl.DataFrame, tmp_path: Path) -> None:
    path = _written(report.clear(), FINDINGS, tmp_path / "laporan.xlsx")
    assert _calamine_rows(path) == [HEADER]
    _, sheet = _cell_fills(path)
    autofilter = sheet.find("m:autoFilter", NS)
    assert autofilter is not None
    assert autofilter.get("ref") == "A1:J1"


def test_report_xlsx_zip64(
    report: pl.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet that could pass 2 GiB is written as Zip64; readers still read it."""
    plain = _calamine_rows(_written(report, FINDINGS, tmp_path / "plain.xlsx"))
    monkeypatch.setattr(xlsx_sheet, "_ZIP64_AT", 0)
    assert _calamine_rows(_written(report, FINDINGS, tmp_path / "zip64.xlsx")) == plain


def test_report_xlsx_package_is_consistent(report: pl.DataFrame, tmp_path: Path) -> None:
    """Every part has a content type, every relationship a target, the filter a name."""
    path = _written(report, FINDINGS, tmp_path / "laporan.xlsx")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        types = _xml(archive, "[Content_Types].xml")
        ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
        defaults = {e.get("Extension") for e in types.iter(f"{ct}Default")}
        overrides = {
            e.get("PartName", "")[1:]: e.get("ContentType") for e in types.iter(f"{ct}Override")
        }
        assert set(overrides) <= set(names)
        assert all(n in overrides or n.rsplit(".", 1)[-1] in defaults for n in names[1:])
        assert overrides["xl/workbook.xml"].endswith("spreadsheetml.sheet.main+xml")
        assert overrides["xl/worksheets/sheet1.xml"].endswith("spreadsheetml.worksheet+xml")
        assert overrides["xl/styles.xml"].endswith("spreadsheetml.styles+xml")
        rel = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
        for rels in [n for n in names if n.endswith(".rels")]:
            base = rels.replace("_rels/", "").removesuffix(".rels").rpartition("/")[0]
            for relationship in _xml(archive, rels).iter(rel):
                target = relationship.get("Target", "")
                assert (f"{base}/{target}" if base else target) in names
        workbook = _xml(archive, "xl/workbook.xml")
    (name,) = workbook.iter(f"{{{NS['m']}}}definedName")
    assert (name.get("name"), name.get("localSheetId"), name.get("hidden")) == (
        "_xlnm._FilterDatabase",
        "0",
        "1",
    )
    assert name.text == "Laporan!$A$1:$J$4"
    (sheet,) = workbook.iter(f"{{{NS['m']}}}sheet")
    assert sheet.get("name") == "Laporan"
