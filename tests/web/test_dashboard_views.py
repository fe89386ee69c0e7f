"""The dashboard pages and ``kawal report coverage`` on the hand-computed fixture."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kawal.reports.coverage import Cell
from tests.web.dashboard_helpers import AS_OF, LAWA, SAWERIGADI, WAMELAI, make_coverage_fixture

pytestmark = pytest.mark.django_db
DAY = AS_OF.isoformat()


@pytest.fixture
def fixture(pemda):
    return make_coverage_fixture(pemda)


def _people(client, **params) -> list[str]:
    response = client.get(reverse("reports:people"), params | {"tanggal": DAY})
    assert response.status_code == 200
    return sorted(
        p.full_name.removeprefix("Orang ").lower() for p in response.context["page"].object_list
    )


def test_dashboard_shows_the_figures_and_links_to_their_lists(fixture, dinas_admin, client):
    client.force_login(dinas_admin)
    response = client.get(reverse("reports:dashboard"), {"tanggal": DAY})
    figures = response.context["figures"]
    assert figures.segment("pekerja_rentan").cell == Cell(3, 9, 2)
    assert figures.total == Cell(5, 12, 4)
    assert [s.segment for s in response.context["segments_shown"]] == [
        "non_asn",
        "pekerja_rentan",
        "adhoc",
    ]
    html = response.content.decode().replace("&amp;", "&")
    link = f"?tanggal={DAY}&ukuran=uncovered&segmen=pekerja_rentan&kec={LAWA}"
    assert f'href="/dashboard/people/{link}"' in html
    assert "33,3%" in html or "33.3%" in html
    # Kec. Lawa, pekerja rentan, belum terlindungi: 6 names; the list has exactly those.
    assert figures.district(LAWA).cell("pekerja_rentan").uncovered == 6
    assert _people(client, ukuran="uncovered", segmen="pekerja_rentan", kec=LAWA) == [
        "l3",
        "l4",
        "w10",
        "w2",
        "w4",
        "w8",
    ]
    assert _people(client, ukuran="active", segmen="pekerja_rentan", kec=LAWA) == [
        "w1",
        "w3",
        "w9",
    ]
    assert _people(client, ukuran="potential", kec=SAWERIGADI) == ["k1", "k3"]


def test_people_list_masks_nik_and_names_the_cohort(fixture, dinas_admin, client):
    client.force_login(dinas_admin)
    response = client.get(
        reverse("reports:people"),
        {"ukuran": "active", "segmen": "pekerja_rentan", "desa": WAMELAI, "tanggal": DAY},
    )
    html = response.content.decode()
    w1 = fixture.people["w1"]
    assert w1.nik not in html
    assert f"{w1.nik[:4]}**********{w1.nik[-2:]}" in html
    rows = {p.full_name: (p.cohort_name, p.desil) for p in response.context["page"].object_list}
    assert rows == {
        "Orang W1": ("Pekerja rentan 2026", 2),
        "Orang W3": ("Pekerja rentan 2026", 6),
        "Orang W9": ("Pekerja rentan 2026", 2),
    }


def test_bad_drill_down_is_a_clear_error(dinas_admin, client):
    client.force_login(dinas_admin)
    response = client.get(reverse("reports:people"), {"ukuran": "semua"})
    assert response.status_code == 400
    assert "Ukuran tidak dikenal: semua." in response.content.decode()
    response = client.get(reverse("reports:people"), {"ukuran": "active", "tanggal": "31-12-2026"})
    assert "Tanggal tidak valid" in response.content.decode()


def test_village_operator_sees_only_their_desa(fixture, operator_wamelai, client):
    client.force_login(operator_wamelai)
    response = client.get(reverse("reports:dashboard"), {"tanggal": DAY})
    assert response.context["figures"].total == Cell(3, 6, 2)
    assert [r["area"].code for r in response.context["village_rows"]] == [WAMELAI]
    assert _people(client, ukuran="potential") == ["w1", "w10", "w2", "w4", "w8", "w9"]
    # Another desa or kecamatan: nobody, and the desa rows of another kecamatan are a 404.
    assert _people(client, ukuran="potential", kec=SAWERIGADI) == []
    villages = reverse("reports:villages", args=[SAWERIGADI])
    assert client.get(villages, {"tanggal": DAY}).status_code == 404


def test_desa_rows_of_a_kecamatan_as_an_htmx_partial(fixture, verifier_lawa, client):
    client.force_login(verifier_lawa)
    response = client.get(reverse("reports:villages", args=[LAWA]), {"tanggal": DAY})
    assert response.status_code == 200
    rows = {r["area"].code: r["area"].total for r in response.context["rows"]}
    assert rows[WAMELAI] == Cell(3, 6, 2)
    assert rows["7413032001"] == Cell(2, 4, 2)
    assert "<html" not in response.content.decode()


def test_trend_counts_active_members_per_month(fixture, dinas_admin, client):
    client.force_login(dinas_admin)
    response = client.get(reverse("reports:dashboard"), {"tanggal": DAY})
    trend = {f"{p.month:%Y-%m}": p.active for p in response.context["trend"]}
    # Jul–Dec 2025: l4 in the 2025 cohort. Jan–Feb 2026: w1 w3 w7 w8 w9 l1 l3. March: w7 died
    # on the 1st. June (counted on the 15th): w8 ended on 31 May.
    assert trend == {
        "2025-07": 1,
        "2025-08": 1,
        "2025-09": 1,
        "2025-10": 1,
        "2025-11": 1,
        "2025-12": 1,
        "2026-01": 7,
        "2026-02": 7,
        "2026-03": 6,
        "2026-04": 6,
        "2026-05": 6,
        "2026-06": 5,
    }
    assert 'data-month="2026-06"' in response.content.decode()


def test_report_coverage_json(fixture, dinas_admin):
    out = StringIO()
    call_command("report", "coverage", "--json", "--pemda", "7413", "--as-of", DAY, stdout=out)
    data = json.loads(out.getvalue())
    assert data["as_of"] == DAY
    assert data["segments"]["pekerja_rentan"] | {"denominator": ""} == {
        "label": "Pekerja rentan",
        "denominator": "",
        "active": 3,
        "potential": 9,
        "covered": 2,
        "uncovered": 7,
        "percent": 33.3,
    }
    assert data["segments"]["non_asn"]["percent"] == 66.7
    assert data["segments"]["aparatur_desa"]["percent"] is None
    assert (data["total"]["active"], data["total"]["potential"]) == (5, 12)
    lawa = next(d for d in data["districts"] if d["code"] == LAWA)
    assert lawa["name"] == "Lawa"
    assert lawa["total"] == {
        "active": 5,
        "potential": 10,
        "covered": 4,
        "uncovered": 6,
        "percent": 50.0,
    }
    assert lawa["segments"]["non_asn"]["active"] == 2


def test_report_coverage_text_and_errors(fixture, dinas_admin):
    out = StringIO()
    call_command("report", "coverage", "--as-of", DAY, stdout=out)
    lines = [line.split() for line in out.getvalue().splitlines()]
    assert ["Pekerja", "rentan", "3", "9", "33.3"] in lines
    assert ["Lawa", "5", "10", "50.0"] in lines
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("report", "coverage", "--as-of", "2026-13-01")
    with pytest.raises(CommandError, match="Pemda 9999"):
        call_command("report", "coverage", "--pemda", "9999")
