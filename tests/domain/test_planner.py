"""The budget planner, on hand-computed cases (no Django)."""

from __future__ import annotations

import random

import pytest

from kawal.domain.planner import (
    Candidate,
    DistrictCost,
    PlanError,
    fingerprint,
    occupation_risks,
    parse_priority,
    plan,
)

RP = 16_800  # BPU JKK Rp 10,000 + JKM Rp 6,800 per person-month
V1, V2, V3 = "7413031007", "7413032001", "7413012001"  # Wamelai, Lagadi (Lawa); Wakoila


def person(pid: int, desil: int | None = 2, occ: str = "petani", village: str = V1) -> Candidate:
    district = village[:6]
    name = "Lawa" if district == "741303" else "Sawerigadi"
    return Candidate(pid, desil, occ, village, district, name)


def crowd(n: int) -> list[Candidate]:
    return [person(i) for i in range(1, n + 1)]


def test_muna_barat_budget_buys_exactly_10424_person_months():
    # 175,123,200 / 16,800 = 10,424 exactly.
    p = plan(crowd(10_500), budget=175_123_200, months=1, unit_cost=RP, priority=["desil"])
    assert (len(p.selected), len(p.reserve), p.total_cost, p.left) == (10_424, 76, 175_123_200, 0)
    # A year: 2,101,478,400 / (16,800 × 12 = 201,600) = 10,424.
    year = plan(crowd(10_500), budget=2_101_478_400, months=12, unit_cost=RP, priority=["desil"])
    assert (len(year.selected), year.cost_per_person, year.left) == (10_424, 201_600, 0)
    assert year.selected == tuple(range(1, 10_425))  # all desil 2, petani: by person id
    assert year.reserve == tuple(range(10_425, 10_501))


def test_three_people_for_twelve_months():
    # 3 × 12 × 16,800 = 604,800; a fourth needs 806,400.
    p = plan(crowd(5), budget=806_399, months=12, unit_cost=RP, priority=["desil"])
    assert p.selected == (1, 2, 3)
    assert p.reserve == (4, 5)
    assert (p.total_cost, p.left) == (604_800, 201_599)
    assert p.districts == (DistrictCost("741303", "Lawa", 3, 604_800, 2),)


def test_zero_budget_and_a_budget_below_one_person():
    zero = plan(crowd(3), budget=0, months=12, unit_cost=RP, priority=["desil"])
    assert (zero.selected, zero.reserve, zero.total_cost, zero.left) == ((), (1, 2, 3), 0, 0)
    short = plan(crowd(3), budget=201_599, months=12, unit_cost=RP, priority=["desil"])
    assert (short.selected, short.total_cost, short.left) == ((), 0, 201_599)
    assert short.districts == (DistrictCost("741303", "Lawa", 0, 0, 3),)
    empty = plan([], budget=1_000_000, months=1, unit_cost=RP)
    assert (empty.selected, empty.reserve, empty.left, empty.districts) == ((), (), 1_000_000, ())


FOUR = [
    person(1, desil=1, occ="pedagang", village=V1),  # risk 1
    person(2, desil=2, occ="nelayan", village=V1),  # risk 3
    person(3, desil=3, occ="ojek", village=V1),  # risk 3
    person(4, desil=4, occ="petani", village=V3),  # risk 2
]
TWO = 2 * 12 * RP


@pytest.mark.parametrize(
    ("priority", "selected", "reserve"),
    [
        # desil 1, 2 | 3, 4
        (["desil"], (1, 2), (3, 4)),
        # risk 3 (ids 2, 3 by id), then risk 2 (4), then risk 1 (1)
        (["occupation_risk"], (2, 3), (4, 1)),
        # shares V1 0/3 and V3 0/1 tie; V3's code 7413012001 is the lower → 4; then V1: 1, 2, 3
        (["village_share"], (4, 1), (2, 3)),
    ],
)
def test_each_priority_order_selects_differently(priority, selected, reserve):
    p = plan(FOUR, budget=TWO, months=12, unit_cost=RP, priority=priority)
    assert (p.selected, p.reserve) == (selected, reserve)


def test_keys_after_the_first_break_its_ties():
    people = [
        person(1, desil=2, occ="pedagang"),
        person(2, desil=2, occ="sopir"),
        person(3, desil=1, occ="pedagang"),
        person(4, desil=None, occ="nelayan"),  # no desil: last on desil
        person(5, desil=2, occ=""),  # no occupation: risk 0, last on risk
    ]
    p = plan(people, budget=0, months=1, unit_cost=RP, priority=["desil", "occupation_risk"])
    assert p.reserve == (3, 2, 1, 5, 4)
    q = plan(people, budget=0, months=1, unit_cost=RP, priority=["occupation_risk", "desil"])
    assert q.reserve == (2, 4, 3, 1, 5)


def _spread() -> list[Candidate]:
    # V3 (7413012001) < V1 (7413031007) < V2 (7413032001) by code.
    return [
        *(person(pid, village=V3) for pid in (10, 11, 12, 13)),  # 4 in V3
        *(person(pid, village=V1) for pid in (20, 21)),  # 2 in V1
        person(30, village=V2),  # 1 in V2
    ]


