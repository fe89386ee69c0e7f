from __future__ import annotations

import contextlib
import random
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kawal.domain.nik import check_nik
from kawal.domain.nik_frame import OUTPUT_COLUMNS, check_nik_frame
from kawal.domain.regions import RegionCodes

from .conftest import TODAY

EXPECTED_SCHEMA = {
    "nik_normalised": pl.String,
    "nik_valid": pl.Boolean,
    "nik_errors": pl.List(pl.String),
    "nik_warnings": pl.List(pl.String),
    "nik_province_code": pl.String,
    "nik_regency_code": pl.String,
    "nik_district_code": pl.String,
    "nik_birth_date": pl.Date,
    "nik_sex": pl.String,
}


def test_exact_rows(codes: RegionCodes) -> None:
    df = pl.DataFrame(
        {
            "id": [1, 2, 3, 4, 5],
            "nik": [
                "7413 0125.0890-0001",
                "7413122508900000",
                None,
                "741301250890001",
                "7413016508900002",
            ],
            "tgl_lahir": [date(1990, 8, 25), date(1991, 1, 1), None, None, None],
            "jk": ["L", "P", None, "L", "P"],
        }
    )
    out = check_nik_frame(df, codes=codes, today=TODAY, birth_date_col="tgl_lahir", sex_col="jk")
    assert out.columns == [*df.columns, *OUTPUT_COLUMNS]
    assert dict(out.select(OUTPUT_COLUMNS).schema) == EXPECTED_SCHEMA
    assert out.select(OUTPUT_COLUMNS).rows() == [
        ("7413012508900001", True, [], [], "74", "7413", "741301", date(1990, 8, 25), "L"),
        (
            "7413122508900000",
            False,
            ["NIK_SERIAL_ZERO"],
            ["NIK_DISTRICT_UNKNOWN", "NIK_BIRTH_DATE_MISMATCH", "NIK_SEX_MISMATCH"],
            "74",
            "7413",
            "741312",
            date(1990, 8, 25),
            "L",
        ),
        ("", False, ["NIK_EMPTY"], [], None, None, None, None, None),
        ("741301250890001", False, ["NIK_LENGTH"], [], None, None, None, None, None),
        ("7413016508900002", True, [], [], "74", "7413", "741301", date(1990, 8, 25), "P"),
    ]


def test_float_column_is_reported_as_number_format(codes: RegionCodes) -> None:
    df = pl.DataFrame({"nik": [741301250890000.0, 7413012508900001.0]})
    out = check_nik_frame(df, codes=codes, today=TODAY)
    assert out["nik_errors"].to_list() == [["NIK_NUMBER_FORMAT"], ["NIK_NUMBER_FORMAT"]]


def test_integer_column_and_lazy_input(codes: RegionCodes) -> None:
    lf = pl.LazyFrame({"no_nik": [7413012508900001]})
    out = check_nik_frame(lf, codes=codes, today=TODAY, nik_col="no_nik")
    assert out["nik_valid"].to_list() == [True]
    assert out["nik_normalised"].to_list() == ["7413012508900001"]


def test_empty_frame_keeps_schema(codes: RegionCodes) -> None:
    df = pl.DataFrame({"nik": []}, schema={"nik": pl.String})
    out = check_nik_frame(df, codes=codes, today=TODAY)
    assert out.height == 0
    assert dict(out.select(OUTPUT_COLUMNS).schema) == EXPECTED_SCHEMA


def test_datetime_birth_column(codes: RegionCodes) -> None:
    df = pl.DataFrame(
        {"nik": ["7413012508900001"], "lahir": [datetime(1990, 8, 26, 0, 0, tzinfo=UTC)]}
    )
    out = check_nik_frame(df, codes=codes, today=TODAY, birth_date_col="lahir")
    assert out["nik_warnings"].to_list() == [["NIK_BIRTH_DATE_MISMATCH"]]


def test_bad_columns_raise(codes: RegionCodes) -> None:
    df = pl.DataFrame({"nik": ["7413012508900001"], "jk": ["M"], "lahir": ["1990-08-25"]})
    with pytest.raises(ValueError, match="sex column 'jk'"):
        check_nik_frame(df, codes=codes, today=TODAY, sex_col="jk")
    with pytest.raises(TypeError, match="birth date column 'lahir'"):
        check_nik_frame(df, codes=codes, today=TODAY, birth_date_col="lahir")


def test_existing_output_columns_are_replaced(codes: RegionCodes) -> None:
    df = pl.DataFrame({"nik": ["7413012508900001"]})
    once = check_nik_frame(df, codes=codes, today=TODAY)
    assert check_nik_frame(once, codes=codes, today=TODAY).equals(once)


# --- property: the frame and the scalar validator agree on every row -----------------

REGION_PREFIXES = [
    "741301",
    "741311",
    "741312",
    "741300",
    "740301",
    "740302",
    "740306",
    "747101",
    "747100",
    "749901",
    "910101",
    "917105",
    "930101",
    "990101",
    "000000",
    "110101",
]
DIGITS = "0123456789"
SEPARATORS = [" ", ".", "-", "\u00a0", "\t", "\u2013", "\u200b", "\ufeff", "\n"]


