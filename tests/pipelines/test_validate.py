from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kawal.domain.occupations import OCCUPATIONS, SYNONYMS
from kawal.domain.occupations import occupation_code as scalar_occupation
from kawal.domain.phones import normalise_phone as scalar_phone
from kawal.domain.places import place_key as scalar_place_key
from kawal.domain.regions import RegionCodes, default_regions_path, load_region_codes
from kawal.pipelines.intake import lookups
from kawal.pipelines.intake.dates import parse_dates
from kawal.pipelines.intake.findings_frame import FINDINGS_SCHEMA
from kawal.pipelines.intake.headers import map_headers
from kawal.pipelines.intake.validate import ROW_SCHEMA, ValidatedRows, validate_rows
from kawal.pipelines.intake.values import (
    marital_status,
    normalise_phone,
    occupation_code,
    parse_desil,
    parse_wage,
    place_key,
    sex_code,
)
from kawal.pipelines.intake.villages import resolve_villages, villages_of_regency

TODAY = date(2025, 6, 15)


@pytest.fixture(scope="module")
def codes() -> RegionCodes:
    return load_region_codes()


@pytest.fixture(scope="module")
def regions() -> pl.DataFrame:
    return pl.read_csv(default_regions_path().read_bytes(), infer_schema=False)


@pytest.fixture(scope="module")
def villages(regions: pl.DataFrame) -> pl.DataFrame:
    """The 86 desa/kelurahan of Kabupaten Muna Barat (74.13)."""
    frame = villages_of_regency(regions, "7413")
    assert frame.height == 86
    return frame


def frame(columns: dict[str, list[str | None]], **flags: list[bool]) -> pl.DataFrame:
    """A file as read: String columns, ``row`` from 1, optional ``__numeric__`` flags."""
    df = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    df = df.with_columns(pl.int_range(1, df.height + 1, dtype=pl.Int64).alias("row"))
    return df.with_columns(
        pl.Series(f"__numeric__{name}", values, dtype=pl.Boolean) for name, values in flags.items()
    )


def run(
    df: pl.DataFrame,
    source: str,
    codes: RegionCodes,
    villages: pl.DataFrame,
    preset: dict[str, str | None] | None = None,
) -> ValidatedRows:
    columns = [name for name in df.columns if name != "row" and not name.startswith("__")]
    mapping = map_headers(columns, source=source, preset=preset)
    assert mapping.ok, mapping.errors
    return validate_rows(
        df, mapping=mapping, codes=codes, villages=villages, today=TODAY, source=source
    )


def codes_by_row(result: ValidatedRows) -> list[tuple[int, str, str]]:
    return [(row, column, code) for row, column, _, code, _, _ in result.findings.iter_rows()]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17-08-1985", date(1985, 8, 17)),
        ("17/08/1985", date(1985, 8, 17)),
        ("17/8/1985", date(1985, 8, 17)),
        ("17.08.1985", date(1985, 8, 17)),
        (" 17 - 08 - 1985 ", date(1985, 8, 17)),
        ("17/08/85", date(1985, 8, 17)),
        ("1985-08-17", date(1985, 8, 17)),
        ("1985-08-17 00:00:00", date(1985, 8, 17)),
        ("1985-08-17T00:00:00", date(1985, 8, 17)),
        ("17 Agustus 1985", date(1985, 8, 17)),
        ("17 agustus 1985", date(1985, 8, 17)),
        ("17-Agt-85", date(1985, 8, 17)),
        ("17 Ags 1985", date(1985, 8, 17)),
        ("17 Aug 1985", date(1985, 8, 17)),
        ("1 Mei 1990", date(1990, 5, 1)),
        ("5 Okt. 2001", date(2001, 10, 5)),
        ("31 Des 1999", date(1999, 12, 31)),
        ("3 Pebruari 1970", date(1970, 2, 3)),
        ("3 Nopember 1970", date(1970, 11, 3)),
        ("17081985", date(1985, 8, 17)),
        ("19850817", date(1985, 8, 17)),
        ("29-02-2000", date(2000, 2, 29)),
        ("29/02/00", date(2000, 2, 29)),
        # Excel serial numbers (1900 date system, with its fake 29 February 1900).
        ("31276", date(1985, 8, 17)),
        ("31276.0", date(1985, 8, 17)),
        ("31276.75", date(1985, 8, 17)),
        ("1", date(1900, 1, 1)),
        ("59", date(1900, 2, 28)),
        ("61", date(1900, 3, 1)),
        ("60000", date(2064, 4, 8)),
        # Not dates.
        ("60", None),
        ("60001", None),
        ("0", None),
        ("1985", None),
        ("17.08", None),
        ("31-02-2001", None),
        ("29-02-1900", None),
        ("17-13-1985", None),
        ("17 Agustos 1985", None),
        ("08/17/1985", None),
        ("abc", None),
        ("", None),
        (None, None),
    ],
)
def test_date_forms(text: str | None, expected: date | None) -> None:
    assert parse_dates(pl.Series([text], dtype=pl.String), today=TODAY, birth=True)[0] == expected
    assert parse_dates(pl.Series([text], dtype=pl.String), today=TODAY)[0] == expected