def test_village_share_spreads_across_villages():
    # Shares start 0/4, 0/2, 0/1 → V3 (lowest code) → 10; V3 1/4, V1 0 → 20; V2 0 → 30;
    # V3 .25 < V1 .5 → 11; V3 .5 = V1 .5, V3's code is lower → 12; V1 .5 → 21; V3 → 13.
    p = plan(_spread(), budget=4 * RP, months=1, unit_cost=RP, priority=["village_share"])
    assert p.selected == (10, 20, 30, 11)
    assert p.reserve == (12, 21, 13)
    assert p.districts == (
        DistrictCost("741301", "Sawerigadi", 2, 2 * RP, 2),
        DistrictCost("741303", "Lawa", 2, 2 * RP, 1),
    )


def test_village_share_counts_people_already_covered():
    # V2 already covers 1 → starts at 1/2. V3 0/4 → 10; V1 0/2 → 20; V3 .25 → 11;
    # V3 .5 = V1 .5 = V2 .5 → V3 (lowest code) → 12; V1 .5 = V2 .5 → V1 → 21; V2 .5 → 30; 13.
    p = plan(
        _spread(), budget=0, months=1, unit_cost=RP, priority=["village_share"], covered={V2: 1}
    )
    assert p.reserve == (10, 20, 11, 12, 21, 30, 13)


def test_village_share_inside_desil_tiers():
    people = [
        person(1, desil=1, village=V3),
        person(2, desil=1, village=V3),
        person(3, desil=1, village=V1),
        person(4, desil=2, village=V1),
        person(5, desil=2, village=V3),
    ]
    # Desil 1: V3 0/3 (code lower) → 1; V1 0/2 → 3; V3 1/3 → 2.
    # Desil 2: V3 2/3 vs V1 1/2 → V1 → 4; then V3 → 5.
    p = plan(people, budget=0, months=1, unit_cost=RP, priority=["desil", "village_share"])
    assert p.reserve == (1, 3, 2, 4, 5)


def test_deterministic_whatever_the_input_order():
    people = [
        person(i, desil=i % 4 + 1, occ=("nelayan", "petani", "pedagang")[i % 3], village=v)
        for i, v in zip(range(1, 301), [V1, V2, V3] * 100, strict=True)
    ]
    first = plan(people, budget=100 * 12 * RP, months=12, unit_cost=RP)
    shuffled = people[:]
    random.Random(7).shuffle(shuffled)
    again = plan(shuffled, budget=100 * 12 * RP, months=12, unit_cost=RP)
    assert first == again
    assert fingerprint(people) == fingerprint(shuffled)


def test_fingerprint_changes_with_what_the_ranking_reads():
    base = fingerprint(FOUR)
    assert fingerprint([*FOUR[:3], person(4, desil=3, occ="petani", village=V3)]) != base
    assert fingerprint(FOUR[:3]) != base
    assert fingerprint(FOUR, {V1: 1}) != base


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"budget": -1}, "Pagu tidak boleh negatif."),
        ({"months": 0}, "Jumlah bulan paling sedikit 1."),
        ({"unit_cost": 0}, "Iuran per orang per bulan harus lebih dari nol."),
        ({"budget": 1.5}, "Pagu harus bilangan bulat."),
        ({"priority": ["desil", "umur"]}, "Prioritas umur tidak dikenal"),
        ({"priority": ["desil", "desil"]}, "Setiap kunci prioritas hanya boleh muncul sekali."),
        ({"priority": []}, "Urutan prioritas kosong"),
    ],
)
def test_bad_input_is_refused_in_indonesian(kwargs, message):
    values = {"budget": 0, "months": 1, "unit_cost": RP, "priority": ["desil"]} | kwargs
    with pytest.raises(PlanError, match=message):
        plan(FOUR, **values)


def test_a_person_twice_is_refused():
    with pytest.raises(PlanError, match="Calon 1 tercantum dua kali."):
        plan([*FOUR, FOUR[0]], budget=0, months=1, unit_cost=RP)


def test_priority_text_and_risk_table():
    assert parse_priority(" desil, Village_Share ") == ("desil", "village_share")
    risks = occupation_risks()
    assert [risks[o] for o in ("nelayan", "buruh_pelabuhan", "tukang_bangunan", "ojek")] == [3] * 4
    assert (risks["sopir"], risks["petani"], risks["pedagang"]) == (3, 2, 1)
    # A pemda's own table replaces the default.
    own = {"pedagang": 5}
    p = plan(FOUR, budget=0, months=1, unit_cost=RP, priority=["occupation_risk"], risks=own)
    assert p.reserve[0] == 1


def test_two_hundred_thousand_candidates_fill_the_2023_ceiling():
    # The time is measured by bench/planner.py (docs/benchmarks.md), not here.
    rng = random.Random(42)
    villages = [f"741303{n:04d}" for n in range(1001, 1087)]
    occupations = list(occupation_risks())
    people = [
        Candidate(
            i,
            rng.choice([None, *range(1, 11)]),
            rng.choice(occupations),
            village := rng.choice(villages),
            village[:6],
            "Lawa",
        )
        for i in range(1, 200_001)
    ]
    p = plan(people, budget=2_101_478_400, months=12, unit_cost=RP)
    assert (len(p.selected), len(p.reserve)) == (10_424, 189_576)
