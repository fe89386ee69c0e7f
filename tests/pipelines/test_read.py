"""read_table: CSV and XLSX in, a frame of text cells out, or a refusal with a stable code."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal

from kawal.pipelines.intake.read import (
    ERROR_CODES,
    IntakeFileError,
    escape_for_export,
    escape_for_export_expr,
    formula_like,
    read_table,
)
from kawal.pipelines.intake.read_csv import sniff_delimiter

from .conftest import OLE_MAGIC, write_text, write_xlsx, write_zip

MB = 1_000_000
NIK_A = "7413012508900001"
NIK_B = "0013016508900002"  # leading zeros must survive
NOON_ISH = datetime(1990, 1, 5, 13, 5)  # noqa: DTZ001 - spreadsheet cells have no time zone


def frame(columns: dict[str, list[str | None]], rows: list[int]) -> pl.DataFrame:
    """The expected result frame: ``row`` (Int64) then String columns."""
    data: dict[str, pl.Series] = {"row": pl.Series("row", rows, dtype=pl.Int64)}
    for name, values in columns.items():
        data[name] = pl.Series(name, values, dtype=pl.String)
    return pl.DataFrame(data)


def refused(path: Path, *, max_bytes: int = MB, sheet: str | None = None) -> IntakeFileError:
    with pytest.raises(IntakeFileError) as caught:
        read_table(path, max_bytes=max_bytes, sheet=sheet)
    assert caught.value.code in ERROR_CODES
    assert str(caught.value) == caught.value.message
    return caught.value


# --- CSV ---------------------------------------------------------------------------------


BASIC = {
    "NIK": [NIK_A, NIK_B],
    "Nama Lengkap": ["Budi Santoso", "José Ñoño"],
    "Tgl Lahir": ["17-08-1985", "05/01/90"],
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    lines = [
        ["NIK ", " Nama Lengkap", "Tgl Lahir"],
        [NIK_A, "Budi Santoso", "17-08-1985"],
        [NIK_B, "José Ñoño", "05/01/90"],
    ]
    text = "\r\n".join(delimiter.join(line) for line in lines) + "\r\n"
    path = write_text(tmp_path / "desa.csv", text, encoding=encoding)
    result = read_table(path, max_bytes=MB)
    assert_frame_equal(result.frame, frame(BASIC, [1, 2]))
    assert (result.format, result.encoding, result.delimiter) == ("csv", encoding, delimiter)
    assert (result.sheet, result.header_row, result.numeric_cells) == (None, 1, {})
    assert result.column_labels == {"NIK": "1", "Nama Lengkap": "2", "Tgl Lahir": "3"}
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_csv_ascii_is_reported_as_utf8(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "NIK,Nama\n7413012508900001,Budi\n")
    result = read_table(path, max_bytes=MB)
    assert (result.encoding, result.delimiter) == ("utf-8", ",")


def test_csv_cp1252_after_a_long_ascii_start(tmp_path: Path) -> None:
    """The non-UTF-8 byte comes after the sampled start: Polars finds it, cp1252 is used."""
    body = "".join(f"{i:016d};Budi\n" for i in range(5000))
    path = write_text(
        tmp_path / "a.csv", f"NIK;Nama\n{body}0000000000000001;Andr\xe9\n", encoding="cp1252"
    )
    result = read_table(path, max_bytes=MB)
    assert result.encoding == "cp1252"
    assert result.frame.row(-1) == (5001, "0000000000000001", "André")


def test_blank_rows_keep_their_numbers(tmp_path: Path) -> None:
    text = (
        "\n"
        "  \n"
        "NIK;Nama;Desa\n"  # line 3: header_row 3
        f"{NIK_A};Budi;Wakoila\n"  # row 1
        "\n"  # row 2: blank line
        ";;\n"  # row 3: only delimiters
        " ; \t;\u00a0\n"  # row 4: only white space
        f'{NIK_B};"";Lasama\n'  # row 5: an empty quoted cell
        '  ;" Ani ";  \n'  # row 6: padded value kept as typed
    )
    result = read_table(write_text(tmp_path / "a.csv", text), max_bytes=MB)
    expected = frame(
        {
            "NIK": [NIK_A, NIK_B, None],
            "Nama": ["Budi", None, " Ani "],
            "Desa": ["Wakoila", "Lasama", None],
        },
        [1, 5, 6],
    )
    assert_frame_equal(result.frame, expected)
    assert result.header_row == 3
    lines = text.split("\n")
    for row, nik in zip(result.frame["row"], result.frame["NIK"], strict=True):
        if nik is not None:
            assert lines[result.header_row + row - 1].startswith(nik)  # spreadsheet row


def test_quoted_values_and_literal_quotes(tmp_path: Path) -> None:
    text = (
        "NIK,Nama,Alamat\n"
        f'{NIK_A},"Budi, S.Pd","Jl. Poros\nRT 01"\n'
        f'{NIK_B},"Andi ""Ucok""",Raha\n'
        "7413012508900003,=1+1,@SUM(A1)\n"
    )
    result = read_table(write_text(tmp_path / "a.csv", text), max_bytes=MB)
    expected = frame(
        {
            "NIK": [NIK_A, NIK_B, "7413012508900003"],
            "Nama": ["Budi, S.Pd", 'Andi "Ucok"', "=1+1"],
            "Alamat": ["Jl. Poros\nRT 01", "Raha", "@SUM(A1)"],
        },
        [1, 2, 3],
    )
    assert_frame_equal(result.frame, expected)