@pytest.mark.parametrize(
    ("text", "birth", "event"),
    [
        ("17/08/85", date(1985, 8, 17), date(1985, 8, 17)),
        # Birth: not after today, and not younger than 10: a century back.
        ("15/06/25", date(1925, 6, 15), date(2025, 6, 15)),
        ("16/06/25", date(1925, 6, 16), date(2025, 6, 16)),
        ("17/08/20", date(1920, 8, 17), date(2020, 8, 17)),
        ("15/06/15", date(2015, 6, 15), date(2015, 6, 15)),
        ("16/06/15", date(1915, 6, 16), date(2015, 6, 16)),
        # Events (start/end of work) may lie ahead: window today-79 … today+20.
        ("31/12/26", date(1926, 12, 31), date(2026, 12, 31)),
        ("01/01/45", date(1945, 1, 1), date(2045, 1, 1)),
        ("01/01/46", date(1946, 1, 1), date(1946, 1, 1)),
    ],
)
def test_two_digit_years(text: str, birth: date, event: date) -> None:
    values = pl.Series([text])
    assert parse_dates(values, today=TODAY, birth=True)[0] == birth
    assert parse_dates(values, today=TODAY)[0] == event


def test_dates_keep_length_and_order() -> None:
    values = pl.Series(["17-08-1985", None, "x", "17-08-1985", "31276"])
    assert parse_dates(values, today=TODAY).to_list() == [
        date(1985, 8, 17),
        None,
        None,
        date(1985, 8, 17),
        date(1985, 8, 17),
    ]


# --- sex, marital status, desil, wage ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L", "L"),
        ("l", "L"),
        ("LK", "L"),
        ("Laki-laki", "L"),
        ("LAKI - LAKI", "L"),
        ("Laki", "L"),
        ("Pria", "L"),
        ("M", "L"),
        ("Male", "L"),
        ("1", "L"),
        ("1.0", "L"),
        ("P", "P"),
        ("PR", "P"),
        ("Perempuan", "P"),
        ("wanita", "P"),
        ("W", "P"),
        ("F", "P"),
        ("Female", "P"),
        ("2", "P"),
        (" p. ", "P"),
        ("X", None),
        ("3", None),
        ("LP", None),
        (None, None),
    ],
)
def test_sex_forms(text: str | None, expected: str | None) -> None:
    assert sex_code(pl.Series([text], dtype=pl.String))[0] == expected


def test_marital_status() -> None:
    values = pl.Series(["Belum Kawin", "kawin", "BK", "Cerai  Mati", "c.h.", "Janda", None])
    assert marital_status(values).to_list() == [
        "BELUM KAWIN",
        "KAWIN",
        "BELUM KAWIN",
        "CERAI MATI",
        "C H",
        "JANDA",
        None,
    ]


def test_desil() -> None:
    values = pl.Series(
        ["1", "01", "10", "3.0", "Desil 4", "desil4", "0", "11", "-1", "2.5", "x", None]
    )
    assert parse_desil(values).to_list() == [1, 1, 10, 3, 4, 4, None, None, None, None, None, None]
    assert parse_desil(values).dtype == pl.Int8


def test_wage() -> None:
    values = pl.Series(
        [
            "2500000",
            "2.500.000",
            "2,500,000",
            "Rp 2.500.000,00",
            "Rp2.500.000",
            "IDR 2,500,000.00",
            "2 500 000",
            "2500000.0",
            "2500000.5",
            "1.500",
            "-500000",
            "Rp -500.000",
            "dua juta",
            "2.50.000",
            None,
        ]
    )
    assert parse_wage(values).to_list() == [
        2_500_000,
        2_500_000,
        2_500_000,
        2_500_000,
        2_500_000,
        2_500_000,
        2_500_000,
        2_500_000,
        2_500_001,
        1_500,
        -500_000,
        -500_000,
        None,
        None,
        None,
    ]
    assert parse_wage(values).dtype == pl.Int64


