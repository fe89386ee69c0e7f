"""``coverage_figures`` and the people behind each figure, on the hand-computed fixture."""

from __future__ import annotations

from datetime import date

import pytest

from kawal.reports.coverage import Cell, coverage_figures, people_behind
from tests.web.dashboard_helpers import (
    AS_OF,
    LAGADI,
    LAWA,
    SAWERIGADI,
    WAKOILA,
    WAMELAI,
    make_coverage_fixture,
)


@pytest.fixture
def fixture(pemda):
    return make_coverage_fixture(pemda)


def _names(qs) -> list[str]:
    return sorted(p.full_name.removeprefix("Orang ").lower() for p in qs)


def test_figures_per_segment_for_the_whole_pemda(fixture, dinas_admin):
    figures = coverage_figures(dinas_admin, as_of=AS_OF)
    cells = {s.segment: s.cell for s in figures.segments}
    assert cells == {
        "non_asn": Cell(active=2, potential=3, covered=2),
        "pekerja_rentan": Cell(active=3, potential=9, covered=2),
        "aparatur_desa": Cell(),
        "adhoc": Cell(active=0, potential=1, covered=0),
    }
    assert figures.total == Cell(active=5, potential=12, covered=4)
    assert round(figures.segment("pekerja_rentan").cell.percent, 1) == 33.3
    assert figures.segment("aparatur_desa").cell.percent is None
    assert "desil DTSEN/DTKS terakhir 1–4" in str(figures.segment("pekerja_rentan").denominator)


def test_figures_per_kecamatan_and_desa(fixture, dinas_admin):
    figures = coverage_figures(dinas_admin, as_of=AS_OF)
    lawa, sawerigadi = figures.district(LAWA), figures.district(SAWERIGADI)
    assert lawa.name == "Lawa"
    assert lawa.cells == {
        "pekerja_rentan": Cell(3, 8, 2),
        "non_asn": Cell(2, 3, 2),
    }
    assert lawa.total == Cell(5, 10, 4)
    assert sawerigadi.cells == {"pekerja_rentan": Cell(0, 1, 0), "adhoc": Cell(0, 1, 0)}
    assert sawerigadi.total == Cell(0, 2, 0)
    villages = {v.code: v.total for v in figures.villages if v.total != Cell()}
    assert villages == {WAMELAI: Cell(3, 6, 2), LAGADI: Cell(2, 4, 2), WAKOILA: Cell(0, 2, 0)}
    # Every current desa of the pemda is listed, with zeros where nobody lives.
    assert len(figures.districts) == 11
    assert {v.parent_code for v in figures.villages_of(LAWA)} == {LAWA}
    assert figures.as_dict()["total"] == {
        "active": 5,
        "potential": 12,
        "covered": 4,
        "uncovered": 8,
        "percent": 41.7,
    }


def test_people_behind_each_figure_match_it(fixture, dinas_admin):
    def names(measure, **kw):
        return _names(people_behind(dinas_admin, as_of=AS_OF, measure=measure, **kw))

    seg = "pekerja_rentan"
    assert names("active", segment=seg) == ["w1", "w3", "w9"]
    assert names("potential", segment=seg) == [
        "k1",
        "l3",
        "l4",
        "w1",
        "w10",
        "w2",
        "w4",
        "w8",
        "w9",
    ]
    assert names("covered", segment=seg) == ["w1", "w9"]
    assert names("uncovered", segment=seg) == ["k1", "l3", "l4", "w10", "w2", "w4", "w8"]
    assert names("uncovered", segment=seg, village=WAMELAI) == ["w10", "w2", "w4", "w8"]
    assert names("active", segment="non_asn", district=LAWA) == ["l1", "l3"]
    assert names("potential", segment="adhoc") == ["k3"]
    assert names("active") == ["l1", "l3", "w1", "w3", "w9"]
    assert names("uncovered", district=SAWERIGADI) == ["k1", "k3"]
    figures = coverage_figures(dinas_admin, as_of=AS_OF)
    for district in figures.districts:
        for s, cell in district.cells.items():
            for measure in ("active", "potential", "covered", "uncovered"):
                got = people_behind(
                    dinas_admin, as_of=AS_OF, measure=measure, segment=s, district=district.code
                ).count()
                assert got == getattr(cell, measure), (district.code, s, measure)


def test_as_of_moves_the_figures(fixture, dinas_admin):
    # 1 September: w9's membership has ended, k1's has started; w5's desil 1 is still unknown.
    later = coverage_figures(dinas_admin, as_of=date(2026, 9, 1))
    assert later.segment("pekerja_rentan").cell == Cell(active=3, potential=9, covered=2)
    assert _names(
        people_behind(
            dinas_admin, as_of=date(2026, 9, 1), measure="active", segment="pekerja_rentan"
        )
    ) == ["k1", "w1", "w3"]
    # 1 November: w5's October record (desil 1) makes w5 potential; the ad hoc stage is over.
    november = coverage_figures(dinas_admin, as_of=date(2026, 11, 1))
    assert november.segment("pekerja_rentan").cell.potential == 10
    assert november.segment("adhoc").cell == Cell()
    # In 2025 only the old cohort runs (l4) and only the 2025 desil records are known: w5 is
    # desil 2 then, w4 desil 5, l4 has no record yet.
    old = coverage_figures(dinas_admin, as_of=date(2025, 6, 1))
    assert old.segment("pekerja_rentan").cell == Cell(active=1, potential=1, covered=0)
    assert old.segment("non_asn").cell == Cell(active=0, potential=3, covered=0)


def test_scope_village_operator_sees_only_their_desa(fixture, operator_wamelai, verifier_lawa):
    figures = coverage_figures(operator_wamelai, as_of=AS_OF)
    assert [v.code for v in figures.villages] == [WAMELAI]
    assert [d.code for d in figures.districts] == [LAWA]
    assert figures.total == Cell(3, 6, 2)
    assert figures.segment("non_asn").cell == Cell()
    assert _names(
        people_behind(operator_wamelai, as_of=AS_OF, measure="uncovered", segment="pekerja_rentan")
    ) == ["w10", "w2", "w4", "w8"]
    # Asking for another desa gives nobody, not an error.
    assert not people_behind(operator_wamelai, as_of=AS_OF, measure="potential", village=LAGADI)
    lawa = coverage_figures(verifier_lawa, as_of=AS_OF)
    assert lawa.total == Cell(5, 10, 4)
    assert {d.code for d in lawa.districts} == {LAWA}


def test_a_user_without_a_role_sees_nothing(fixture, make_user):
    nobody = make_user("tanpa.peran", "")
    figures = coverage_figures(nobody, as_of=AS_OF)
    assert figures.total == Cell()
    assert figures.villages == []