def test_stray_quote_inside_a_value_is_kept(tmp_path: Path) -> None:
    text = f'NIK;Nama\n{NIK_A};Budi "Ucok\n{NIK_B};Ani\n'
    result = read_table(write_text(tmp_path / "a.csv", text), max_bytes=MB)
    assert_frame_equal(
        result.frame, frame({"NIK": [NIK_A, NIK_B], "Nama": ['Budi "Ucok', "Ani"]}, [1, 2])
    )


def test_old_mac_line_ends(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", f"NIK;Nama\r{NIK_A};Budi\r\r{NIK_B};Ani\r")
    result = read_table(path, max_bytes=MB)
    assert_frame_equal(
        result.frame, frame({"NIK": [NIK_A, NIK_B], "Nama": ["Budi", "Ani"]}, [1, 3])
    )


def test_title_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    text = f"DAFTAR CALON PESERTA DESA WAKOILA\nNIK;Nama\n{NIK_A};Budi\n"
    result = read_table(write_text(tmp_path / "a.csv", text), max_bytes=MB)
    assert_frame_equal(result.frame, frame({"NIK": [NIK_A], "Nama": ["Budi"]}, [1]))
    assert result.header_row == 2


def test_excel_sep_line(tmp_path: Path) -> None:
    text = f"sep=|\nNIK|Nama, gelar\n{NIK_A}|Budi, S.Pd\n"
    result = read_table(write_text(tmp_path / "a.csv", text), max_bytes=MB)
    assert_frame_equal(result.frame, frame({"NIK": [NIK_A], "Nama, gelar": ["Budi, S.Pd"]}, [1]))
    assert (result.delimiter, result.header_row) == ("|", 2)


def test_unnamed_columns(tmp_path: Path) -> None:
    """Trailing delimiters make empty unnamed columns (dropped); an unnamed column with data
    is kept under its position."""
    text = f"NIK;;Nama;;\n{NIK_A};x;Budi;;\n{NIK_B};;Ani;;\n"
    result = read_table(write_text(tmp_path / "a.csv", text), max_bytes=MB)
    expected = frame(
        {"NIK": [NIK_A, NIK_B], "(kolom 2)": ["x", None], "Nama": ["Budi", "Ani"]}, [1, 2]
    )
    assert_frame_equal(result.frame, expected)
    assert result.column_labels == {"NIK": "1", "(kolom 2)": "2", "Nama": "3"}


def test_longer_rows_with_empty_extra_cells_are_accepted(tmp_path: Path) -> None:
    text = f"NIK;Nama\n{NIK_A};Budi;;\n{NIK_B};Ani\n"
    result = read_table(write_text(tmp_path / "a.csv", text), max_bytes=MB)
    assert_frame_equal(
        result.frame, frame({"NIK": [NIK_A, NIK_B], "Nama": ["Budi", "Ani"]}, [1, 2])
    )


def test_shorter_rows_are_padded_with_nulls(tmp_path: Path) -> None:
    text = f"NIK,Nama,Desa\n{NIK_A}\n{NIK_B},Ani,Lasama\n"
    result = read_table(write_text(tmp_path / "a.csv", text), max_bytes=MB)
    expected = frame(
        {"NIK": [NIK_A, NIK_B], "Nama": [None, "Ani"], "Desa": [None, "Lasama"]}, [1, 2]
    )
    assert_frame_equal(result.frame, expected)


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["NIK;Nama;Upah", "7413;Budi;1,5", "7414;Ani;2,25"], ";"),
        (["NIK,Alamat,Desa", '7413,"Jl. A; No. 1",Raha', "7414,Jl. B,Raha"], ","),
        (["NIK\tNama", "7413\tBudi, S.Pd", "7414\tAni"], "\t"),
        (["NIK|Nama", "7413|Budi"], "|"),
        (["NIK", "7413"], ","),
    ],
)
def test_sniff_delimiter(lines: list[str], delimiter: str) -> None:
    assert sniff_delimiter(lines) == delimiter


