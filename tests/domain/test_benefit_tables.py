"""The effective-dated benefit tables: the shipped rows, date lookups and bad files."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kawal.domain.benefit_tables import (
    BenefitTableError,
    BenefitTables,
    DateValidity,
    NoBenefitRowInForce,
    add_years,
    default_benefit_tables,
    default_data_dir,
    load_benefit_tables,
    parse_day,
)

TABLE_FILES = ("benefits_components.csv", "benefits_scholarship.csv", "benefits_rules.csv")
PP_82_2019 = date(2019, 12, 2)


@pytest.fixture(scope="module")
def tables() -> BenefitTables:
    return default_benefit_tables()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped tables, to break one file at a time."""
    target = tmp_path / "data"
    target.mkdir()
    for name in TABLE_FILES:
        shutil.copyfile(str(default_data_dir() / name), target / name)
    return target


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_days_and_validity() -> None:
    assert parse_day("2019-12-02") == PP_82_2019
    with pytest.raises(BenefitTableError, match="Tanggal harus ditulis YYYY-MM-DD"):
        parse_day("2019-12")
    window = DateValidity(date(2020, 1, 1), date(2020, 12, 31))
    assert [window.covers(d) for d in (date(2019, 12, 31), date(2020, 1, 1), date(2021, 1, 1))] == [
        False,
        True,
        False,
    ]
    assert window.label() == "2020-01-01 s.d. 2020-12-31"
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)


def test_shipped_tables_load_with_exact_rows(tables: BenefitTables) -> None:
    assert (len(tables.components), len(tables.scholarship), len(tables.rules)) == (11, 5, 6)
    assert load_benefit_tables(default_data_dir()) == tables
    assert {row.validity.valid_from for row in tables.components} == {PP_82_2019}


def test_jkm_and_jkk_death_components(tables: BenefitTables) -> None:
    day = date(2025, 5, 10)
    jkm = tables.components_for("jkm", "death", day)
    assert [(c.component, c.kind, c.value) for c in jkm] == [
        ("lump_sum", "fixed", Decimal(20_000_000)),
        ("periodic", "fixed", Decimal(12_000_000)),
        ("funeral", "fixed", Decimal(10_000_000)),
    ]
    jkk = tables.components_for("jkk", "death", day)
    assert [(c.component, c.kind, c.value, c.minimum_of) for c in jkk] == [
        ("death_lump_sum", "wage_multiple", Decimal(48), "jkm:death:lump_sum"),
        ("periodic", "fixed", Decimal(12_000_000), ""),
        ("funeral", "fixed", Decimal(10_000_000), ""),
    ]
    assert {c.provenance.confidence for c in (*jkm, *jkk)} == {"V"}


def test_uncertain_rows_keep_their_marks(tables: BenefitTables) -> None:
    day = date(2025, 5, 10)
    (disability,) = tables.components_for("jkk", "total_permanent_disability", day)
    assert (disability.value, disability.provenance.confidence) == (Decimal(56), "?")
    stmb = tables.components_for("jkk", "temporary_incapacity", day)
    assert [(c.value, c.provenance.confidence) for c in stmb] == [
        (Decimal(100), "S"),
        (Decimal(50), "S"),
    ]
    care = tables.components_for("jkk", "medical_care", day)
    assert [(c.kind, c.value) for c in care] == [("as_needed", None), ("cap", Decimal(20_000_000))]
    assert tables.rule("claim_expiry_years", "jkm", day).provenance.confidence == "?"
    assert tables.rule("claim_expiry_years", "jkk", day).provenance.confidence == "V"


def test_scholarship_levels_and_rules(tables: BenefitTables) -> None:
    day = date(2025, 5, 10)
    levels = tables.scholarship_levels(day)
    assert [(s.level, s.amount_per_year, s.max_years, s.maximum) for s in levels] == [
        ("tk", 1_500_000, 2, 3_000_000),
        ("sd", 1_500_000, 6, 9_000_000),
        ("smp", 2_000_000, 3, 6_000_000),
        ("sma", 3_000_000, 3, 9_000_000),
        ("s1", 12_000_000, 5, 60_000_000),
    ]
    assert sum(s.maximum for s in levels) == 87_000_000
    rules = {
        (name, programme): tables.rule(name, programme, day).value
        for name, programme in (
            ("scholarship_max_children", "jkm"),
            ("scholarship_max_children", "jkk"),
            ("scholarship_min_contribution_months", "jkm"),
            ("scholarship_min_contribution_months", "jkk"),
            ("scholarship_end_age", "jkm"),
            ("claim_expiry_years", "jkk"),
        )
    }
    assert list(rules.values()) == [2, 2, 36, 0, 23, 5]


def test_event_before_the_tables_is_refused(tables: BenefitTables) -> None:
    with pytest.raises(NoBenefitRowInForce) as caught:
        tables.components_for("jkm", "death", date(2019, 12, 1))
    assert str(caught.value) == (
        "Tanggal kejadian 2019-12-01 di luar tabel manfaat JKM (meninggal dunia) "
        "(tabel mencakup 2019-12-02 s.d. seterusnya)."
    )
    assert len(tables.components_for("jkm", "death", PP_82_2019)) == 3


def test_wrong_header_is_refused(data_copy: Path) -> None:
    path = data_copy / "benefits_rules.csv"
    path.write_text("rule,value\n", encoding="utf-8")
    with pytest.raises(BenefitTableError, match="benefits_rules.csv: kepala kolom harus"):
        load_benefit_tables(data_copy)


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        (
            "benefits_rules.csv",
            "claim_expiry_years,jkk,5,2019-12-02,,PP,src,X,",
            "benefits_rules.csv baris 8: confidence harus V, S atau ?",
        ),
        (
            "benefits_rules.csv",
            "claim_expiry_years,jkp,5,2019-12-02,,PP,src,V,",
            "benefits_rules.csv baris 8: programme 'jkp' tidak dikenal",
        ),
        (
            "benefits_scholarship.csv",
            "sd,SD,-1,6,2030-01-01,,PP,src,V,",
            "benefits_scholarship.csv baris 7: amount_per_year harus angka tidak negatif",
        ),
        (
            "benefits_components.csv",
            "jkk,medical_care,x,X,as_needed,5,,2030-01-01,,PP,src,V,",
            "baris 13: value kosong hanya untuk kind as_needed",
        ),
        (
            "benefits_components.csv",
            "jkk,death,x,X,fixed,5,jkm:death:lump_sum,2030-01-01,,PP,src,V,",
            "baris 13: minimum_of hanya untuk kind wage_multiple",
        ),
        (
            "benefits_components.csv",
            "jkk,death,x,X,wage_multiple,5,jkm:death:nothing,2030-01-01,,PP,src,V,",
            "minimum_of 'jkm:death:nothing' tidak ada",
        ),
        (
            "benefits_components.csv",
            "jkm,death,funeral,Biaya,fixed,1,,2024-01-01,,PP,src,V,",
            "baris 'jkm:death:funeral' berlaku tumpang tindih "
            r"\(2019-12-02 s.d. seterusnya dan 2024-01-01 s.d. seterusnya\)",
        ),
    ],
)
def test_bad_rows_are_refused_with_file_and_line(
    data_copy: Path, file: str, line: str, message: str
) -> None:
    _append(data_copy / file, line)
    with pytest.raises(BenefitTableError, match=message):
        load_benefit_tables(data_copy)
