"""The contribution calculator, checked against published pemda figures and hand-computed values.

Every expected amount below is worked out by hand in the comment next to it.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from kawal.domain.contributions import (
    FUNDING_SOURCES,
    ContributionError,
    parse_programmes,
    quote,
    round_rupiah,
)
from kawal.domain.rates import default_rate_tables, parse_month

PUBLIC = sorted(code for code, f in FUNDING_SOURCES.items() if f.public_budget)
NOT_PUBLIC = sorted(code for code, f in FUNDING_SOURCES.items() if not f.public_budget)


def M(text: str) -> date:
    return parse_month(text)


# --- published figures (domain-rules.md §1.3) ----------------------------------------------


def test_kota_yogyakarta_1898_workers_two_months() -> None:
    # 1,898 × 2 × 16,800 = 63,772,800 (APBD-P 2024, two months).
    q = quote(segment="bpu", month=M("2024-11"), months=2, persons=1898, funding="apbd_kabupaten")
    assert q.by_programme() == {"jkk": 37_960_000, "jkm": 25_812_800}  # ×10,000 and ×6,800
    assert q.by_payer() == {"pemda": 63_772_800}
    assert q.total == 63_772_800


def test_muna_barat_10424_pekerja_rentan_a_month_and_a_year() -> None:
    # 10,424 × 16,800 = 175,123,200 a month; × 12 = 2,101,478,400. All of 2026 is inside
    # PP 50/2025 discount windows, and APBD-paid participants must still cost 16,800.
    month = quote(segment="bpu", month=M("2026-01"), persons=10_424, funding="apbd_kabupaten")
    assert month.total == 175_123_200
    year = quote(
        segment="bpu", month=M("2026-01"), months=12, persons=10_424, funding="apbd_kabupaten"
    )
    assert year.total == 2_101_478_400
    assert set(year.per_person_by_month().values()) == {16_800}


def test_bantul_eight_months_of_2026() -> None:
    # 2,682 × 16,800 = 45,057,600 a month ("sekitar Rp45 juta"); × 8 = 360,460,800.
    q = quote(segment="bpu", month=M("2026-05"), months=8, persons=2_682, funding="apbd_kabupaten")
    assert q.total == 360_460_800


# --- PU -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk_class", "jkk"),
    # 3,000,000 × 0.24 % / 0.54 % / 0.89 % / 1.27 % / 1.74 %
    [("I", 7_200), ("II", 16_200), ("III", 26_700), ("IV", 38_100), ("V", 52_200)],
)
def test_pu_each_risk_class(risk_class: str, jkk: int) -> None:
    q = quote(
        segment="pu",
        month=M("2026-05"),
        wage=3_000_000,
        risk_class=risk_class,
        funding="apbd_kabupaten",
    )
    assert q.by_programme() == {"jkk": jkk, "jkm": 9_000}  # JKM 3,000,000 × 0.30 %
    assert q.by_payer() == {"pemda": jkk + 9_000}


def test_pu_all_programmes_split_between_employer_and_worker() -> None:
    # 3,000,000: JKK 0.24 % 7,200; JKM 0.30 % 9,000; JHT 3.7 % 111,000 + 2 % 60,000;
    # JP 2 % 60,000 + 1 % 30,000 (below the ceiling).
    q = quote(
        segment="pu",
        month=M("2026-05"),
        wage=3_000_000,
        risk_class="I",
        programmes=["jp", "jht", "jkm", "jkk"],
        funding="employer",
    )
    assert q.programmes == ("jkk", "jkm", "jht", "jp")
    assert q.by_programme_and_payer() == {
        ("jkk", "employer"): 7_200,
        ("jkm", "employer"): 9_000,
        ("jht", "employer"): 111_000,
        ("jht", "worker"): 60_000,
        ("jp", "employer"): 60_000,
        ("jp", "worker"): 30_000,
    }
    assert q.by_payer() == {"employer": 187_200, "worker": 90_000}
    assert q.total == 277_200


@pytest.mark.parametrize(
    ("funding", "payer"),
    [
        ("apbd_provinsi", "pemda"),
        ("apbdes_dd", "pemda"),
        ("apbdes_add", "pemda"),
        ("btt", "pemda"),
        ("apbn", "employer"),
    ],
)
def test_pu_employer_share_is_the_pemda_when_a_pemda_budget_pays(funding: str, payer: str) -> None:
    q = quote(
        segment="pu",
        month=M("2026-05"),
        wage=3_000_000,
        risk_class="I",
        programmes=["jkk", "jkm", "jht"],
        funding=funding,
    )
    assert q.by_payer() == {payer: 127_200, "worker": 60_000}  # 7,200 + 9,000 + 111,000


@pytest.mark.parametrize(
    ("month", "employer", "worker"),
    [
        ("2025-02", 200_846, 100_423),  # ceiling 10,042,300 × 2 % / 1 %
        ("2025-03", 210_948, 105_474),  # ceiling 10,547,400
        ("2026-02", 210_948, 105_474),
        ("2026-03", 221_726, 110_863),  # ceiling 11,086,300
    ],
)
def test_jp_is_capped_by_the_ceiling_of_the_month(month: str, employer: int, worker: int) -> None:
    q = quote(
        segment="pu",
        month=M(month),
        wage=12_000_000,
        risk_class="I",
        programmes=["jkk", "jkm", "jp"],
        funding="employer",
    )
    split = q.by_programme_and_payer()
    assert (split[("jp", "employer")], split[("jp", "worker")]) == (employer, worker)
    assert split[("jkk", "employer")] == 28_800  # JKK and JKM are not capped: 12,000,000 × 0.24 %
    assert any(note.startswith("Upah JP dibatasi Rp ") for note in q.notes)


def test_jp_quote_across_march_uses_both_ceilings() -> None:
    # Feb 2026 at 10,547,400 and Mar 2026 at 11,086,300:
    # employer 210,948 + 221,726 = 432,674; worker 105,474 + 110,863 = 216,337.
    q = quote(
        segment="pu",
        month=M("2026-02"),
        months=2,
        wage=12_000_000,
        risk_class="I",
        programmes=["jkk", "jkm", "jp"],
        funding="apbd_kabupaten",
    )
    split = q.by_programme_and_payer()
    assert (split[("jp", "pemda")], split[("jp", "worker")]) == (432_674, 216_337)
    # one person a month: 28,800 + 36,000 + 210,948 + 105,474 = 381,222; March 397,389
    assert q.per_person_by_month() == {M("2026-02"): 381_222, M("2026-03"): 397_389}
    assert {line.confidence for line in q.lines if line.programme == "jp"} == {"S"}


def test_jp_below_the_ceiling_is_not_capped() -> None:
    q = quote(
        segment="pu",
        month=M("2026-02"),
        wage=10_000_000,
        risk_class="I",
        programmes=["jkk", "jkm", "jp"],
        funding="employer",
    )
    assert q.by_programme()["jp"] == 300_000  # 200,000 + 100,000
    assert not any(note.startswith("Upah JP dibatasi") for note in q.notes)


def test_jp_month_outside_the_ceiling_table() -> None:
    with pytest.raises(ContributionError, match=r"^Bulan 2021-06 di luar tabel batas upah JP"):
        quote(
            segment="pu",
            month=M("2021-06"),
            wage=5_000_000,
            risk_class="I",
            programmes=["jkk", "jkm", "jp"],
            funding="employer",
        )


# --- BPU ------------------------------------------------------------------------------------


@pytest.mark.parametrize("income", [None, 0, 500_000, 1_000_000])
def test_bpu_minimum_basis(income: int | None) -> None:
    # Basis at least 1,000,000: JKK 10,000 + JKM 6,800 + JHT 2 % 20,000 = 36,800.
    q = quote(
        segment="bpu",
        month=M("2025-06"),
        income=income,
        programmes=["jkk", "jkm", "jht"],
        funding="apbd_kabupaten",
    )
    assert q.by_programme() == {"jkk": 10_000, "jkm": 6_800, "jht": 20_000}
    assert q.total == 36_800
    assert q.notes[0].startswith("Dasar iuran BPU Rp 1.000.000")


def test_bpu_above_the_minimum_uses_the_interim_rule_and_says_so() -> None:
    # 1,500,000: JKK 15,000 + JKM 6,800 + JHT 30,000 = 51,800 (domain-rules.md sample row).
    q = quote(
        segment="bpu",
        month=M("2025-06"),
        income=1_500_000,
        programmes=["jkk", "jkm", "jht"],
        funding="apbd_kabupaten",
    )
    assert q.total == 51_800
    assert {line.programme: line.confidence for line in q.lines} == {
        "jkk": "?",
        "jkm": "V",
        "jht": "?",
    }
    assert any(note.startswith("[?] PP 44/2015 Lampiran II") for note in q.notes)


@pytest.mark.parametrize(("funding", "payer"), [("self", "worker"), ("csr_other", "other")])
def test_bpu_payer_follows_the_funding(funding: str, payer: str) -> None:
    q = quote(segment="bpu", month=M("2025-06"), funding=funding)
    assert q.by_payer() == {payer: 16_800}


# --- PP 50/2025 discounts -------------------------------------------------------------------


@pytest.mark.parametrize("funding", NOT_PUBLIC)
def test_discount_applies_to_non_public_funding_in_a_discounted_month(funding: str) -> None:
    # Transport, Jan 2026: 50 % of 10,000 + 50 % of 6,800 = 5,000 + 3,400 = 8,400.
    q = quote(segment="bpu", month=M("2026-01"), funding=funding, sector="transportasi")
    assert q.by_programme() == {"jkk": 5_000, "jkm": 3_400}
    assert {line.discount_percent for line in q.lines} == {Decimal(50)}


@pytest.mark.parametrize("funding", PUBLIC)
def test_discount_never_applies_to_apbn_apbd_or_apbdes(funding: str) -> None:
    q = quote(segment="bpu", month=M("2026-01"), funding=funding, sector="transportasi")
    assert q.total == 16_800
    assert {line.discount_percent for line in q.lines} == {Decimal(0)}
    assert any("tidak diterapkan" in note for note in q.notes)


def test_public_budgets_are_exactly_these() -> None:
    assert PUBLIC == [
        "apbd_kabupaten",
        "apbd_provinsi",
        "apbdes_add",
        "apbdes_dd",
        "apbn",
        "btt",
        "hibah_pilkada",
    ]
    assert NOT_PUBLIC == ["csr_other", "employer", "self"]


def test_every_discount_row_excludes_every_public_budget() -> None:
    for row in default_rate_tables().discounts:
        assert set(PUBLIC) <= row.excluded_funding, row


def test_code_refuses_public_discounts_even_if_the_data_forgets() -> None:
    tables = default_rate_tables()
    careless = dataclasses.replace(
        tables,
        discounts=tuple(
            dataclasses.replace(d, excluded_funding=frozenset()) for d in tables.discounts
        ),
    )
    q = quote(
        segment="bpu",
        month=M("2026-01"),
        funding="apbd_kabupaten",
        sector="transportasi",
        tables=careless,
    )
    assert q.total == 16_800


@pytest.mark.parametrize(
    ("sector", "month", "total"),
    [
        ("lainnya", "2026-03", 16_800),
        ("lainnya", "2026-04", 8_400),
        ("lainnya", "2026-12", 8_400),
        ("lainnya", "2027-01", 16_800),
        ("transportasi", "2025-12", 16_800),
        ("transportasi", "2027-03", 8_400),
        ("transportasi", "2027-04", 16_800),
    ],
)
def test_discount_follows_the_sector_windows(sector: str, month: str, total: int) -> None:
    assert quote(segment="bpu", month=M(month), funding="self", sector=sector).total == total


def test_discount_stops_mid_quote_and_never_touches_jht() -> None:
    # Feb and Mar 2027 discounted (5,000 + 3,400 + JHT 20,000 = 28,400), Apr 2027 not (36,800).
    q = quote(
        segment="bpu",
        month=M("2027-02"),
        months=3,
        programmes=["jkk", "jkm", "jht"],
        funding="self",
        sector="transportasi",
    )
    assert q.per_person_by_month() == {
        M("2027-02"): 28_400,
        M("2027-03"): 28_400,
        M("2027-04"): 36_800,
    }
    assert q.total == 93_600


# --- rounding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exact", "rounded"),
    [("0.5", 1), ("1.5", 2), ("2.5", 3), ("2.49", 2), ("4804.5", 4805), ("6005.625", 6006)],
)
def test_round_rupiah_is_half_up(exact: str, rounded: int) -> None:
    assert round_rupiah(Decimal(exact)) == rounded


def test_rounding_per_programme_payer_person_and_month() -> None:
    # Wage 2,001,875: JKK 0.24 % = 4,804.5 → 4,805 (half-even would give 4,804);
    # JKM 0.30 % = 6,005.625 → 6,006; JHT 3.7 % = 74,069.375 → 74,069, 2 % = 40,037.5 → 40,038.
    q = quote(
        segment="pu",
        month=M("2026-05"),
        wage=2_001_875,
        risk_class="I",
        programmes=["jkk", "jkm", "jht"],
        funding="apbd_kabupaten",
        persons=1_000,
    )
    assert [(line.programme, line.payer, line.amount) for line in q.lines] == [
        ("jkk", "pemda", 4_805),
        ("jkm", "pemda", 6_006),
        ("jht", "pemda", 74_069),
        ("jht", "worker", 40_038),
    ]
    # Rounded per person first, then × 1,000: JKK 4,805,000 (not 4,804,500).
    assert q.by_programme() == {"jkk": 4_805_000, "jkm": 6_006_000, "jht": 114_107_000}


def test_rounding_with_a_discount_and_a_bpu_basis() -> None:
    # Basis 1,234,450 (interim rule). APBD: JKK 12,344.5 → 12,345; JHT 24,689 exactly.
    apbd = quote(
        segment="bpu",
        month=M("2026-01"),
        income=1_234_450,
        programmes=["jkk", "jkm", "jht"],
        funding="apbd_kabupaten",
        sector="transportasi",
    )
    assert apbd.by_programme() == {"jkk": 12_345, "jkm": 6_800, "jht": 24_689}
    # Self-funded transport: JKK 12,344.5 × 50 % = 6,172.25 → 6,172; JKM 3,400.
    own = quote(
        segment="bpu",
        month=M("2026-01"),
        income=1_234_450,
        programmes=["jkk", "jkm", "jht"],
        funding="self",
        sector="transportasi",
    )
    assert own.by_programme() == {"jkk": 6_172, "jkm": 3_400, "jht": 24_689}
    # Basis 1,000,100: JKK 10,001 × 50 % = 5,000.5 → 5,001.
    half = quote(
        segment="bpu", month=M("2026-01"), income=1_000_100, funding="self", sector="transportasi"
    )
    assert half.by_programme()["jkk"] == 5_001


# --- programme rules ------------------------------------------------------------------------


def test_jkp_is_refused_with_its_legal_basis() -> None:
    with pytest.raises(ContributionError) as info:
        quote(
            segment="pu",
            month=M("2026-05"),
            wage=3_000_000,
            risk_class="I",
            programmes=["jkk", "jkm", "jkp"],
            funding="apbd_kabupaten",
        )
    message = str(info.value)
    assert message.startswith("JKP tidak berlaku untuk Penerima Upah: JKP hanya bagi pekerja")
    assert "pemda bukan pengusaha" in message
    assert message.endswith("(PP 37/2021 Pasal 1 angka 3 jo. PP 6/2025).")


def test_jp_for_bpu_is_refused() -> None:
    with pytest.raises(
        ContributionError,
        match=r"^JP tidak berlaku untuk Bukan Penerima Upah: JP hanya untuk peserta penerima upah",
    ):
        quote(segment="bpu", month=M("2026-05"), programmes=["jkk", "jkm", "jp"], funding="self")


@pytest.mark.parametrize("segment", ["pu", "bpu"])
def test_jkk_and_jkm_are_mandatory(segment: str) -> None:
    extra = {"wage": 3_000_000, "risk_class": "I"} if segment == "pu" else {}
    with pytest.raises(ContributionError, match=r"^JKM wajib untuk"):
        quote(
            segment=segment,
            month=M("2026-05"),
            programmes=["jkk", "jht"],
            funding="employer",
            **extra,  # type: ignore[arg-type]
        )


def test_parse_programmes() -> None:
    assert parse_programmes(" JHT, jkk,jkm,jkk ") == ("jkk", "jkm", "jht")
    with pytest.raises(ContributionError, match=r"^Program jkn tidak dikenal"):
        parse_programmes("jkk,jkn")
    with pytest.raises(ContributionError, match=r"^Daftar program kosong"):
        parse_programmes(" , ")


# --- bad input ------------------------------------------------------------------------------

PU = {"segment": "pu", "month": date(2026, 5, 1), "funding": "apbd_kabupaten", "risk_class": "I"}
BPU = {"segment": "bpu", "month": date(2026, 5, 1), "funding": "apbd_kabupaten"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({**PU, "wage": -1}, "Upah tidak boleh negatif."),
        ({**PU, "wage": 0}, "Upah harus lebih dari nol."),
        ({**PU, "wage": Decimal("3000000.5")}, "Upah harus angka rupiah utuh."),
        ({**PU, "wage": 3_000_000.0}, "Upah harus angka rupiah utuh."),
        ({**PU}, "Untuk PU upah sebulan wajib diisi."),
        ({**PU, "income": 1_000_000}, "Untuk PU isikan upah sebulan, bukan penghasilan BPU."),
        ({**PU, "wage": 3_000_000, "risk_class": None}, "Kelas risiko JKK (I, II, III, IV"),
        ({**PU, "wage": 3_000_000, "risk_class": "VI"}, "Kelas risiko JKK (I, II, III, IV"),
        ({**PU, "wage": 3_000_000, "funding": "self"}, "Iuran PU tidak dibayar mandiri"),
        ({**BPU, "income": -5}, "Penghasilan tidak boleh negatif."),
        ({**BPU, "wage": 3_000_000}, "Untuk BPU isikan penghasilan (dasar iuran), bukan upah."),
        ({**BPU, "risk_class": "I"}, "Kelas risiko hanya untuk PU"),
        ({**BPU, "programmes": ["jkk", "jkm", "jkn"]}, "Program jkn tidak dikenal"),
        ({**BPU, "funding": "dana_desa"}, "Sumber dana 'dana_desa' tidak dikenal"),
        ({**BPU, "segment": "asn"}, "Segmen harus pu atau bpu, bukan 'asn'."),
        ({**BPU, "sector": "nelayan"}, "Sektor harus salah satu dari transportasi, lainnya."),
        ({**BPU, "months": 0}, "Jumlah bulan paling sedikit 1."),
        ({**BPU, "persons": 0}, "Jumlah peserta paling sedikit 1."),
        ({**BPU, "month": date(2015, 6, 1)}, "Bulan 2015-06 di luar tabel keberlakuan JKK"),
    ],
)
def test_bad_input_raises_an_indonesian_message(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ContributionError) as info:
        quote(**kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


# --- the JSON-ready form --------------------------------------------------------------------


def test_to_dict_has_integer_rupiah_and_string_rates() -> None:
    q = quote(segment="bpu", month=M("2024-11"), months=2, persons=1898, funding="apbd_kabupaten")
    data = q.to_dict()
    assert {k: data[k] for k in ("segment", "funding", "sector", "month", "months", "persons")} == {
        "segment": "bpu",
        "funding": "apbd_kabupaten",
        "sector": "lainnya",
        "month": "2024-11",
        "months": 2,
        "persons": 1898,
    }
    assert (data["programmes"], data["payers"], data["total"]) == (
        {"jkk": 37_960_000, "jkm": 25_812_800},
        {"pemda": 63_772_800},
        63_772_800,
    )
    assert data["per_person_per_month"] == {"2024-11": 16_800, "2024-12": 16_800}
    assert data["lines"][0] == {
        "month": "2024-11",
        "programme": "jkk",
        "payer": "pemda",
        "base": 1_000_000,
        "rate_percent": "1.0",
        "flat_amount": None,
        "discount_percent": "0",
        "amount_per_person": 10_000,
        "legal_basis": "PP 44/2015 Lampiran II jo. PP 49/2023",
        "base_legal_basis": "PP 44/2015 Lampiran II jo. PP 49/2023 (nilai nominal terendah "
        "Rp 1.000.000)",
        "confidence": "V",
    }


def test_apbdes_is_two_funding_sources_dana_desa_and_add() -> None:
    """domain-rules §5.3: Dana Desa (APBN transfer) and ADD (APBD transfer) are kept apart."""
    assert "apbdes" not in FUNDING_SOURCES
    dd, add = FUNDING_SOURCES["apbdes_dd"], FUNDING_SOURCES["apbdes_add"]
    assert (dd.label, dd.payer, dd.public_budget) == ("APBDes (Dana Desa)", "pemda", True)
    assert (add.label, add.payer, add.public_budget) == (
        "APBDes (Alokasi Dana Desa)",
        "pemda",
        True,
    )