# --- phones, occupations, place keys: the vectorised rule equals the scalar one -------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("+62 (812) 3456-7890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("81234567890", "081234567890"),
        ("0812.3456.789", "08123456789"),
        ("0812", None),
        ("021-1234567", None),
        ("++6281234567890", None),
        ("0812345678901234", None),
        ("08123x4567890", None),
        ("", None),
        (None, None),
    ],
)
def test_phone_examples(text: str | None, expected: str | None) -> None:
    assert normalise_phone(pl.Series([text], dtype=pl.String))[0] == expected
    assert scalar_phone(text) == expected


_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1f \x85\xa0\u1680\u2003\u200a\u2028\u202f\u3000"
_PHONE_CHARS = list("0123456789") * 6 + list("+-.()/ ") * 2 + list(_WHITESPACE + "aZ*#,\u200b")
_phones = st.one_of(
    st.text(st.sampled_from(_PHONE_CHARS), max_size=20),
    st.builds(
        lambda prefix, groups, separator: prefix + separator.join(groups),
        st.sampled_from(["", "+", "+62", "62", "0", "8", " +62 ", "(0", "+ 62"]),
        st.lists(st.text("0123456789", min_size=1, max_size=5), max_size=5),
        st.sampled_from(["", " ", "-", ".", "/", ") ", "\xa0", "\x1c", "\u3000"]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _phones), min_size=1, max_size=40))
def test_phone_equals_scalar(values: list[str | None]) -> None:
    got = normalise_phone(pl.Series(values, dtype=pl.String)).to_list()
    assert got == [scalar_phone(value) for value in values]


def test_phone_accepts_only_ascii_digits() -> None:
    # str.isdigit is also true for Arabic-Indic or superscript digits: both forms refuse them.
    assert scalar_phone("0812345678\u0663") is None
    assert normalise_phone(pl.Series(["0812345678\u0663"]))[0] is None


_WORDS = sorted(set(SYNONYMS) | {code.upper() for code in OCCUPATIONS})
_occupations = st.builds(
    lambda word, space, dot, lower: (
        (space.join(part + dot for part in word.split(" "))).lower()
        if lower
        else space.join(word.split(" "))
    ),
    st.sampled_from(_WORDS),
    st.sampled_from([" ", "  ", "\t", "\x1c", "\xa0", ". ", " \u3000"]),
    st.sampled_from(["", "."]),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), _occupations, st.text(max_size=12)), min_size=1, max_size=30))
def test_occupation_equals_scalar(values: list[str | None]) -> None:
    got = occupation_code(pl.Series(values, dtype=pl.String)).to_list()
    assert got == [scalar_occupation(value) for value in values]


def test_occupation_vocabulary() -> None:
    values = ["Petani", "petani/pekebun", "Tukang  Batu", "buruh_tani", "B.U.R.U.H", "Astronot"]
    assert occupation_code(pl.Series(values)).to_list() == [
        "petani",
        "petani",
        "tukang_bangunan",
        "buruh_tani",
        None,
        None,
    ]


_PLACE_PARTS = list("abdeojtuDJTOEU()-. ,'0123") + ["é", "Ö", "Desa ", "Kel. ", "KEC", "kab "]
_PLACE_PARTS += ["DS.", "\t", "\x1c", "(x)", "Kelurahan"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.lists(st.sampled_from(_PLACE_PARTS), max_size=12).map("".join)),
        min_size=1,
        max_size=30,
    )
)
def test_place_key_equals_scalar(values: list[str | None]) -> None:
    got = place_key(pl.Series(values, dtype=pl.String)).to_list()
    assert got == [None if value is None else scalar_place_key(value) for value in values]


def test_place_key_equals_scalar_on_every_region_name(regions: pl.DataFrame) -> None:
    names = regions.get_column("name")
    assert place_key(names).to_list() == [scalar_place_key(name) for name in names]


# --- villages ------------------------------------------------------------------------------


def test_village_by_code_and_name(villages: pl.DataFrame) -> None:
    pairs = pl.DataFrame(
        {
            "village": [
                "7413012001",
                "74.13.01.2001",
                "74 13 01 2001",
                "7413012001.0",
                "Wakoila",
                "DESA WAKOILA",
                "Kel. Wamelai (Lambubalano)",
                "Langku Langku",
                "7403012001",
                "2001",
                "Antah Berantah",
                None,
            ],
            "district": [None] * 12,
        },
        schema={"village": pl.String, "district": pl.String},
    )
    resolved = resolve_villages(pairs, villages)
    assert resolved.select("village_code", "status").rows() == [
        ("7413012001", "found"),
        ("7413012001", "found"),
        ("7413012001", "found"),
        ("7413012001", "found"),
        ("7413012001", "found"),
        ("7413012001", "found"),
        ("7413031007", "found"),
        ("7413072003", "found"),
        (None, "not_found"),
        (None, "not_found"),
        (None, "not_found"),
        (None, None),
    ]


