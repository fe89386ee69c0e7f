"""The scholarship (beasiswa) by hand-computed cases: trigger, 2-child limit, age 23, schedule."""

from __future__ import annotations

from datetime import date

import pytest

from kawal.domain.benefits import BenefitError, death_benefit
from kawal.domain.scholarship import Child, ScholarshipPlan, scholarship_plan

EVENT = date(2025, 5, 10)
FULL_CHILD = 87_000_000  # TK 2 x 1.5 + SD 6 x 1.5 + SMP 3 x 2 + SMA 3 x 3 + S1 5 x 12 (juta)


def toddler(name: str) -> Child:
    """Not yet at school: the whole scholarship, paid from entering school."""
    return Child(name, date(2022, 1, 1))


def jkm(children: list[Child], months: int = 36) -> ScholarshipPlan:
    return scholarship_plan(
        event_date=EVENT, programme="jkm", contribution_months=months, children=children
    )


def test_no_children_no_scholarship() -> None:
    plan = jkm([])
    assert (plan.trigger_met, plan.children, plan.total) == (True, (), 0)


def test_one_child_not_yet_at_school_gets_every_level_undated() -> None:
    (child,) = jkm([toddler("Ani")]).children
    assert child.eligible
    assert child.reason == "Berhak beasiswa; dibayar mulai saat anak masuk sekolah."
    assert child.total == FULL_CHILD
    assert len(child.years) == 2 + 6 + 3 + 3 + 5
    assert {y.starts_on for y in child.years} == {None}
    assert [y.level for y in child.years[:3]] == ["tk", "tk", "sd"]
    assert child.ends_on == date(2045, 1, 1)


def test_two_children_reach_the_174_million_ceiling() -> None:
    plan = jkm([toddler("Ani"), toddler("Budi")])
    assert [c.eligible for c in plan.children] == [True, True]
    assert plan.total == 174_000_000


def test_third_child_gets_nothing() -> None:
    plan = jkm([toddler("Ani"), toddler("Budi"), toddler("Citra")])
    assert [c.eligible for c in plan.children] == [True, True, False]
    assert plan.children[2].reason == (
        "Tidak mendapat beasiswa: beasiswa paling banyak untuk 2 anak, dan anak yang disebut "
        "lebih dahulu sudah mendapatkannya."
    )
    assert plan.total == 174_000_000
    assert [c.child.name for c in plan.recipients] == ["Ani", "Budi"]


def test_a_married_child_does_not_use_a_place() -> None:
    married = Child("Dewi", date(2004, 1, 1), married=True, level="s1")
    working = Child("Eko", date(2005, 1, 1), working=True)
    plan = jkm([married, working, toddler("Ani"), toddler("Budi")])
    assert [(c.eligible, c.reason) for c in plan.children[:2]] == [
        (False, "Tidak mendapat beasiswa: anak sudah menikah."),
        (False, "Tidak mendapat beasiswa: anak sudah bekerja."),
    ]
    assert [c.eligible for c in plan.children[2:]] == [True, True]
    assert plan.total == 174_000_000


def test_a_child_aged_23_on_the_event_date_gets_nothing() -> None:
    turned_23 = Child("Fajar", date(2002, 5, 10), level="s1", year_in_level=4)
    (child,) = jkm([turned_23]).children
    assert not child.eligible
    assert child.reason == "Tidak mendapat beasiswa: sudah berusia 23 tahun pada tanggal kejadian."
    assert (child.ends_on, child.total) == (date(2025, 5, 10), 0)


def test_a_child_one_day_short_of_23_gets_one_year() -> None:
    almost = Child("Gita", date(2002, 5, 11), level="s1", year_in_level=4)
    (child,) = jkm([almost]).children
    assert child.eligible
    # Year 1 starts on the event date, before the 23rd birthday (2025-05-11); year 2 would
    # start on 2026-05-10, after it.
    assert [(y.year, y.starts_on, y.level, y.amount) for y in child.years] == [
        (1, date(2025, 5, 10), "s1", 12_000_000),
    ]


