"""The budget planner over the database: page, save, scope, staleness, CLI and the demo cohort.

The fixture, ranked by desil, then occupation risk, then village share (hand-worked):

=====  =======  ==========  =====  ================  ====================
 who    desa     kecamatan   desil  pekerjaan (risk)  rank
=====  =======  ==========  =====  ================  ====================
 A      Wamelai  Lawa        1      nelayan (3)       1
 E      Wakoila  Sawerigadi  1      petani (2)        2
 D      Lagadi   Lawa        2      ojek (3)          3
 C      Wamelai  Lawa        2      pedagang (1)      4
 B      Wamelai  Lawa        3      petani (2)        reserve 1
 F      Wakoila  Sawerigadi  4      tukang (3)        reserve 2
=====  =======  ==========  =====  ================  ====================

Not candidates: G (desil 6, above the cohort's 4) and H (not a pekerja rentan).
Pagu Rp 906,400 for 12 months at Rp 16,800: 906,400 // 201,600 = 4 people, Rp 806,400, sisa
Rp 100,000. Lawa: A, D, C = 3 × 201,600 = Rp 604,800 (reserve B); Sawerigadi: E = Rp 201,600
(reserve F).
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kawal.accounts.models import AuditEvent, Role, User
from kawal.contributions.planning import PlanInput, plan_compute, plan_save
from kawal.demo.planner_seed import PLAN_COHORT, ensure_demo_plan_cohort
from kawal.domain.planner import PlanError
from kawal.enrolment.errors import EnrolmentError, OutOfScope
from kawal.enrolment.models import Cohort, Membership
from kawal.enrolment.services import CohortData, cohort_save, memberships_propose
from kawal.regions.models import Pemda
from kawal.registry.services import poverty_record_add, segment_add

from .conftest import LAGADI, WAKOILA, WAMELAI

pytestmark = pytest.mark.django_db

PAGU = 906_400
PRIORITY = ("desil", "occupation_risk", "village_share")
PEOPLE = {  # who: (serial, desa, desil, occupation, pekerja rentan?)
    "A": (1, WAMELAI, 1, "nelayan", True),
    "B": (2, WAMELAI, 3, "petani", True),
    "C": (3, WAMELAI, 2, "pedagang", True),
    "D": (4, LAGADI, 2, "ojek", True),
    "E": (5, WAKOILA, 1, "petani", True),
    "F": (6, WAKOILA, 4, "tukang_bangunan", True),
    "G": (7, WAMELAI, 6, "nelayan", True),
    "H": (8, WAMELAI, 2, "nelayan", False),
}


@pytest.fixture
def cohort(dinas_admin) -> Cohort:
    return cohort_save(
        actor=dinas_admin,
        data=CohortData(
            name="Pekerja rentan 2027",
            segment="pekerja_rentan",
            fiscal_year=2027,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 12, 31),
            max_desil=4,
            poverty_sources=["DTSEN"],
        ),
    )


@pytest.fixture
def people(register, dinas_admin) -> dict[str, int]:
    ids = {}
    for who, (serial, village, desil, occupation, rentan) in PEOPLE.items():
        person = register(
            nik=f"74130345079{serial:05d}",
            full_name=f"Uji {who}",
            domicile_village_id=village,
            occupation=occupation,
        )
        poverty_record_add(
            actor=dinas_admin, person=person, source="DTSEN", desil=desil, period=date(2026, 10, 1)
        )
        if rentan:
            segment_add(actor=dinas_admin, person=person, segment="pekerja_rentan")
        ids[who] = person.pk
    return ids


def _inputs(cohort: Cohort, budget: int = PAGU) -> PlanInput:
    return PlanInput(cohort_id=cohort.pk, budget=budget, months=12, priority=PRIORITY)


def _query(cohort: Cohort, **extra: str) -> dict[str, str]:
    return {
        "kohort": str(cohort.pk),
        "pagu": "906.400",
        "bulan": "12",
        "p1": "desil",
        "p2": "occupation_risk",
        "p3": "village_share",
    } | extra


def test_plan_ranks_fills_the_budget_and_costs_per_kecamatan(cohort, people, dinas_admin):
    result = plan_compute(dinas_admin, _inputs(cohort))
    plan = result.plan
    assert plan.selected == tuple(people[w] for w in "AEDC")
    assert plan.reserve == (people["B"], people["F"])
    assert (plan.unit_cost, plan.total_cost, plan.left) == (16_800, 806_400, 100_000)
    districts = [(d.code, d.name, d.persons, d.cost, d.reserve) for d in plan.districts]
    assert districts == [
        ("741301", "Sawerigadi", 1, 201_600, 1),
        ("741303", "Lawa", 3, 604_800, 1),
    ]
    assert result.on == date(2027, 1, 1)  # judged on the cohort's start, which is later


def test_page_shows_exact_figures_and_masked_niks(client, cohort, people, dinas_admin):
    client.force_login(dinas_admin)
    page = client.get(reverse("contributions:plan"), _query(cohort))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="plan-cost">Rp 806.400<' in html
    assert 'data-testid="plan-left">Rp 100.000<' in html
    assert 'data-testid="plan-persons">4 orang<' in html
    assert '<td>Sawerigadi</td><td class="n">1</td><td class="n">Rp 201.600</td>' in html
    assert '<td>Lawa</td><td class="n">3</td><td class="n">Rp 604.800</td>' in html
    assert [row.person.full_name for row in page.context["rows"]] == [
        "Uji A",
        "Uji E",
        "Uji D",
        "Uji C",
    ]
    assert "7413034507900001" not in html
    assert "7413**********01" in html
    reserve = client.get(reverse("contributions:plan"), _query(cohort, daftar="cadangan"))
    assert [(r.rank, r.person.full_name) for r in reserve.context["rows"]] == [
        (1, "Uji B"),
        (2, "Uji F"),
    ]
    # Linked from the budget page and from the cohort's page (with the cohort picked).
    assert (
        reverse("contributions:plan")
        in client.get(reverse("contributions:budget")).content.decode()
    )
    detail = client.get(reverse("enrolment:detail", args=[cohort.pk])).content.decode()
    assert f"{reverse('contributions:plan')}?kohort={cohort.pk}" in detail
    picked = client.get(reverse("contributions:plan"), {"kohort": cohort.pk})
    assert (picked.context["form"].initial["bulan"], picked.context["form"].initial["pagu"]) == (
        12,
        "",
    )


def test_saving_creates_the_proposals_and_the_ranked_reserve(client, cohort, people, dinas_admin):
    client.force_login(dinas_admin)
    shown = client.get(reverse("contributions:plan"), _query(cohort)).context["result"]
    response = client.post(
        reverse("contributions:plan_save"),
        _query(cohort, fingerprint=shown.fingerprint, confirm="1", set_quota="1"),
    )
    assert response.status_code == 302
    rows = dict(Membership.objects.filter(cohort=cohort).values_list("person_id", "reserve_rank"))
    assert rows == {
        people["A"]: None,
        people["E"]: None,
        people["D"]: None,
        people["C"]: None,
        people["B"]: 1,
        people["F"]: 2,
    }
    assert set(Membership.objects.filter(cohort=cohort).values_list("status", "proposed_by")) == {
        ("proposed", dinas_admin.pk)
    }
    cohort.refresh_from_db()
    assert cohort.quota == 4
    event = AuditEvent.objects.get(action="cohort.plan_save", object_id=str(cohort.pk))
    assert event.changes["cost"] == [None, 806_400]
    assert event.changes["quota"] == [None, 4]
    assert AuditEvent.objects.filter(action="membership.propose", actor=dinas_admin).count() == 6
    # Saving again: everyone is in the cohort now, the plan has changed under the old fingerprint.
    with pytest.raises(EnrolmentError, match="usang"):
        plan_save(actor=dinas_admin, inputs=_inputs(cohort), fingerprint_shown=shown.fingerprint)


def test_reserve_ranks_follow_an_existing_reserve_list(cohort, people, dinas_admin):
    cohort.quota = 0
    cohort.save()
    memberships_propose(actor=dinas_admin, cohort_id=cohort.pk, person_ids=[people["F"]])
    assert Membership.objects.get(person_id=people["F"]).reserve_rank == 1
    shown = plan_compute(dinas_admin, _inputs(cohort, budget=0))
    saved = plan_save(actor=dinas_admin, inputs=shown.inputs, fingerprint_shown=shown.fingerprint)
    assert (saved.proposed, saved.reserved) == (0, 5)
    ranks = dict(Membership.objects.filter(cohort=cohort).values_list("person_id", "reserve_rank"))
    assert [ranks[people[w]] for w in "FAEDCB"] == [1, 2, 3, 4, 5, 6]


def test_a_stale_plan_is_refused_and_nothing_is_written(cohort, people, dinas_admin):
    shown = plan_compute(dinas_admin, _inputs(cohort))
    # Someone proposes D meanwhile.
    memberships_propose(actor=dinas_admin, cohort_id=cohort.pk, person_ids=[people["D"]])
    before = Membership.objects.count()
    with pytest.raises(EnrolmentError, match="Rencana sudah usang"):
        plan_save(actor=dinas_admin, inputs=shown.inputs, fingerprint_shown=shown.fingerprint)
    assert Membership.objects.count() == before
    # A new desil changes the ranking's input as well.
    again = plan_compute(dinas_admin, _inputs(cohort))
    from kawal.registry.models import Person

    poverty_record_add(
        actor=dinas_admin,
        person=Person.objects.get(pk=people["B"]),
        source="DTSEN",
        desil=1,
        period=date(2027, 1, 1),
    )
    with pytest.raises(EnrolmentError, match="Rencana sudah usang"):
        plan_save(actor=dinas_admin, inputs=again.inputs, fingerprint_shown=again.fingerprint)
    assert not AuditEvent.objects.filter(action="cohort.plan_save").exists()


def test_a_plan_that_overflows_the_quota_is_refused(cohort, people, dinas_admin):
    cohort.quota = 3
    cohort.save()
    shown = plan_compute(dinas_admin, _inputs(cohort))
    with pytest.raises(EnrolmentError, match="kuota kohort tinggal 3"):
        plan_save(actor=dinas_admin, inputs=shown.inputs, fingerprint_shown=shown.fingerprint)
    assert not Membership.objects.exists()


def test_a_village_operator_plans_only_inside_their_desa(
    client, cohort, people, operator_wamelai, dinas_admin
):
    mine = plan_compute(operator_wamelai, _inputs(cohort))
    # Wamelai only: A (desil 1), C (2), B (3); three people cost 604,800 of 906,400.
    assert mine.plan.selected == (people["A"], people["C"], people["B"])
    assert (mine.plan.reserve, mine.plan.left) == ((), 301_600)
    # The Dinas plan (all desa) cannot be saved by the operator: it is not the operator's plan.
    dinas = plan_compute(dinas_admin, _inputs(cohort))
    with pytest.raises(EnrolmentError, match="usang"):
        plan_save(actor=operator_wamelai, inputs=dinas.inputs, fingerprint_shown=dinas.fingerprint)
    with pytest.raises(OutOfScope):  # only the Dinas admin changes a cohort's quota
        plan_save(
            actor=operator_wamelai,
            inputs=mine.inputs,
            fingerprint_shown=mine.fingerprint,
            set_quota=True,
        )
    assert not Membership.objects.exists()
    client.force_login(operator_wamelai)
    html = client.get(reverse("contributions:plan"), _query(cohort)).content.decode()
    assert "Uji A" in html
    assert "Uji D" not in html
    assert "Uji E" not in html
    # Another pemda's operator does not even see the cohort.
    muna = Pemda.objects.create(region_id="7403", name="Kabupaten Muna")
    outsider = User.objects.create(username="op.muna", role=Role.DINAS_ADMIN, pemda=muna)
    with pytest.raises(OutOfScope):
        plan_compute(outsider, _inputs(cohort))
    client.force_login(outsider)
    page = client.get(reverse("contributions:plan"), _query(cohort))
    assert page.status_code == 200
    assert "result" not in page.context  # the cohort is not a choice


def test_roles_that_do_not_propose_may_look_but_not_save(client, cohort, people, auditor):
    shown = plan_compute(auditor, _inputs(cohort))
    assert len(shown.plan.selected) == 4
    with pytest.raises(OutOfScope, match="tidak boleh mengusulkan"):
        plan_save(actor=auditor, inputs=shown.inputs, fingerprint_shown=shown.fingerprint)
    client.force_login(auditor)
    page = client.get(reverse("contributions:plan"), _query(cohort))
    assert 'data-testid="plan-save"' not in page.content.decode()


def test_bad_input_gets_an_indonesian_message(client, cohort, people, dinas_admin):
    with pytest.raises(PlanError, match="Jumlah bulan harus 1 sampai 12"):
        plan_compute(
            dinas_admin, PlanInput(cohort_id=cohort.pk, budget=1, months=13, priority=PRIORITY)
        )
    non_asn = cohort_save(
        actor=dinas_admin,
        data=CohortData(
            name="Non-ASN 2027",
            segment="non_asn",
            fiscal_year=2027,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 12, 31),
        ),
    )
    with pytest.raises(PlanError, match="hanya untuk kohort BPU"):
        plan_compute(dinas_admin, _inputs(non_asn))
    client.force_login(dinas_admin)
    page = client.get(reverse("contributions:plan"), _query(cohort, pagu="dua juta"))
    assert "Pagu harus angka rupiah utuh" in page.content.decode()
    same = client.get(reverse("contributions:plan"), _query(cohort, p2="desil"))
    assert "Setiap prioritas hanya boleh dipilih sekali." in same.content.decode()


def test_cli_prints_totals_and_saves(cohort, people, dinas_admin):
    out = io.StringIO()
    call_command(
        "rencana", "--cohort", str(cohort.pk), "--budget", "906.400", "--months", "12", "--json",
        stdout=out,
    )  # fmt: skip
    payload = json.loads(out.getvalue())
    assert {k: payload[k] for k in ("selected", "cost", "left", "reserve", "unit_cost")} == {
        "selected": 4,
        "cost": 806_400,
        "left": 100_000,
        "reserve": 2,
        "unit_cost": 16_800,
    }
    assert payload["districts"][1] == {
        "code": "741303", "name": "Lawa", "persons": 3, "cost": 604_800, "reserve": 1,
    }  # fmt: skip
    assert payload["saved"] is None
    assert not Membership.objects.exists()
    text = io.StringIO()
    call_command(
        "rencana", "--cohort", str(cohort.pk), "--budget", "906400", "--priority", "desil",
        "--save", stdout=text,
    )  # fmt: skip
    assert "Sisa pagu    : Rp 100.000" in text.getvalue()
    assert "Disimpan     : 4 diusulkan, 2 cadangan" in text.getvalue()
    assert Membership.objects.filter(cohort=cohort).count() == 6
    with pytest.raises(CommandError, match="Pagu harus angka rupiah utuh"):
        call_command("rencana", "--cohort", str(cohort.pk), "--budget", "2,1 M")


def test_demo_plan_cohort_is_made_once(pemda, dinas_admin):
    first = ensure_demo_plan_cohort(pemda)
    assert first is not None
    assert (first.name, first.fiscal_year, first.max_desil, first.quota) == (
        PLAN_COHORT,
        2027,
        5,
        None,
    )
    assert ensure_demo_plan_cohort(pemda) == first
    assert Cohort.objects.filter(name=PLAN_COHORT).count() == 1
    assert AuditEvent.objects.filter(action="cohort.create", object_id=str(first.pk)).count() == 1
