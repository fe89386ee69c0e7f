"""The per-row intake report, its CSV/XLSX files and the CLI's rows-out contract file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from kawal.pipelines.intake import report_xlsx
from kawal.pipelines.intake.findings_frame import FINDINGS_SCHEMA
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
