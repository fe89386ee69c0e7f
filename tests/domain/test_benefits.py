"""Benefit rules against hand-computed cases: programme per cause, death benefits, claim expiry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kawal.domain.benefits import (
    BenefitError,
    Child,
    NoBenefitRowInForce,
    claim_deadline,
    claim_expired,
    death_benefit,
    programme_for_cause,
)

EVENT = date(2025, 5, 10)


@pytest.mark.parametrize(
    ("cause", "programme"),
    [("work_accident", "jkk"), ("occupational_disease", "jkk"), ("other", "jkm")],
)
def test_programme_for_cause(cause: str, programme: str) -> None:
    assert programme_for_cause(cause) == programme


def test_unknown_cause_is_refused_in_indonesian() -> None:
    with pytest.raises(BenefitError) as caught:
        programme_for_cause("sakit")
    assert str(caught.value) == (
        "Penyebab 'sakit' tidak dikenal; pilih dari work_accident (kecelakaan kerja), "
        "occupational_disease (penyakit akibat kerja), other (sebab lain, bukan akibat kerja)."
    )


# --- JKM ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("segment", "wage"), [("bpu", None), ("pu", 3_000_000), ("bpu", 0)])
def test_jkm_is_42_million_in_three_parts_for_everyone(segment: str, wage: int | None) -> None:
    benefit = death_benefit(EVENT, "other", segment, wage, 4)
    # 20,000,000 + 12,000,000 + 10,000,000 = 42,000,000, whatever the wage and masa iur.
    assert benefit.programme == "jkm"
    assert benefit.by_component() == {
        "lump_sum": 20_000_000,
        "periodic": 12_000_000,
        "funeral": 10_000_000,
    }
    assert benefit.total == 42_000_000
    assert benefit.base is None
    assert [line.legal_basis for line in benefit.lines] == ["PP 44/2015 jo. PP 82/2019"] * 3
    assert [line.label for line in benefit.lines] == [
        "Santunan sekaligus",
        "Santunan berkala (24 x Rp 500.000 dibayar sekaligus)",
        "Biaya pemakaman",
    ]
    assert benefit.notes == ()


def test_jkm_on_the_first_day_of_pp_82_2019_and_before_it() -> None:
    assert death_benefit(date(2019, 12, 2), "other", "bpu", None, 0).total == 42_000_000
    with pytest.raises(NoBenefitRowInForce, match="Tanggal kejadian 2019-12-01 di luar tabel"):
        death_benefit(date(2019, 12, 1), "other", "bpu", None, 0)


# --- JKK death ----------------------------------------------------------------------------


def test_jkk_death_bpu_at_basis_one_million_is_70_million() -> None:
    benefit = death_benefit(EVENT, "work_accident", "bpu", 1_000_000, 2)
    # 48 x 1,000,000 = 48,000,000; + 12,000,000 + 10,000,000 = 70,000,000.
    assert benefit.programme == "jkk"
    assert benefit.base == 1_000_000
    assert benefit.by_component() == {
        "death_lump_sum": 48_000_000,
        "periodic": 12_000_000,
        "funeral": 10_000_000,
    }
    assert benefit.total == 70_000_000
    assert benefit.lines[0].detail == "48 x Rp 1.000.000 = Rp 48.000.000"
    assert benefit.lines[0].legal_basis == "PP 44/2015 jo. PP 82/2019 Lampiran III"
    assert benefit.notes == ()


def test_jkk_bpu_income_under_the_lowest_basis_counts_as_one_million() -> None:
    benefit = death_benefit(EVENT, "occupational_disease", "bpu", 800_000, 0)
    assert (benefit.base, benefit.total) == (1_000_000, 70_000_000)
    assert benefit.notes == (
        "Dasar penghasilan BPU Rp 1.000.000 untuk penghasilan dilaporkan Rp 800.000 "
        "(PP 44/2015 Lampiran II jo. PP 49/2023 (nilai nominal terendah Rp 1.000.000)).",
    )


def test_jkk_bpu_income_above_the_lowest_band_carries_the_uncertain_bracket_mark() -> None:
    benefit = death_benefit(EVENT, "work_accident", "bpu", 2_500_000, 0)
    # 48 x 2,500,000 = 120,000,000; + 22,000,000 = 142,000,000.
    assert (benefit.base, benefit.total) == (2_500_000, 142_000_000)
    assert len(benefit.notes) == 1
    assert benefit.notes[0].startswith("[?] PP 44/2015 Lampiran II (pita penghasilan")


def test_jkk_death_pu_non_asn_wage_three_million() -> None:
    benefit = death_benefit(EVENT, "work_accident", "pu", 3_000_000, 12)
    # 48 x 3,000,000 = 144,000,000; + 12,000,000 + 10,000,000 = 166,000,000.
    assert benefit.by_component() == {
        "death_lump_sum": 144_000_000,
        "periodic": 12_000_000,
        "funeral": 10_000_000,
    }
    assert benefit.total == 166_000_000


@pytest.mark.parametrize(
    ("wage", "lump_sum"),
    [
        (400_000, 20_000_000),  # 48 x 400,000 = 19,200,000 < JKM santunan sekaligus
        (416_666, 20_000_000),  # 19,999,968: still under the floor
        (416_667, 20_000_016),  # the first wage whose 48 x is above 20,000,000
    ],
)
def test_jkk_lump_sum_is_never_below_the_jkm_lump_sum(wage: int, lump_sum: int) -> None:
    benefit = death_benefit(EVENT, "work_accident", "pu", wage, 12)
    assert benefit.by_component()["death_lump_sum"] == lump_sum
    assert benefit.total == lump_sum + 22_000_000
    assert bool(benefit.notes) == (lump_sum == 20_000_000)


def test_jkk_uses_decimal_wage_given_as_whole_rupiah() -> None:
    assert death_benefit(EVENT, "work_accident", "pu", Decimal(2_000_000), 0).total == 118_000_000


@pytest.mark.parametrize(
    ("cause", "segment", "wage", "message"),
    [
        ("work_accident", "pu", -1, "Upah tidak boleh negatif: -1."),
        ("other", "bpu", -5, r"Penghasilan \(dasar iuran\) tidak boleh negatif: -5."),
        ("work_accident", "pu", None, "upah sebulan wajib diisi"),
        ("work_accident", "pu", 0, "upah sebulan wajib diisi"),
        ("work_accident", "bpu", None, "penghasilan yang dilaporkan"),
        ("work_accident", "pu", Decimal("1000.5"), "Upah harus angka rupiah utuh."),
        ("work_accident", "pu", 1.5, "Upah harus angka rupiah utuh."),
        ("work_accident", "asn", 1_000_000, "Segmen harus pu atau bpu, bukan 'asn'."),
        ("bunuh", "pu", 1_000_000, "Penyebab 'bunuh' tidak dikenal"),
    ],
)
def test_impossible_input_is_refused(cause: str, segment: str, wage: object, message: str) -> None:
    with pytest.raises(BenefitError, match=message):
        death_benefit(EVENT, cause, segment, wage, 0)  # type: ignore[arg-type]


def test_negative_contribution_months_are_refused() -> None:
    with pytest.raises(BenefitError, match="Masa iur tidak boleh negatif."):
        death_benefit(EVENT, "other", "bpu", None, -1)


def test_death_benefit_carries_the_scholarship_apart_from_the_total() -> None:
    kids = [Child("Wa Ode Sari", date(2022, 1, 1)), Child("La Ode Amir", date(2021, 6, 1))]
    benefit = death_benefit(EVENT, "work_accident", "bpu", 1_000_000, 0, kids)
    assert benefit.total == 70_000_000
    assert benefit.scholarship.total == 174_000_000
    data = benefit.to_dict()
    assert data["total"] == 70_000_000
    assert data["scholarship"]["total"] == 174_000_000  # type: ignore[index]
    assert [c["eligible"] for c in data["scholarship"]["children"]] == [True, True]  # type: ignore[index]


# --- claim expiry -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim_date", "expired"),
    [
        (date(2020, 3, 10), False),  # the day of the event
        (date(2025, 3, 9), False),
        (date(2025, 3, 10), False),  # the 5th anniversary: still in time
        (date(2025, 3, 11), True),  # the day after: expired
        (date(2031, 1, 1), True),
    ],
)
def test_claim_expires_after_the_fifth_anniversary(claim_date: date, expired: bool) -> None:
    assert claim_deadline(date(2020, 3, 10)) == date(2025, 3, 10)
    assert claim_expired(date(2020, 3, 10), claim_date) is expired
    assert claim_expired(date(2020, 3, 10), claim_date, programme="jkm") is expired


def test_claim_for_an_event_on_29_february() -> None:
    assert claim_deadline(date(2020, 2, 29)) == date(2025, 2, 28)
    assert claim_expired(date(2020, 2, 29), date(2025, 2, 28)) is False
    assert claim_expired(date(2020, 2, 29), date(2025, 3, 1)) is True


def test_claim_dates_that_cannot_be() -> None:
    with pytest.raises(BenefitError) as caught:
        claim_expired(date(2024, 5, 1), date(2024, 4, 30))
    assert str(caught.value) == (
        "Tanggal klaim 2024-04-30 lebih awal dari tanggal kejadian 2024-05-01."
    )
    with pytest.raises(BenefitError, match="Program harus jkk atau jkm, bukan 'jht'."):
        claim_expired(date(2024, 5, 1), date(2024, 5, 2), programme="jht")
    with pytest.raises(NoBenefitRowInForce, match="di luar tabel aturan claim_expiry_years JKK"):
        claim_expired(date(2018, 5, 1), date(2020, 5, 2))