def test_village_district_mismatch(villages: pl.DataFrame) -> None:
    # Sawerigadi is a kecamatan (74.13.01) and a desa of kecamatan Barangka (74.13.02.2005).
    pairs = pl.DataFrame(
        {
            "village": ["Sawerigadi", "Sawerigadi", "Sawerigadi", "Wakoila", "Wakoila"],
            "district": ["Barangka", "Sawerigadi", "741302", "Kec. Sawerigadi", "Lawa"],
        }
    )
    resolved = resolve_villages(pairs, villages)
    assert resolved.select("village_code", "status", "district_mismatch").rows() == [
        ("7413022005", "found", False),
        ("7413022005", "found", True),
        ("7413022005", "found", False),
        ("7413012001", "found", False),
        ("7413012001", "found", True),
    ]


@pytest.fixture(scope="module")
def twin_villages() -> pl.DataFrame:
    """Two desa named Mekar Jaya in different kecamatan (as happens in many kabupaten)."""
    return pl.DataFrame(
        {
            "code": ["7413072004", "7413112007", "7413012001"],
            "name": ["Mekar Jaya", "Mekar Jaya", "Wakoila"],
            "district_code": ["741307", "741311", "741301"],
            "district_name": ["Tiworo Tengah", "Napano Kusambi", "Sawerigadi"],
        }
    )


def test_ambiguous_village_needs_the_district(twin_villages: pl.DataFrame) -> None:
    pairs = pl.DataFrame(
        {
            "village": ["Mekar Jaya", "MEKAR JAYA", "mekar jaya", "Mekar Jaya", "7413112007"],
            "district": [None, "Napano Kusambi", "741307", "Lawa", None],
        },
        schema={"village": pl.String, "district": pl.String},
    )
    resolved = resolve_villages(pairs, twin_villages)
    assert resolved.select("village_code", "status", "district_mismatch").rows() == [
        (None, "ambiguous", False),
        ("7413112007", "found", False),
        ("7413072004", "found", False),
        (None, "ambiguous", False),
        ("7413112007", "found", False),
    ]


def test_ambiguous_village_finding(codes: RegionCodes, twin_villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413072508900001", "7413112508900002"],
            "Nama": ["Ali", "Baco"],
            "Desil": ["1", "2"],
            "Desa": ["Mekar Jaya", "Mekar Jaya"],
            "Kec": [None, "Napano Kusambi"],
        }
    )
    result = run(df, "dtsen", codes, twin_villages)
    assert codes_by_row(result) == [(1, "Desa", "VILLAGE_AMBIGUOUS")]
    assert result.rows.get_column("village_code").to_list() == [None, "7413112007"]
    assert result.rows.get_column("valid").to_list() == [False, True]


def test_village_code_column_wins_over_name(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413012508900001", "7413012508900002", "7413012508900003"],
            "Nama": ["Ali", "Baco", "Jaya"],
            "Desil": ["1", "2", "3"],
            "Kode Desa": ["7413012002", None, "99"],
            "Nama Desa": ["Wakoila", "Wakoila", "Wakoila"],
        }
    )
    result = run(df, "p3ke", codes, villages)
    assert result.rows.get_column("village_code").to_list() == [
        "7413012002",
        "7413012001",
        None,
    ]
    assert codes_by_row(result) == [(3, "Kode Desa", "VILLAGE_NOT_FOUND")]


# --- whole rows ----------------------------------------------------------------------------


def test_schemas(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame({"NIK": ["7413012508900001"], "Nama": ["Ali"], "Desil": ["3"], "Alamat": ["x"]})
    result = run(df, "dtsen", codes, villages)
    assert dict(result.rows.schema) == ROW_SCHEMA
    assert dict(result.findings.schema) == FINDINGS_SCHEMA
    assert result.rows.row(0, named=True) == {
        **dict.fromkeys(ROW_SCHEMA),
        "row": 1,
        "nik": "7413012508900001",
        "full_name": "Ali",
        "address": "x",
        "desil": 3,
        "valid": True,
    }
    assert result.findings.height == 0


def test_desil_findings(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413012508900001"] * 5,
            "Nama": ["Ali"] * 5,
            "Desil": ["1", "10", "11", "0", None],
            "Desa": ["Wakoila"] * 5,
        }
    )
    result = run(df, "dtks", codes, villages)
    assert result.rows.get_column("desil").to_list() == [1, 10, None, None, None]
    assert codes_by_row(result) == [
        (3, "Desil", "DESIL_INVALID"),
        (4, "Desil", "DESIL_INVALID"),
        (5, "Desil", "FIELD_REQUIRED"),
    ]
    assert result.findings.row(0, named=True) == {
        "row": 3,
        "column": "Desil",
        "field": "desil",
        "code": "DESIL_INVALID",
        "severity": "error",
        "message_id": "Desil harus berupa angka bulat 1–10.",
    }
    assert result.findings.row(2, named=True)["message_id"] == "Desil wajib diisi."