def test_large_csv_numbers_rows_exactly(tmp_path: Path) -> None:
    """Past Polars' chunking: every row keeps its number; blank every 1000th line."""
    lines = ["NIK,Nama"]
    for i in range(1, 20_001):
        lines.append("" if i % 1000 == 0 else f"{i:016d},Nama {i}")
    result = read_table(write_text(tmp_path / "a.csv", "\n".join(lines) + "\n"), max_bytes=10 * MB)
    rows = [i for i in range(1, 20_001) if i % 1000]
    expected = frame(
        {"NIK": [f"{i:016d}" for i in rows], "Nama": [f"Nama {i}" for i in rows]}, rows
    )
    assert_frame_equal(result.frame, expected)


# --- XLSX --------------------------------------------------------------------------------


def test_xlsx_cell_types(tmp_path: Path) -> None:
    damaged = 7409107010830620  # what Excel keeps of 7409107010830621 typed into a General cell
    rows: list[list[object]] = [
        ["NIK", "Nama", "Tgl Lahir", "Desil", "Aktif", "Upah", "Catatan"],
        [damaged, "Budi", date(1985, 8, 17), 3, True, 1500000.5, None],
        [NIK_B, "Ani", "17-08-1985", "4", False, 0.1 + 0.2, "=1+1"],
        [None, None, None, None, None, None, None],
        [7.41e15, "Wa Ode", NOON_ISH, 10.0, None, -3, None],
    ]
    path = write_xlsx(tmp_path / "desa.xlsx", rows)
    result = read_table(path, max_bytes=MB)
    expected = frame(
        {
            "NIK": ["7409107010830620", NIK_B, "7410000000000000"],
            "Nama": ["Budi", "Ani", "Wa Ode"],
            "Tgl Lahir": ["1985-08-17", "17-08-1985", "1990-01-05 13:05:00"],
            "Desil": ["3", "4", "10"],
            "Aktif": ["TRUE", "FALSE", None],
            "Upah": ["1500000.5", "0.3", "-3"],
            "Catatan": [None, "=1+1", None],
        },
        [1, 2, 4],
    )
    assert_frame_equal(result.frame, expected)
    assert (result.format, result.sheet, result.header_row) == ("xlsx", "Data", 1)
    assert (result.encoding, result.delimiter) == (None, None)
    assert sorted(result.numeric_cells) == ["Desil", "NIK", "Upah"]
    assert result.numeric_cells["NIK"].to_list() == [True, False, True]
    assert result.numeric_cells["Desil"].to_list() == [True, False, True]
    assert result.numeric_cells["Upah"].to_list() == [True, True, True]
    assert_series_equal(result.numeric_mask("NIK"), pl.Series("NIK", [True, False, True]))
    assert_series_equal(result.numeric_mask("Nama"), pl.Series("Nama", [False, False, False]))
    with pytest.raises(KeyError):
        result.numeric_mask("row")
    assert result.column_labels["Catatan"] == "G"
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_xlsx_table_not_at_a1_with_title(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["DAFTAR CALON PESERTA", None, None],
        [None, None, None],
        ["NIK", None, "Nama"],
        [NIK_A, "catatan", "Budi"],
        [None, None, None],
        [NIK_B, None, "Ani"],
    ]
    result = read_table(
        write_xlsx(tmp_path / "a.xlsx", rows, first_row=2, first_col=1), max_bytes=MB
    )
    expected = frame(
        {"NIK": [NIK_A, NIK_B], "(kolom C)": ["catatan", None], "Nama": ["Budi", "Ani"]}, [1, 3]
    )
    assert_frame_equal(result.frame, expected)
    assert result.header_row == 5  # sheet row 5 = B5:D5
    assert result.column_labels == {"NIK": "B", "(kolom C)": "C", "Nama": "D"}