def test_schedule_from_the_current_level_until_the_23rd_birthday() -> None:
    # SMA kelas 2 on 2025-05-10, born 2009-03-01 (23 on 2032-03-01):
    # SMA years 2-3 (2025, 2026) = 2 x 3,000,000; S1 years 1-5 start 2027..2031, all before
    # 2032-03-01 = 5 x 12,000,000. Total 66,000,000.
    (child,) = jkm([Child("Hasan", date(2009, 3, 1), level="sma", year_in_level=2)]).children
    assert [(y.starts_on, y.level, y.amount) for y in child.years] == [
        (date(2025, 5, 10), "sma", 3_000_000),
        (date(2026, 5, 10), "sma", 3_000_000),
        (date(2027, 5, 10), "s1", 12_000_000),
        (date(2028, 5, 10), "s1", 12_000_000),
        (date(2029, 5, 10), "s1", 12_000_000),
        (date(2030, 5, 10), "s1", 12_000_000),
        (date(2031, 5, 10), "s1", 12_000_000),
    ]
    assert child.total == 66_000_000


def test_age_limit_cuts_the_last_university_year() -> None:
    # SD kelas 4, born 2015-01-01 (23 on 2038-01-01): SD 3 x 1.5 + SMP 3 x 2 + SMA 3 x 3 = 19.5
    # juta, then S1 2034..2037 (4 years; 2038-05-10 is after the birthday) = 48 juta.
    (child,) = jkm([Child("Intan", date(2015, 1, 1), level="sd", year_in_level=4)]).children
    assert [y.level for y in child.years].count("s1") == 4
    assert child.total == 67_500_000


@pytest.mark.parametrize(("months", "eligible"), [(35, False), (36, True), (120, True)])
def test_jkm_needs_36_months_of_contributions(months: int, eligible: bool) -> None:
    plan = jkm([toddler("Ani")], months=months)
    assert plan.trigger_met is eligible
    assert plan.children[0].eligible is eligible
    assert plan.total == (FULL_CHILD if eligible else 0)
    if not eligible:
        assert plan.children[0].reason == (
            "Tidak mendapat beasiswa: masa iur 35 bulan, kurang dari syarat 36 bulan untuk JKM."
        )


@pytest.mark.parametrize("event", ["death", "total_permanent_disability"])
def test_jkk_gives_the_scholarship_at_once(event: str) -> None:
    plan = scholarship_plan(
        event_date=EVENT,
        programme="jkk",
        event=event,
        contribution_months=0,
        children=[toddler("Ani")],
    )
    assert plan.trigger_met
    assert plan.trigger_reason == (
        "Kecelakaan kerja/penyakit akibat kerja: beasiswa tanpa masa iur minimum."
    )
    assert plan.total == FULL_CHILD


def test_death_benefit_35_vs_36_months_changes_only_the_scholarship() -> None:
    kids = [toddler("Ani")]
    short = death_benefit(EVENT, "other", "bpu", None, 35, kids)
    enough = death_benefit(EVENT, "other", "bpu", None, 36, kids)
    assert (short.total, short.scholarship.total) == (42_000_000, 0)
    assert (enough.total, enough.scholarship.total) == (42_000_000, FULL_CHILD)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"programme": "jkm", "event": "total_permanent_disability"}, "hanya untuk peserta"),
        ({"programme": "jht"}, "Program beasiswa harus jkm atau jkk, bukan 'jht'."),
        ({"children": [Child("Joko", date(2015, 1, 1), level="kuliah")]}, "jenjang 'kuliah'"),
        (
            {"children": [Child("Joko", date(2015, 1, 1), level="sd", year_in_level=7)]},
            r"Anak Joko: tahun ke-7 di jenjang SD tidak mungkin \(jenjang ini paling lama 6",
        ),
        (
            {"children": [Child("Joko", date(2023, 1, 1), year_in_level=2)]},
            "Anak Joko: belum sekolah, jadi tahun di jenjang harus 1.",
        ),
    ],
)
def test_impossible_scholarship_input(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "event_date": EVENT,
        "programme": "jkm",
        "contribution_months": 36,
        **kwargs,
    }
    with pytest.raises(BenefitError, match=message):
        scholarship_plan(**arguments)  # type: ignore[arg-type]