def test_formula_cells(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413012508900001"] * 6,
            "Nama": ["=1+1", "Ali", "Ali", "Ali", " @SUM(A1)", "Ali"],
            "Tgl Lahir": ["25-08-1990"] * 6,
            "Unit Kerja": ["Dinas Sosial", "-Dinas", "Dinas", "Dinas", "Dinas", "+Dinas"],
            "Upah": ["1000000", "-500000", "=A1*2", "1000000", "1000000", "1000000"],
            "No HP": ["+62 812 3456 7890", "+62 812", "=HYPERLINK()", "+6281234567890", None, "-"],
        }
    )
    result = run(df, "non-asn", codes, villages)
    assert codes_by_row(result) == [
        (1, "Nama", "FORMULA_LIKE"),
        (2, "Unit Kerja", "FORMULA_LIKE"),
        (2, "Upah", "WAGE_NEGATIVE"),
        (2, "No HP", "PHONE_INVALID"),
        (3, "Upah", "WAGE_INVALID"),
        (3, "Upah", "FORMULA_LIKE"),
        (3, "No HP", "PHONE_INVALID"),
        (3, "No HP", "FORMULA_LIKE"),
        (5, "Nama", "FORMULA_LIKE"),
        (6, "Unit Kerja", "FORMULA_LIKE"),
    ]
    assert (
        result.rows.get_column("wage").to_list() == [1000000, None, None, 1000000] + [1000000] * 2
    )
    assert result.rows.get_column("valid").to_list() == [True, False, False, True, True, True]


def test_dash_means_blank(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413012508900001", "-"],
            "Nama": ["-", "Ali"],
            "Tgl Lahir": ["25-08-1990", "--"],
            "Unit Kerja": ["Dinas", "Dinas"],
            "Alamat": [" - ", "-"],
            "No HP": ["-", "\u2014"],
        }
    )
    result = run(df, "non-asn", codes, villages)
    assert codes_by_row(result) == [
        (1, "Nama", "FIELD_REQUIRED"),
        (2, "NIK", "NIK_EMPTY"),
        (2, "Tgl Lahir", "FIELD_REQUIRED"),
    ]
    assert result.rows.select("address", "phone").rows() == [(None, None), (None, None)]


def test_numeric_nik_cell(codes: RegionCodes, villages: pl.DataFrame) -> None:
    nik = ["7413012508900001", "7413012508900000", "7413012508900002", "7.413012508900E+15"]
    df = frame(
        {"NIK": nik, "Nama": ["A", "B", "C", "D"], "Desil": ["1"] * 4, "Alamat": ["x"] * 4},
        NIK=[False, True, True, False],
    )
    result = run(df, "dtsen", codes, villages)
    assert codes_by_row(result) == [
        (2, "NIK", "NIK_NUMBER_FORMAT"),
        (3, "NIK", "NIK_NUMBER_FORMAT"),
        (4, "NIK", "NIK_NUMBER_FORMAT"),
    ]
    assert result.rows.get_column("valid").to_list() == [True, False, False, False]


def test_numeric_cells_as_a_mapping(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame({"NIK": ["7413012508900001"] * 2, "Nama": ["A", "B"], "Desil": ["1"] * 2})
    df = df.with_columns(pl.lit("x").alias("Alamat"))
    mapping = map_headers(["NIK", "Nama", "Desil", "Alamat"], source="dtsen")
    result = validate_rows(
        df,
        mapping=mapping,
        codes=codes,
        villages=villages,
        today=TODAY,
        source="dtsen",
        numeric={"NIK": pl.Series([True, False]), "Unused": pl.Series([True, True])},
    )
    assert codes_by_row(result) == [(1, "NIK", "NIK_NUMBER_FORMAT")]


def test_numeric_phone_cell(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413012508900001"] * 2,
            "Nama": ["A", "B"],
            "Desil": ["1"] * 2,
            "Alamat": ["x"] * 2,
            "HP": ["81234567890.0", "6281234567890"],
        },
        HP=[True, True],
    )
    result = run(df, "dtsen", codes, villages)
    assert result.rows.get_column("phone").to_list() == ["081234567890", "081234567890"]
    assert result.findings.height == 0


