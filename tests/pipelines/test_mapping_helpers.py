"""The pure helpers of the mapping step: reading only a file's head, samples, field choices."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from polars.testing import assert_frame_equal, assert_series_equal

from kawal.pipelines.intake import read
from kawal.pipelines.intake.headers import explicit_mapping, map_headers, source_fields
from kawal.pipelines.intake.read import IntakeFileError, read_head, read_table
from kawal.pipelines.intake.samples import column_samples, looks_like_id_number

from .conftest import write_text, write_xlsx

ARRIVED = datetime(2024, 1, 2, 8, 30)  # noqa: DTZ001 - spreadsheet cells have no time zone

MB = 1_000_000
NIK = "7413012508900001"
MIXED: list[list[object]] = [
    ["DAFTAR USULAN DESA WAMELAI"],
    [],
    ["No. Identitas", "Nama Warga", "Tgl Lahir", "Datang", "Aktif", "Gaji", None, "Catatan"],
    [NIK, "Wa Ode", date(1990, 7, 5), ARRIVED, True, 1500000, None, "=1+1"],
    [7413012508900002, "La Ode", "05-07-1990", None, False, 12.5, None, None],
    [],
    [NIK, "Wa Sima", date(2001, 2, 3), None, None, None, None, "ok"],
]


def _same_as_read_table(path: Path, monkeypatch, *, sheet: str | None = None, rows: int = 4):
    """read_head equals the start of read_table, and took the streaming path."""
    whole = read_table(path, max_bytes=MB, sheet=sheet)
    monkeypatch.setattr(read, "read_table", None)  # no fallback
    head = read_head(path, max_bytes=MB, sheet=sheet, rows=rows)
    assert head.columns == whole.columns
    assert (head.header_row, head.sheet, head.column_labels) == (
        whole.header_row,
        whole.sheet,
        whole.column_labels,
    )
    assert_frame_equal(head.frame, whole.frame.head(rows))
    assert head.numeric_cells.keys() == whole.numeric_cells.keys()
    for name, mask in head.numeric_cells.items():
        assert_series_equal(mask, whole.numeric_cells[name].head(rows))
    return head


def _long_csv(rows: int) -> str:
    lines = ["No. Identitas;Nama Warga;Catatan"]
    lines += [f'{NIK[:-4]}{i:04d};"La Ode\n{i}";"a; b"' for i in range(1, rows + 1)]
    return "\n".join(lines) + "\n"


def test_head_of_a_long_csv_is_cut_after_a_whole_record(tmp_path: Path, monkeypatch) -> None:
    text = _long_csv(400)
    path = write_text(tmp_path / "a.csv", text)
    whole = read_table(path, max_bytes=MB)
    # Cut the file just after the line end inside the quoted two-line name of record 300, and
    # make sure the start is read on its own (no fallback to the whole file).
    monkeypatch.setattr(read, "HEAD_BYTES", text.index("La Ode\n300") + 8)
    monkeypatch.setattr(read, "read_table", None)
    head = read_head(path, max_bytes=MB, rows=3)
    assert head.columns == whole.columns == ["No. Identitas", "Nama Warga", "Catatan"]
    assert head.sha256 == ""
    assert (head.format, head.delimiter, head.header_row) == ("csv", ";", 1)
    assert_frame_equal(head.frame, whole.frame.head(3))
    assert head.frame.get_column("Nama Warga").to_list() == ["La Ode\n1", "La Ode\n2", "La Ode\n3"]


def test_head_falls_back_to_the_whole_file_when_the_start_cannot_stand_alone(
    tmp_path: Path, monkeypatch
) -> None:
    text = "NIK,Nama\n" + "".join(f"{NIK},Wa Ode {i}\n" for i in range(200))
    path = tmp_path / "u16.csv"
    path.write_bytes(text.encode("utf-16"))
    monkeypatch.setattr(read, "HEAD_BYTES", 301)  # odd: cuts a UTF-16 character in two
    head = read_head(path, max_bytes=MB, rows=2)
    assert head.columns == ["NIK", "Nama"]
    assert head.encoding == "utf-16"
    assert head.frame.get_column("Nama").to_list() == ["Wa Ode 0", "Wa Ode 1"]


def test_head_of_an_xlsx_is_streamed_and_equals_calamine(tmp_path: Path, monkeypatch) -> None:
    rows = MIXED + [[f"{NIK[:-3]}{i:03d}", f"Warga {i}"] for i in range(200)]
    path = write_xlsx(tmp_path / "a.xlsx", rows, first_row=2, first_col=1, hidden_first="Ref")
    head = _same_as_read_table(path, monkeypatch)
    assert (head.format, head.header_row, head.sheet) == ("xlsx", 5, "Data")
    assert head.columns == [
        "No. Identitas", "Nama Warga", "Tgl Lahir", "Datang", "Aktif", "Gaji", "Catatan"
    ]  # fmt: skip
    assert head.frame.get_column("Tgl Lahir").to_list() == [
        "1990-07-05",
        "05-07-1990",
        "2001-02-03",
        None,
    ]
    assert head.frame.get_column("Datang").to_list()[0] == "2024-01-02 08:30:00"
    assert head.numeric_mask("No. Identitas").to_list() == [False, True, False, False]
    assert head.frame.get_column("row").to_list() == [1, 2, 4, 5]


def test_head_of_a_named_sheet_and_of_inline_and_rich_strings(tmp_path: Path, monkeypatch) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", MIXED, extra_sheets=("Lain",))
    _same_as_read_table(path, monkeypatch, sheet="Lain")
    path = tmp_path / "c.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})  # inline strings
    sheet = workbook.add_worksheet("Data")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, ["NIK", "Nama", "Hitung"])
    sheet.write_string(1, 0, NIK)
    sheet.write_rich_string(1, 1, "Wa ", bold, "Ode", " Sima")
    sheet.write_formula(1, 2, '="a"&"b"', None, "ab")
    workbook.close()
    head = _same_as_read_table(path, monkeypatch, rows=1)
    assert head.frame.row(0) == (1, NIK, "Wa Ode Sima", "ab")


def test_head_of_an_xlsx_with_a_doctype_is_read_by_calamine(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "a.xlsx", MIXED)
    path = tmp_path / "doctype.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b"?>", b"?><!DOCTYPE workbook []>", 1)
            copy.writestr(item, data)
    from kawal.pipelines.intake.read_xlsx_head import HeadUnavailable, read_xlsx_head

    with pytest.raises(HeadUnavailable):
        read_xlsx_head(path.read_bytes(), sheet=None, nrows=10)
    head = read_head(path, max_bytes=MB, rows=2)  # calamine reads it
    assert head.columns[:2] == ["No. Identitas", "Nama Warga"]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b" \n\n", "INTAKE_EMPTY"), (b"Nama,Nama\nBudi,Budi\n", "INTAKE_DUPLICATE_HEADER")],
)
def test_head_refuses_like_read_table(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(IntakeFileError) as error:
        read_head(path, max_bytes=MB)
    assert error.value.code == code


def test_head_refuses_a_file_over_the_limit_before_reading(tmp_path: Path) -> None:
    path = write_text(tmp_path / "big.csv", "NIK,Nama\n" + "x,y\n" * 1000)
    with pytest.raises(IntakeFileError) as error:
        read_head(path, max_bytes=100)
    assert error.value.code == "INTAKE_TOO_LARGE"


def test_samples_mask_id_numbers_and_shorten_long_values() -> None:
    frame = pl.DataFrame(
        {
            "row": [1, 2, 3, 4, 5],
            "No. Identitas": [NIK, "7413 0125 0890 0002", NIK, None, "123"],
            "Nama": ["Wa Ode", "Wa Ode", "  ", "La Ode " + "x" * 60, "Wa Sima"],
            "Catatan": ["lahir 17-08-1985", None, None, None, "KK 7413012508900009"],
            "Kode": ["A1", None, None, None, None],
        }
    )
    samples = column_samples(frame, nik_columns={"Kode"})
    assert samples == {
        "No. Identitas": ["7413**********01", "7413**********02", "12**************"],
        "Nama": ["Wa Ode", "La Ode " + "x" * 32 + "…", "Wa Sima"],
        "Catatan": ["la**************", "KK**************"],
        "Kode": ["A1**************"],
    }
    assert looks_like_id_number("7413-0125-0890-0001")
    assert not looks_like_id_number("0812 3456 789")  # 11 digits: a phone, not an ID


def test_source_fields_and_explicit_mapping() -> None:
    assert source_fields("dtsen") == (
        "nik", "full_name", "sex", "birth_place", "birth_date", "birth_place_date", "address",
        "rt", "rw", "rt_rw", "village", "village_code", "district", "occupation", "desil",
        "data_period",
    )  # fmt: skip
    columns = ["NIK", "No KTP", "Nama", "Catatan", "Desil"]
    mapping = map_headers(columns, source="dtsen")
    chosen = explicit_mapping(columns, mapping)
    assert chosen == {
        "NIK": "nik",
        "No KTP": "",
        "Nama": "full_name",
        "Catatan": "",
        "Desil": "desil",
    }
    # As a preset it reproduces the mapping and resolves the duplicate.
    again = map_headers(columns, source="dtsen", preset=chosen)
    assert dict(again.columns) == {"NIK": "nik", "Nama": "full_name", "Desil": "desil"}
    assert again.duplicates == {}
    assert again.missing == (("village", "address"),)


def test_preset_matches_exact_column_names_before_folded_ones() -> None:
    columns = ["No KTP", "No. KTP", "Nama", "Desil", "Alamat"]
    assert map_headers(columns, source="dtsen").duplicates == {"nik": ("No KTP", "No. KTP")}
    chosen = {"No KTP": "", "No. KTP": "nik", "Nama": "full_name", "Desil": "desil"}
    mapping = map_headers(columns, source="dtsen", preset={**chosen, "Alamat": "address"})
    assert mapping.ok
    assert dict(mapping.columns) == {
        "No. KTP": "nik",
        "Nama": "full_name",
        "Desil": "desil",
        "Alamat": "address",
    }
    # A folded match still applies to a column spelled differently from the preset.
    assert dict(map_headers(["NO.KTP", "NAMA"], source="dtsen", preset=chosen).columns) == {
        "NO.KTP": "nik",
        "NAMA": "full_name",
    }
