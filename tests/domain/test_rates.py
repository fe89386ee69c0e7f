"""The effective-dated contribution tables: the shipped rows, month lookups and bad files."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kawal.domain.rates import (
    NoRowInForce,
    OverlappingRows,
    RateTableError,
    RateTables,
    Validity,
    add_months,
    default_data_dir,
    default_rate_tables,
    format_month,
    in_force,
    load_rate_tables,
    parse_month,
)

TABLE_FILES = (
    "bpu_income_brackets.csv",
    "contribution_discounts.csv",
    "contribution_rates.csv",
    "jp_wage_ceiling.csv",
    "programme_applicability.csv",
)


@pytest.fixture(scope="module")
def tables() -> RateTables:
    return default_rate_tables()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped tables, to break one file at a time."""
    target = tmp_path / "data"
    target.mkdir()
    for name in TABLE_FILES:
        shutil.copyfile(str(default_data_dir() / name), target / name)
    return target


def M(text: str) -> date:
    return parse_month(text)


# --- months ---------------------------------------------------------------------------------


def test_months_parse_format_and_add() -> None:
    assert parse_month("2026-03") == date(2026, 3, 1)
    assert format_month(date(2026, 3, 17)) == "2026-03"
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2026, 3, 1), 0) == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-3", "03-2026", "", "2026/03"])
def test_bad_months_raise_in_indonesian(text: str) -> None:
    with pytest.raises(RateTableError, match="Bulan harus ditulis YYYY-MM"):
        parse_month(text)


def test_validity_covers_whole_months_inclusive() -> None:
    window = Validity(M("2026-04"), M("2026-12"))
    assert [window.covers(M(m)) for m in ("2026-03", "2026-04", "2026-12", "2027-01")] == [
        False,
        True,
        True,
        False,
    ]
    assert window.covers(date(2026, 12, 31))
    assert Validity(M("2015-07"), None).covers(M("2099-01"))
    assert window.label() == "2026-04 s.d. 2026-12"
    assert Validity(M("2015-07"), None).label() == "2015-07 s.d. seterusnya"


# --- the shipped tables ---------------------------------------------------------------------


def test_default_dir_is_the_packaged_one() -> None:
    assert str(default_data_dir()).endswith("kawal/domain/data")
    assert all((default_data_dir() / name).is_file() for name in TABLE_FILES)


def test_shipped_tables_load_with_exact_row_counts(tables: RateTables) -> None:
    counts = (
        len(tables.rates),
        len(tables.jp_ceilings),
        len(tables.bpu_brackets),
        len(tables.discounts),
        len(tables.applicability),
    )
    assert counts == (13, 5, 2, 4, 10)
    assert load_rate_tables(default_data_dir()) == tables


@pytest.mark.parametrize(
    ("risk_class", "percent"),
    [("I", "0.24"), ("II", "0.54"), ("III", "0.89"), ("IV", "1.27"), ("V", "1.74")],
)
def test_jkk_pu_rate_per_risk_class(tables: RateTables, risk_class: str, percent: str) -> None:
    (row,) = tables.rates_in_force("jkk", "pu", M("2026-01"), risk_class)
    assert (row.payer, row.rate_percent, row.flat_amount) == ("employer", Decimal(percent), None)
    assert row.provenance.confidence == "V"
    assert row.provenance.legal_basis.startswith("PP 44/2015 Pasal 16(1)")


def test_pu_split_rows_and_bpu_flat_jkm(tables: RateTables) -> None:
    month = M("2026-01")
    jht = tables.rates_in_force("jht", "pu", month)
    jp = tables.rates_in_force("jp", "pu", month)
    assert [(r.payer, r.rate_percent) for r in jht] == [
        ("employer", Decimal("3.7")),
        ("worker", Decimal("2.0")),
    ]
    assert [(r.payer, r.rate_percent) for r in jp] == [
        ("employer", Decimal("2.0")),
        ("worker", Decimal("1.0")),
    ]
    (jkm,) = tables.rates_in_force("jkm", "bpu", month)
    assert (jkm.payer, jkm.rate_percent, jkm.flat_amount) == ("participant", None, Decimal(6800))
    (jkk,) = tables.rates_in_force("jkk", "bpu", month)
    assert jkk.rate_percent == Decimal("1.0")