def test_xlsx_sheet_choice(tmp_path: Path) -> None:
    rows: list[list[object]] = [["NIK", "Nama"], [NIK_A, "Budi"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, hidden_first="Pilihan", extra_sheets=("Desa B",))
    default = read_table(path, max_bytes=MB)  # the hidden first sheet is passed over
    assert default.sheet == "Data"
    assert_frame_equal(default.frame, frame({"NIK": [NIK_A], "Nama": ["Budi"]}, [1]))
    other = read_table(path, max_bytes=MB, sheet="Desa B")
    assert other.sheet == "Desa B"
    assert_frame_equal(other.frame, frame({"Nama": ["isi Desa B"], "Desa": ["Wakoila"]}, [1]))
    error = refused(path, sheet="Desa C")
    assert error.code == "INTAKE_SHEET_NOT_FOUND"
    assert error.message == (
        "Lembar kerja 'Desa C' tidak ada dalam berkas. "
        "Lembar yang ada: 'Pilihan', 'Data', 'Desa B'."
    )


def test_xlsx_named_csv_is_read_as_csv(tmp_path: Path) -> None:
    path = write_text(tmp_path / "ekspor.xlsx", f"NIK;Nama\n{NIK_A};Budi\n")
    result = read_table(path, max_bytes=MB)
    assert (result.format, result.delimiter) == ("csv", ";")


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \r\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n \n"])
def test_empty_csv(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kosong.csv"
    path.write_bytes(content)
    error = refused(path)
    assert (error.code, error.message) == (
        "INTAKE_EMPTY",
        "Berkas kosong: tidak ada isi yang dapat dibaca.",
    )


def test_empty_xlsx(tmp_path: Path) -> None:
    assert refused(write_xlsx(tmp_path / "a.xlsx", [])).code == "INTAKE_EMPTY"


@pytest.mark.parametrize("text", ["NIK;Nama\n", "NIK;Nama", "NIK;Nama\n\n;\n  ;  \n"])
def test_header_only_csv(tmp_path: Path, text: str) -> None:
    error = refused(write_text(tmp_path / "a.csv", text))
    assert error.code == "INTAKE_NO_ROWS"
    assert error.message == "Berkas hanya berisi baris judul kolom, tanpa satu pun baris data."


def test_header_only_xlsx(tmp_path: Path) -> None:
    assert refused(write_xlsx(tmp_path / "a.xlsx", [["NIK", "Nama"]])).code == "INTAKE_NO_ROWS"


@pytest.mark.parametrize(
    "text",
    [
        f"{NIK_A};Budi;Wakoila\n{NIK_B};Ani;Lasama\n",
        "7413 0125 0890 0001,Budi\n7413012508900002,Ani\n",
        "7.41301E+15,Budi\n7413012508900002,Ani\n",
        "1;2;3\n4;5;6\n",
        "1;17-08-1985\n2;01/01/1990\n",
    ],
)
def test_no_header_csv(tmp_path: Path, text: str) -> None:
    error = refused(write_text(tmp_path / "a.csv", text))
    assert error.code == "INTAKE_NO_HEADER"
    assert error.message.startswith("Baris pertama berisi data, bukan judul kolom.")


def test_no_header_xlsx(tmp_path: Path) -> None:
    rows: list[list[object]] = [[1, date(1985, 8, 17), 3.5], [2, date(1990, 1, 1), 4.0]]
    assert refused(write_xlsx(tmp_path / "a.xlsx", rows)).code == "INTAKE_NO_HEADER"
    rows = [[7413012508900000, "Budi"], [7413012508900000, "Ani"]]
    assert refused(write_xlsx(tmp_path / "b.xlsx", rows)).code == "INTAKE_NO_HEADER"


def test_duplicate_headers(tmp_path: Path) -> None:
    text = f"NIK;Tgl Lahir;Nama;nik ;TGL  LAHIR\n{NIK_A};1;Budi;2;3\n"
    error = refused(write_text(tmp_path / "a.csv", text))
    assert error.code == "INTAKE_DUPLICATE_HEADER"
    assert error.message == (
        "Ada judul kolom yang sama (huruf besar/kecil dan spasi tidak dibedakan): "
        "'NIK' dan 'nik'; 'Tgl Lahir' dan 'TGL  LAHIR'. "
        "Setiap kolom harus punya judul yang berbeda."
    )


def test_duplicate_headers_xlsx(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Nama", "NAMA"], ["Budi", "Budi"]]
    assert refused(write_xlsx(tmp_path / "a.xlsx", rows)).code == "INTAKE_DUPLICATE_HEADER"


def test_reserved_header(tmp_path: Path) -> None:
    error = refused(write_text(tmp_path / "a.csv", f"Row,NIK\n1,{NIK_A}\n"))
    assert error.code == "INTAKE_RESERVED_HEADER"


def test_ragged_csv(tmp_path: Path) -> None:
    text = f"NIK;Nama\n{NIK_A};Budi\n\n{NIK_B};Ani;Lasama\n"
    error = refused(write_text(tmp_path / "a.csv", text))
    assert (error.code, error.row) == ("INTAKE_RAGGED", 3)
    assert error.message.startswith("Baris data ke-3 berisi lebih banyak sel daripada judul kolom.")


def test_ragged_xlsx(tmp_path: Path) -> None:
    rows: list[list[object]] = [["NIK", "Nama", None], [NIK_A, "Budi", None], [NIK_B, "Ani", "x"]]
    error = refused(write_xlsx(tmp_path / "a.xlsx", rows))
    assert (error.code, error.row) == ("INTAKE_RAGGED", 2)


def test_unbalanced_quotes(tmp_path: Path) -> None:
    text = f'NIK,Nama\n{NIK_A},"Budi, S.Pd"\n{NIK_B},Ani "Ucok\n'
    assert refused(write_text(tmp_path / "a.csv", text)).code == "INTAKE_CSV_MALFORMED"


def test_binary_junk_renamed_csv(tmp_path: Path) -> None:
    rng = random.Random(7413)
    path = tmp_path / "data.csv"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    assert refused(path).code == "INTAKE_NOT_TEXT"
    no_nul = bytes(rng.randrange(1, 256) for _ in range(4096))  # control bytes, no NUL
    path.write_bytes(no_nul)
    error = refused(path)
    assert error.code == "INTAKE_NOT_TEXT"
    assert error.message.startswith("Berkas ini bukan CSV teks")
    other = tmp_path / "foto.jpg"
    other.write_bytes(no_nul)
    assert refused(other).code == "INTAKE_UNSUPPORTED"


def test_utf16_without_bom_is_not_text(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "NIK\tNama\n1\tBudi\n", encoding="utf-16-le")
    assert refused(path).code == "INTAKE_NOT_TEXT"


def test_old_xls_and_encrypted_xlsx(tmp_path: Path) -> None:
    body = OLE_MAGIC + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1000)
    xls = tmp_path / "lama.xls"
    xls.write_bytes(body)
    error = refused(xls)
    assert error.code == "INTAKE_UNSUPPORTED"
    assert "Save As > Excel Workbook (.xlsx)" in error.message
    locked = tmp_path / "sandi.xlsx"
    locked.write_bytes(OLE_MAGIC + bytes(1000))
    error = refused(locked)
    assert error.code == "INTAKE_XLSX_ENCRYPTED"
    assert error.message.startswith("Berkas Excel dilindungi kata sandi.")
    renamed = tmp_path / "sandi.xls"  # an encrypted workbook renamed: the stream name tells
    renamed.write_bytes(OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le"))
    assert refused(renamed).code == "INTAKE_XLSX_ENCRYPTED"


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = write_text(tmp_path / "laporan.xls", "<html><body><table><tr><td>NIK</td></tr></table>")
    error = refused(path)
    assert error.code == "INTAKE_UNSUPPORTED"
    assert error.message.startswith("Berkas ini sebenarnya halaman web (HTML)")


def test_corrupt_xlsx(tmp_path: Path) -> None:
    junk = tmp_path / "rusak.xlsx"
    junk.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    assert refused(junk).code == "INTAKE_XLSX_CORRUPT"
    good = write_xlsx(tmp_path / "baik.xlsx", [["NIK", "Nama"], [NIK_A, "Budi"]])
    cut = tmp_path / "terpotong.xlsx"
    cut.write_bytes(good.read_bytes()[:2000])
    assert refused(cut).code == "INTAKE_XLSX_CORRUPT"
    broken = write_zip(
        tmp_path / "xml.xlsx",
        {"xl/workbook.xml": b"<workbook><sheets", "[Content_Types].xml": b"<"},
    )
    assert refused(broken).code == "INTAKE_XLSX_CORRUPT"
    not_excel = write_zip(tmp_path / "surat.xlsx", {"word/document.xml": b"<w:document/>"})
    assert refused(not_excel).code == "INTAKE_UNSUPPORTED"


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    zeros = bytes(64 * 1024 * 1024)
    path = write_zip(
        tmp_path / "bom.xlsx",
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": zeros},
    )
    assert path.stat().st_size < 100_000
    error = refused(path)
    assert error.code == "INTAKE_ZIP_BOMB"
    assert error.message.endswith("(67,1 MB setelah dibuka).")


def test_zip_bomb_by_total_size(tmp_path: Path) -> None:
    """Members under 1 MiB escape the ratio check; their total still counts."""
    members = {"xl/workbook.xml": b"<workbook/>"} | {
        f"xl/media/{i}.bin": bytes(900_000) for i in range(4)
    }
    path = write_zip(tmp_path / "bom.xlsx", members)
    assert refused(path, max_bytes=50_000).code == "INTAKE_ZIP_BOMB"


def test_too_large(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.csv", "NIK;Nama\n" + f"{NIK_A};Budi\n" * 200)
    error = refused(path, max_bytes=1_000)
    assert error.code == "INTAKE_TOO_LARGE"
    assert error.message.startswith("Berkas terlalu besar (0,0 MB); batasnya 0,0 MB.")
    assert read_table(path, max_bytes=path.stat().st_size).frame.height == 200


def test_unreadable(tmp_path: Path) -> None:
    assert refused(tmp_path / "tidak-ada.csv").code == "INTAKE_UNREADABLE"
    assert refused(tmp_path).code == "INTAKE_UNREADABLE"


def test_every_code_has_an_indonesian_message() -> None:
    expected = {
        "INTAKE_UNREADABLE",
        "INTAKE_TOO_LARGE",
        "INTAKE_EMPTY",
        "INTAKE_NO_ROWS",
        "INTAKE_NO_HEADER",
        "INTAKE_DUPLICATE_HEADER",
        "INTAKE_RESERVED_HEADER",
        "INTAKE_RAGGED",
        "INTAKE_NOT_TEXT",
        "INTAKE_CSV_MALFORMED",
        "INTAKE_XLSX_CORRUPT",
        "INTAKE_XLSX_ENCRYPTED",
        "INTAKE_ZIP_BOMB",
        "INTAKE_SHEET_NOT_FOUND",
        "INTAKE_UNSUPPORTED",
    }
    assert expected == ERROR_CODES


# --- formula injection -------------------------------------------------------------------


def test_formula_like_and_escaping() -> None:
    values = ["=1+1", "+62812", "-5", "@SUM(A1)", "\tx", "\rx", "Budi", " =1", "", None]
    df = pl.DataFrame({"v": values})
    flags = df.select(formula_like(pl.col("v")))["v"].to_list()
    assert flags == [True, True, True, True, True, True, False, False, False, None]
    escaped = df.select(escape_for_export_expr(pl.col("v")))["v"].to_list()
    expected = ["'=1+1", "'+62812", "'-5", "'@SUM(A1)", "'\tx", "'\rx", "Budi", " =1", "", None]
    assert escaped == expected
    assert [escape_for_export(v) for v in values[:-1]] == expected[:-1]
