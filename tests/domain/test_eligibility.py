"""Eligibility as data: hand-computed cases, and the Polars form agreeing with the scalar one."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from kawal.domain.eligibility import (
    COVER_SCHEMA,
    PERSON_SCHEMA,
    POVERTY_SCHEMA,
    CohortRules,
    OtherCover,
    PersonFacts,
    PovertyFact,
    age_on,
    eligibility_frame,
    evaluate,
)

ON = date(2026, 11, 24)
RULES = CohortRules(
    region_code="7413",
    min_age=15,
    max_age=64,
    max_desil=4,
    poverty_sources=("DTSEN",),
    poverty_period_from=date(2026, 1, 1),
    programmes=("jkk", "jkm"),
    period_start=date(2026, 1, 1),
    period_end=date(2026, 12, 31),
    legal_basis="Perbup Muna Barat 12/2025",
)
DTSEN_OCT = PovertyFact("DTSEN", 3, date(2026, 10, 1))


def facts(**overrides: object) -> PersonFacts:
    values: dict[str, object] = {
        "birth_date": date(1990, 7, 5),
        "domicile_code": "7413031007",
        "poverty": (DTSEN_OCT,),
    }
    values.update(overrides)
    return PersonFacts(**values)  # type: ignore[arg-type]


def test_eligible_person_has_every_passed_reason() -> None:
    verdict = evaluate(RULES, facts(), on=ON)
    assert verdict.eligible is True
    assert [(r.code, r.message) for r in verdict.reasons] == [
        ("DOMICILE_OK", "Berdomisili di wilayah pemda"),
        ("AGE_OK", "Usia 36 tahun (15–64)"),
        ("DESIL_OK", "Desil 3 (DTSEN 2026-10), batas 4"),
        ("COVER_OK", "Tidak terdaftar ganda di kohort lain"),
    ]


def test_age_is_counted_in_full_years_on_the_enrolment_date() -> None:
    assert age_on(date(1959, 11, 25), ON) == 66
    assert age_on(date(1959, 11, 24), ON) == 67
    verdict = evaluate(RULES, facts(birth_date=date(1959, 11, 24)), on=ON)
    assert verdict.failed_codes == ("AGE_ABOVE",)
    assert verdict.reasons[1].message == (
        "Usia 67 tahun melewati batas 64 (Perbup Muna Barat 12/2025)"
    )
    young = evaluate(RULES, facts(birth_date=date(2011, 11, 25)), on=ON)
    assert young.failed_codes == ("AGE_BELOW",)
    assert young.reasons[1].message == "Usia 14 tahun di bawah batas 15 (Perbup Muna Barat 12/2025)"


def test_latest_accepted_source_decides_the_desil() -> None:
    records = (
        PovertyFact("P3KE", 2, date(2026, 11, 1)),  # newer but not an accepted source
        PovertyFact("DTSEN", 3, date(2026, 7, 1)),
        PovertyFact("DTSEN", 6, date(2026, 10, 1)),
    )
    verdict = evaluate(RULES, facts(poverty=records), on=ON)
    assert verdict.failed_codes == ("DESIL_ABOVE",)
    assert verdict.reasons[2].message == "Desil 6 di atas batas 4 (DTSEN 2026-10)"


def test_no_accepted_poverty_data_and_old_data() -> None:
    none = evaluate(RULES, facts(poverty=(PovertyFact("P3KE", 1, date(2026, 1, 1)),)), on=ON)
    assert none.failed_codes == ("NO_POVERTY_DATA",)
    assert none.reasons[2].message == "Tidak ada data kemiskinan dari sumber yang diterima"
    old = evaluate(RULES, facts(poverty=(PovertyFact("DTSEN", 1, date(2025, 10, 1)),)), on=ON)
    assert old.failed_codes == ("POVERTY_DATA_OLD",)
    assert old.reasons[2].message == (
        "Data kemiskinan terbaru (DTSEN 2025-10) lebih lama dari batas 2026-01"
    )


def test_no_desil_limit_means_poverty_is_not_checked() -> None:
    rules = CohortRules(region_code="7413")
    verdict = evaluate(rules, facts(poverty=()), on=ON)
    assert verdict.eligible is True
    assert [r.code for r in verdict.reasons] == ["DOMICILE_OK", "AGE_OK", "COVER_OK"]


def test_dead_not_domiciled_asn_and_double_cover() -> None:
    cover = OtherCover("Pegawai non-ASN 2026", ("jkk", "jkm"), date(2026, 3, 1), date(2027, 2, 28))
    verdict = evaluate(
        RULES,
        facts(
            date_of_death=date(2026, 9, 30),
            domicile_code="7403012001",
            is_asn=True,
            other_cover=(cover,),
        ),
        on=ON,
    )
    assert verdict.failed_codes == ("DEAD", "NOT_DOMICILED", "ASN", "DOUBLE_COVER")
    messages = [r.message for r in verdict.reasons if not r.passed]
    assert messages == [
        "Meninggal dunia pada 30-09-2026",
        "Domisili (alamat KK) di luar wilayah pemda",
        "Berstatus ASN/TNI/Polri",
        "Sudah aktif di kohort lain untuk JKK, JKM pada periode yang sama (Pegawai non-ASN 2026)",
    ]


@pytest.mark.parametrize(
    ("programmes", "start", "end", "doubled"),
    [
        (("jkk",), date(2026, 12, 1), date(2027, 5, 31), True),  # one shared month
        (("jkk",), date(2027, 1, 1), date(2027, 12, 31), False),  # after the period
        (("jht",), date(2026, 1, 1), date(2026, 12, 31), False),  # other programme
    ],
)
def test_double_cover_needs_shared_programme_and_month(programmes, start, end, doubled) -> None:
    cover = OtherCover("Lain", programmes, start, end)
    verdict = evaluate(RULES, facts(other_cover=(cover,)), on=ON)
    assert ("DOUBLE_COVER" in verdict.failed_codes) is doubled


def test_frame_agrees_with_scalar_rules() -> None:
    cases = {
        1: facts(),
        2: facts(birth_date=date(1959, 11, 24)),
        3: facts(birth_date=date(1961, 11, 25)),  # 64 today: still inside
        4: facts(poverty=(PovertyFact("DTSEN", 6, date(2026, 10, 1)),)),
        5: facts(poverty=()),
        6: facts(poverty=(PovertyFact("DTSEN", 1, date(2025, 10, 1)),)),
        7: facts(date_of_death=date(2026, 1, 2), domicile_code="7403012001"),
        8: facts(
            other_cover=(OtherCover("X", ("jkm",), date(2026, 6, 1), date(2026, 6, 30)),),
            poverty=(PovertyFact("DTSEN", 4, date(2026, 7, 1)), DTSEN_OCT),
        ),
        9: facts(birth_date=date(2012, 2, 29)),
        10: facts(is_asn=True),
    }
    persons = pl.DataFrame(
        [
            (pid, f.birth_date, f.domicile_code, f.date_of_death, f.is_asn)
            for pid, f in cases.items()
        ],
        schema=PERSON_SCHEMA,
        orient="row",
    )
    poverty = pl.DataFrame(
        [(pid, r.source, r.desil, r.period) for pid, f in cases.items() for r in f.poverty],
        schema=POVERTY_SCHEMA,
        orient="row",
    )
    cover = pl.DataFrame(
        [
            (pid, list(c.programmes), c.start, c.end)
            for pid, f in cases.items()
            for c in f.other_cover
        ],
        schema=COVER_SCHEMA,
        orient="row",
    )
    frame = eligibility_frame(RULES, persons, poverty, cover, on=ON)
    got = {row["person_id"]: tuple(row["codes"]) for row in frame.iter_rows(named=True)}
    want = {
        pid: tuple(dict.fromkeys(evaluate(RULES, f, on=ON).failed_codes))
        for pid, f in cases.items()
    }
    assert got == want
    assert got[2] == ("AGE_ABOVE",)
    assert got[3] == ()
    assert got[9] == ("AGE_BELOW",)
    assert got[10] == ("ASN",)
    assert frame["eligible"].to_list() == [c == () for c in want.values()]