def test_rates_before_2015_are_outside_the_tables(tables: RateTables) -> None:
    with pytest.raises(NoRowInForce, match=r"Bulan 2015-06 di luar tabel tarif JKM PU"):
        tables.rates_in_force("jkm", "pu", M("2015-06"))


@pytest.mark.parametrize(
    ("month", "ceiling", "confidence"),
    [
        ("2022-03", 9_077_600, "S"),
        ("2023-02", 9_077_600, "S"),
        ("2023-03", 9_559_600, "S"),
        ("2024-03", 10_042_300, "V"),
        ("2025-02", 10_042_300, "V"),
        ("2025-03", 10_547_400, "S"),
        ("2026-02", 10_547_400, "S"),
        ("2026-03", 11_086_300, "S"),
        ("2027-02", 11_086_300, "S"),
    ],
)
def test_jp_ceiling_changes_every_march(
    tables: RateTables, month: str, ceiling: int, confidence: str
) -> None:
    row = tables.jp_ceiling(M(month))
    assert (row.ceiling, row.provenance.confidence) == (Decimal(ceiling), confidence)


@pytest.mark.parametrize("month", ["2022-02", "2021-06", "2027-03"])
def test_jp_ceiling_outside_the_table_names_its_range(tables: RateTables, month: str) -> None:
    with pytest.raises(NoRowInForce) as info:
        tables.jp_ceiling(M(month))
    message = str(info.value)
    assert message.startswith(f"Bulan {month} di luar tabel batas upah JP (tabel mencakup 2022-03")
    assert "2026-03 s.d. 2027-02" in message


@pytest.mark.parametrize(
    ("income", "basis", "confidence"),
    [
        (0, 1_000_000, "V"),
        (600_000, 1_000_000, "V"),
        (1_000_000, 1_000_000, "V"),
        (1_000_001, 1_000_001, "?"),
        (2_500_000, 2_500_000, "?"),
    ],
)
def test_bpu_brackets_minimum_basis_and_interim_rule(
    tables: RateTables, income: int, basis: int, confidence: str
) -> None:
    bracket = tables.bpu_bracket(Decimal(income), M("2026-05"))
    assert bracket.basis_for(Decimal(income)) == Decimal(basis)
    assert bracket.provenance.confidence == confidence


@pytest.mark.parametrize(
    ("sector", "month", "percent"),
    [
        ("transportasi", "2025-12", None),
        ("transportasi", "2026-01", 50),
        ("transportasi", "2027-03", 50),
        ("transportasi", "2027-04", None),
        ("lainnya", "2026-03", None),
        ("lainnya", "2026-04", 50),
        ("lainnya", "2026-12", 50),
        ("lainnya", "2027-01", None),
    ],
)
def test_pp_50_2025_discount_windows(
    tables: RateTables, sector: str, month: str, percent: int | None
) -> None:
    for programme in ("jkk", "jkm"):
        row = tables.discount(programme, "bpu", sector, M(month))
        assert (None if row is None else row.discount_percent) == (
            None if percent is None else Decimal(percent)
        )
    assert tables.discount("jht", "bpu", sector, M(month)) is None
    assert tables.discount("jkk", "pu", sector, M(month)) is None


def test_jkp_is_stated_not_applicable_to_pemda_staff(tables: RateTables) -> None:
    rule = tables.applicability_of("jkp", "pu", M("2026-01"))
    assert rule.status == "not_applicable"
    assert rule.provenance.legal_basis == "PP 37/2021 Pasal 1 angka 3 jo. PP 6/2025"
    assert rule.provenance.confidence == "?"
    assert "pemda bukan pengusaha" in rule.provenance.note
    assert tables.applicability_of("jp", "bpu", M("2026-01")).status == "not_applicable"
    statuses = {
        (a.programme, a.segment): a.status
        for a in tables.applicability
        if a.validity.valid_to is None
    }
    assert statuses == {
        ("jkk", "pu"): "mandatory",
        ("jkm", "pu"): "mandatory",
        ("jht", "pu"): "optional",
        ("jp", "pu"): "optional",
        ("jkp", "pu"): "not_applicable",
        ("jkk", "bpu"): "mandatory",
        ("jkm", "bpu"): "mandatory",
        ("jht", "bpu"): "optional",
        ("jp", "bpu"): "not_applicable",
        ("jkp", "bpu"): "not_applicable",
    }