@st.composite
def structured_niks(draw: st.DrawFn) -> str:
    """Mostly plausible NIKs: known and unknown codes, edge days and months, serial 0000."""
    region = draw(
        st.sampled_from(REGION_PREFIXES)
        | st.sampled_from(REGION_PREFIXES[:4])
        | st.text(DIGITS, min_size=6, max_size=6)
    )
    day = draw(
        st.integers(1, 31)
        | st.integers(41, 71)
        | st.sampled_from([0, 28, 29, 30, 31, 32, 40, 41, 69, 70, 71, 72, 99])
    )
    month = draw(st.integers(1, 12) | st.sampled_from([0, 2, 2, 4, 13, 99]))
    yy = draw(st.integers(0, 99) | st.sampled_from([0, 1, 4, 24, 25, 26, 99]))
    serial = draw(st.sampled_from(["0000", "0001"]) | st.text(DIGITS, min_size=4, max_size=4))
    nik = f"{region}{day:02}{month:02}{yy:02}{serial}"
    damage = draw(st.sampled_from(["none"] * 6 + ["sep", "cut", "extend", "char", "float"]))
    if damage == "sep":
        at = draw(st.integers(0, 16))
        nik = nik[:at] + draw(st.sampled_from(SEPARATORS)) + nik[at:]
    elif damage == "cut":
        nik = nik[: draw(st.integers(0, 15))]
    elif damage == "extend":
        nik += draw(st.text(DIGITS, min_size=1, max_size=2))
    elif damage == "char":
        at = draw(st.integers(0, 15))
        nik = nik[:at] + draw(st.sampled_from(["O", "l", "'", "\u0661", "e", "+"])) + nik[at + 1 :]
    elif damage == "float":
        nik = draw(st.sampled_from([nik[:15] + ".0", nik + ".00", f"{int(nik):.14e}"]))
    if draw(st.integers(0, 3)) == 0:  # a second separator anywhere, also inside "….0"
        at = draw(st.integers(0, len(nik)))
        nik = nik[:at] + draw(st.sampled_from(SEPARATORS)) + nik[at:]
    return nik


def birth_dates_for(nik: str) -> st.SearchStrategy[date | None]:
    """None, a random date, or the NIK's own day/month with a chosen century."""
    options: list[st.SearchStrategy[date | None]] = [
        st.none(),
        st.dates(date(1850, 1, 1), date(2100, 12, 31)),
    ]
    if len(nik) == 16 and nik.isdigit():
        day, month, yy = int(nik[6:8]) % 40, int(nik[8:10]), int(nik[10:12])
        for century in (1800, 1900, 2000, 2100):
            with contextlib.suppress(ValueError):
                options.append(st.just(date(century + yy, month, day)))
    return st.one_of(options)


@st.composite
def rows(draw: st.DrawFn) -> tuple[str | None, date | None, str | None]:
    kind = draw(st.integers(0, 9))  # explicit weights: one_of does not weight duplicates
    if kind < 7:
        raw: str | None = draw(structured_niks())
    elif kind == 7:
        raw = draw(st.none() | st.just(""))
    elif kind == 8:
        raw = draw(st.text(max_size=20))
    else:
        raw = draw(st.text(DIGITS + " .-e+O\u00a0", max_size=20))
    birth = draw(birth_dates_for(raw or ""))
    sex = draw(st.sampled_from([None, "L", "P"]))
    return raw, birth, sex


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=st.lists(rows(), min_size=10, max_size=40),
    today=st.dates(date(1990, 1, 1), date(2150, 12, 31)),
)
def test_frame_agrees_with_scalar(
    codes: RegionCodes, batch: list[tuple[str | None, date | None, str | None]], today: date
) -> None:
    _assert_frame_matches_scalar(codes, batch, today)


def _assert_frame_matches_scalar(
    codes: RegionCodes, batch: list[tuple[str | None, date | None, str | None]], today: date
) -> None:
    df = pl.DataFrame(
        {
            "nik": [r[0] for r in batch],
            "birth": [r[1] for r in batch],
            "sex": [r[2] for r in batch],
        },
        schema={"nik": pl.String, "birth": pl.Date, "sex": pl.String},
    )
    out = check_nik_frame(df, codes=codes, today=today, birth_date_col="birth", sex_col="sex")
    for (raw, birth, sex), row in zip(batch, out.iter_rows(named=True), strict=True):
        scalar = check_nik(raw, codes=codes, birth_date=birth, sex=sex, today=today)
        assert row == {
            "nik": raw,
            "birth": birth,
            "sex": sex,
            "nik_normalised": scalar.nik,
            "nik_valid": scalar.valid,
            "nik_errors": [item.code for item in scalar.errors],
            "nik_warnings": [item.code for item in scalar.warnings],
            "nik_province_code": scalar.province_code,
            "nik_regency_code": scalar.regency_code,
            "nik_district_code": scalar.district_code,
            "nik_birth_date": scalar.birth_date,
            "nik_sex": scalar.sex,
        }


def test_frame_agrees_with_scalar_on_seeded_bulk(codes: RegionCodes) -> None:
    """Volume complement to the property test: 30,000 seeded plausible rows in one frame."""
    rng = random.Random(20250615)
    batch: list[tuple[str | None, date | None, str | None]] = []
    for _ in range(30_000):
        region = rng.choice(REGION_PREFIXES)
        day = rng.choice([rng.randint(1, 31), rng.randint(41, 71), rng.randint(0, 99)])
        month = rng.choice([rng.randint(1, 12), rng.randint(0, 99)])
        nik = f"{region}{day:02}{month:02}{rng.randint(0, 99):02}{rng.randint(0, 2):04}"
        birth = rng.choice([None, date(1900, 1, 1) + timedelta(days=rng.randint(0, 73_000))])
        batch.append((nik, birth, rng.choice([None, "L", "P"])))
    _assert_frame_matches_scalar(codes, batch, TODAY)