def test_ttl_is_split(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413011708850001"] * 5,
            "Nama": ["A", "B", "C", "D", "E"],
            "TTL": ["Raha, 17-08-1985", "Raha 17 Agustus 1985", "Raha", "Raha, 1985", None],
            "JK": ["L"] * 5,
            "Desa": ["Wakoila"] * 5,
        }
    )
    result = run(df, "village", codes, villages)
    assert result.rows.select("birth_place", "birth_date").rows() == [
        ("Raha", date(1985, 8, 17)),
        ("Raha", date(1985, 8, 17)),
        ("Raha", None),
        ("Raha", None),
        (None, None),
    ]
    assert codes_by_row(result) == [
        (3, "TTL", "FIELD_REQUIRED"),
        (4, "TTL", "DATE_INVALID"),
        (5, "TTL", "FIELD_REQUIRED"),
    ]


def test_rt_rw_split(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413012508900001"] * 2,
            "Nama": ["A", "B"],
            "Desil": ["1"] * 2,
            "Alamat": ["x"] * 2,
            "RT/RW": ["003/002", "5"],
        }
    )
    result = run(df, "dtsen", codes, villages)
    assert result.rows.select("rt", "rw").rows() == [("003", "002"), ("5", None)]


def test_adhoc_dates(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame(
        {
            "NIK": ["7413012508900001"] * 4,
            "Nama": ["A", "B", "C", "D"],
            "Badan Ad Hoc": ["PPS", "KPPS", None, "PPK"],
            "Pemilihan": ["Pilkada 2024"] * 4,
            "Tgl Mulai": ["01/09/24", "01-09-2024", "01-09-2024", "1 Sept 2024"],
            "Tgl Selesai": ["31/12/26", "31-08-2024", "bulan depan", "31 Des 2024"],
        }
    )
    result = run(df, "adhoc", codes, villages)
    assert result.rows.select("start_date", "end_date", "adhoc_body").rows() == [
        (date(2024, 9, 1), date(2026, 12, 31), "PPS"),
        (date(2024, 9, 1), date(2024, 8, 31), "KPPS"),
        (date(2024, 9, 1), None, None),
        (date(2024, 9, 1), date(2024, 12, 31), "PPK"),
    ]
    assert codes_by_row(result) == [
        (2, "Tgl Selesai", "DATE_RANGE_INVALID"),
        (3, "Badan Ad Hoc", "FIELD_REQUIRED"),
        (3, "Tgl Selesai", "DATE_INVALID"),
    ]


def test_preset_mapping_is_used(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame({"ID": ["7413012508900001"], "Nama": ["A"], "Kesejahteraan": ["2"], "Alamat": ["x"]})
    result = run(df, "dtsen", codes, villages, preset={"ID": "nik", "Kesejahteraan": "desil"})
    assert result.rows.select("nik", "desil").rows() == [("7413012508900001", 2)]


def test_refuses_a_bad_mapping(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame({"NIK": ["7413012508900001"], "Nama": ["A"]})
    mapping = map_headers(["NIK", "Nama"], source="dtsen")
    with pytest.raises(ValueError, match="header mapping has errors"):
        validate_rows(
            df, mapping=mapping, codes=codes, villages=villages, today=TODAY, source="dtsen"
        )
    good = map_headers(["NIK", "Nama", "Desil", "Alamat"], source="dtsen")
    with pytest.raises(ValueError, match="not 'p3ke'"):
        validate_rows(df, mapping=good, codes=codes, villages=villages, today=TODAY, source="p3ke")
    with pytest.raises(ValueError, match="not in the frame"):
        validate_rows(df, mapping=good, codes=codes, villages=villages, today=TODAY, source="dtsen")


def test_empty_frame(codes: RegionCodes, villages: pl.DataFrame) -> None:
    df = frame({"NIK": [], "Nama": [], "Tgl Lahir": [], "JK": [], "Desa": [], "HP": []})
    result = run(df, "village", codes, villages)
    assert result.rows.height == 0
    assert dict(result.rows.schema) == ROW_SCHEMA
    assert result.findings.height == 0


def test_hash_collision_falls_back_to_exact_strings() -> None:
    def parse(distinct: pl.DataFrame) -> pl.DataFrame:
        return distinct.select(pl.col("v").str.to_uppercase().alias("out"))

    spec = lookups.Lookup(("v",), "v.", parse)
    work = pl.DataFrame({"v": ["a", "b", None, "a", "c"]}).with_columns(spec.hash_exprs())
    expected = ["A", "B", None, "A", "C"]
    assert lookups.apply(work, [spec]).get_column("v.out").to_list() == expected
    # Give "b" the hash of "a": its check hash disagrees, so the lookup is redone exactly.
    forged = work.with_columns(
        pl.when(pl.col("v") == "b")
        .then(pl.col(spec.hash_column).first())
        .otherwise(pl.col(spec.hash_column))
        .alias(spec.hash_column)
    )
    assert lookups.apply(forged, [spec]).get_column("v.out").to_list() == expected


# --- a realistic messy village file --------------------------------------------------------

_MESSY_COLUMNS = [
    "No",
    "NIK",
    "Nama Lengkap",
    "JK",
    "Tempat Lahir",
    "Tgl Lahir",
    "Nama Ibu Kandung",
    "Alamat",
    "Desa/Kel",
    "Kecamatan",
    "No HP",
    "Pekerjaan",
]
# fmt: off
_MESSY_ROWS = [
    ("1", "7413012508900001", "La Ode  Rahman", "L", "Raha", "25-08-1990", "Wa Ode Sitti", "Jl. Poros", "Wakoila", "Sawerigadi", "0812-3456-7890", "Petani"),  # noqa: E501
    ("2", "7413 0145 0890 0002", "Wa Ode Siti", "P", "Lawa", "05/08/90", "Wa Nuru", "Dusun I", "74.13.01.2002", None, "+62 812 3456 7891", "nelayan"),  # noqa: E501
    ("3", "7413036708850003", "Hj. Aminah", "Perempuan", "Raha", "27 Agustus 1985", None, None, "WAMELAI", "Lawa", None, "Pedagang"),  # noqa: E501
    ("4", "7.41303E+15", "Muhammad Ali", "L", "Raha", "31276", None, None, "Lagadi", "Lawa", "081234567892", "Buruh"),  # noqa: E501
    ("5", "741303170885000", "Abdul Hamid", "LK", "Kendari", "17.08.1985", None, None, "Lagadi", None, "0812", "Ojek"),  # noqa: E501
    ("6", "7413031708850000", "Rusdin", "L", "Raha", "1985-08-17", None, None, "Latugho", None, None, "Tukang Batu"),  # noqa: E501
    ("7", "7413031708850006", "  ", "L", "Raha", "17-08-1985", None, None, "Latugho", None, None, None),  # noqa: E501
    ("8", "", "Tanpa NIK", "P", "Raha", "17-08-1985", None, None, "Latugho", None, None, None),
    ("9", "7413035508920007", "Nurhayati", "X", "Raha", "15-08-1992", None, None, "Latompe", None, None, "Guru Ngaji"),  # noqa: E501
    ("10", "7413031508920008", "Salim", "L", "Raha", "31-02-1992", None, None, "Latompe", None, None, None),  # noqa: E501
    ("11", "7413031508920009", "Yusuf", "L", "Raha", "15-08-2030", None, None, "Latompe", None, None, None),  # noqa: E501
    ("12", "7413031508200010", "Usman", "L", "Raha", "15/08/20", None, None, "Latompe", None, None, None),  # noqa: E501
    ("13", "7413011508900011", "Halim", "L", "Raha", "15-08-1990", None, None, "Sawerigadi", "Sawerigadi", None, None),  # noqa: E501
    ("14", "7413011508900012", "Baco", "L", "Raha", "15-08-1990", None, None, "Kota Antah", None, None, None),  # noqa: E501
    ("15", "7413011508900013", '=HYPERLINK("x")', "L", "Raha", "15-08-1990", None, "@alamat", "Wakoila", None, None, None),  # noqa: E501
    ("16", "7413011508900014", "Jaya", "L", "Raha", "15-08-1990", None, None, "7403012001", None, None, "Astronot"),  # noqa: E501
    ("17", "7413015508900015", "Sumarni", "L", "Raha", "15-08-1990", None, None, None, None, None, None),  # noqa: E501
    ("18", "7413011508900016", "Rahman", "1", "Raha", "15 Agt 90", None, None, "Kel. Wamelai (Lambubalano)", None, "6281234567893", "WIRASWASTA"),  # noqa: E501
    ("19", "9913011508900017", "Ali", "2", "Raha", "", None, None, "Wakoila", None, None, None),
    ("20", "7413011608900018", "  Andi   Baso ", "L", "Raha", "15-08-1990", None, None, "wakoila", "Kec. Sawerigadi", "+62 (812) 3456-7894", "petani/pekebun"),  # noqa: E501
]
# fmt: on


def test_messy_village_file(codes: RegionCodes, villages: pl.DataFrame) -> None:
    columns = {
        name: [row[index] for row in _MESSY_ROWS] for index, name in enumerate(_MESSY_COLUMNS)
    }
    df = frame(columns, NIK=[index == 3 for index in range(len(_MESSY_ROWS))])
    result = run(df, "village", codes, villages)
    assert result.findings.drop("message_id").rows() == [
        (4, "NIK", "nik", "NIK_NUMBER_FORMAT", "error"),
        (5, "NIK", "nik", "NIK_LENGTH", "error"),
        (5, "No HP", "phone", "PHONE_INVALID", "warning"),
        (6, "NIK", "nik", "NIK_SERIAL_ZERO", "error"),
        (7, "Nama Lengkap", "full_name", "FIELD_REQUIRED", "error"),
        (8, "NIK", "nik", "NIK_EMPTY", "error"),
        (9, "JK", "sex", "SEX_INVALID", "error"),
        (10, "Tgl Lahir", "birth_date", "DATE_INVALID", "error"),
        (11, "Tgl Lahir", "birth_date", "BIRTH_DATE_IN_FUTURE", "error"),
        (12, "Tgl Lahir", "birth_date", "AGE_IMPLAUSIBLE", "warning"),
        (13, "Desa/Kel", "village", "VILLAGE_DISTRICT_MISMATCH", "warning"),
        (14, "Desa/Kel", "village", "VILLAGE_NOT_FOUND", "error"),
        (15, "Nama Lengkap", "full_name", "FORMULA_LIKE", "warning"),
        (15, "Alamat", "address", "FORMULA_LIKE", "warning"),
        (16, "Desa/Kel", "village", "VILLAGE_NOT_FOUND", "error"),
        (16, "Pekerjaan", "occupation", "OCCUPATION_UNKNOWN", "warning"),
        (17, "JK", "sex", "NIK_SEX_MISMATCH", "warning"),
        (17, "Desa/Kel", "village", "FIELD_REQUIRED", "error"),
        (19, "NIK", "nik", "NIK_PROVINCE_UNKNOWN", "error"),
        (19, "JK", "sex", "NIK_SEX_MISMATCH", "warning"),
        (19, "Tgl Lahir", "birth_date", "FIELD_REQUIRED", "error"),
        (20, "Tgl Lahir", "birth_date", "NIK_BIRTH_DATE_MISMATCH", "warning"),
    ]
    messages = dict(zip(result.findings["code"], result.findings["message_id"], strict=False))
    assert (
        messages["NIK_LENGTH"] == "NIK harus terdiri atas 16 digit, tetapi yang diisi 15 karakter."
    )
    assert messages["NIK_PROVINCE_UNKNOWN"] == "Kode provinsi 99 pada NIK tidak dikenal."
    assert messages["AGE_IMPLAUSIBLE"] == (
        "Umur menurut tanggal lahir di luar 15–100 tahun. Periksa tanggal lahir."
    )
    assert messages["FIELD_REQUIRED"] == "Tanggal Lahir wajib diisi."
    rows = result.rows
    assert rows.get_column("valid").to_list() == [
        True, True, True, False, False, False, False, False, False, False,
        False, True, True, False, True, False, False, True, False, True,
    ]  # fmt: skip
    assert rows.get_column("village_code").to_list() == [
        "7413012001", "7413012002", "7413031007", "7413032001", "7413032001",
        "7413032002", "7413032002", "7413032002", "7413032003", "7413032003",
        "7413032003", "7413032003", "7413022005", None, "7413012001",
        None, None, "7413031007", "7413012001", "7413012001",
    ]  # fmt: skip
    assert rows.row(0, named=True) == {
        **dict.fromkeys(ROW_SCHEMA),
        "row": 1,
        "nik": "7413012508900001",
        "full_name": "La Ode Rahman",
        "sex": "L",
        "birth_date": date(1990, 8, 25),
        "birth_place": "Raha",
        "mother_name": "Wa Ode Sitti",
        "address": "Jl. Poros",
        "village_code": "7413012001",
        "district": "Sawerigadi",
        "phone": "081234567890",
        "occupation": "petani",
        "occupation_raw": "Petani",
        "valid": True,
    }
    assert rows.row(19, named=True)["full_name"] == "Andi Baso"
    assert rows.row(19, named=True)["phone"] == "081234567894"
    assert rows.row(17, named=True)["sex"] == "L"
    assert rows.row(17, named=True)["birth_date"] == date(1990, 8, 15)
    assert rows.row(17, named=True)["occupation"] == "umkm"
    assert rows.row(11, named=True)["birth_date"] == date(1920, 8, 15)
    assert rows.row(7, named=True)["nik"] is None
    assert rows.row(1, named=True)["nik"] == "7413014508900002"