# --- the generic lookup -----------------------------------------------------------------------


def test_in_force_finds_one_and_refuses_none_or_two(tables: RateTables) -> None:
    ceilings = tables.jp_ceilings
    assert in_force(ceilings, M("2024-07"), what="batas upah JP").ceiling == Decimal(10_042_300)
    overlapping = (ceilings[0], ceilings[0])
    with pytest.raises(OverlappingRows, match="2 baris berlaku untuk bulan 2022-05"):
        in_force(overlapping, M("2022-05"), what="batas upah JP")
    with pytest.raises(NoRowInForce, match="tabel mencakup tidak ada baris"):
        in_force((), M("2022-05"), what="kosong")


# --- bad files ------------------------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def test_overlapping_ceiling_rows_refuse_to_load(data_copy: Path) -> None:
    _append(data_copy / "jp_wage_ceiling.csv", "2026-06,,12000000,PP 45/2015,x,?,")
    with pytest.raises(OverlappingRows, match="batas upah JP rusak"):
        load_rate_tables(data_copy)


def test_overlapping_rate_rows_refuse_to_load(data_copy: Path) -> None:
    _append(data_copy / "contribution_rates.csv", "jkm,pu,employer,0.5,,,2020-01,,PP x,y,?,")
    with pytest.raises(OverlappingRows, match=r"tarif iuran rusak: baris \('jkm', 'pu'"):
        load_rate_tables(data_copy)


def test_overlapping_brackets_refuse_to_load(data_copy: Path) -> None:
    _append(data_copy / "bpu_income_brackets.csv", "900000,1500000,1500000,2020-01,,PP x,y,?,")
    with pytest.raises(OverlappingRows, match="penghasilan BPU rusak"):
        load_rate_tables(data_copy)


def test_a_dropped_in_bracket_table_replaces_the_interim_rule(data_copy: Path) -> None:
    """The official Lampiran II can replace the interim row without touching code."""
    path = data_copy / "bpu_income_brackets.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "1000001,1500000,1500000,2015-07,,PP 44/2015 Lampiran II,uji,V,"
    lines.append("1500001,,2000000,2015-07,,PP 44/2015 Lampiran II,uji,V,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tables = load_rate_tables(data_copy)
    bracket = tables.bpu_bracket(Decimal(1_200_000), M("2026-05"))
    assert bracket.basis_for(Decimal(1_200_000)) == Decimal(1_500_000)


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("jp_wage_ceiling.csv", "valid_from,valid_to", "from,to", "kepala kolom harus"),
        ("jp_wage_ceiling.csv", "2022-03,2023-02", "2022-13,2023-02", "baris 2: Bulan harus"),
        ("jp_wage_ceiling.csv", "2022-03,2023-02", "2023-03,2023-02", "valid_to lebih awal"),
        ("jp_wage_ceiling.csv", "9077600", "sembilan", "ceiling bukan angka"),
        ("jp_wage_ceiling.csv", ",S,bulan mulai", ",X,bulan mulai", "confidence harus V, S"),
        ("contribution_rates.csv", "0.30,,", "0.30,6800,", "tepat satu dari rate_percent"),
        ("contribution_rates.csv", ",employer,0.30", ",boss,0.30", "payer 'boss' tidak dikenal"),
        ("contribution_rates.csv", "0.24,,I,", "0.24,,VI,", "risk_class 'VI' tidak dikenal"),
        ("contribution_discounts.csv", ",50,2026-01", ",150,2026-01", "discount_percent harus"),
        ("programme_applicability.csv", "not_applicable", "maybe", "status 'maybe'"),
    ],
)
def test_bad_values_name_the_file_and_line(
    data_copy: Path, name: str, old: str, new: str, message: str
) -> None:
    _edit(data_copy / name, old, new)
    with pytest.raises(RateTableError, match=f"^{name}") as info:
        load_rate_tables(data_copy)
    assert message in str(info.value)


def test_str_path_is_accepted(data_copy: Path) -> None:
    assert load_rate_tables(str(data_copy)) == default_rate_tables()
