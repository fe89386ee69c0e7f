"""The dashboard's budget, arrears and claims sections and their drill-down lists."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kawal.claims.models import Claim
from kawal.contributions.coverage import coverage_generate
from kawal.contributions.models import Bill
from kawal.contributions.services import budget_line_add, payment_record
from tests.web.dashboard_helpers import AS_OF, make_coverage_fixture

pytestmark = pytest.mark.django_db
DAY = AS_OF.isoformat()


@pytest.fixture
def money(pemda, dinas_admin, make_user):
    """The fixture's 2026 rentan cohort billed January–June, paid January–February, a pagu of
    Rp 1,000,000 and four claims (paid, pending, rejected, uncovered)."""
    fixture = make_coverage_fixture(pemda)
    finance = make_user("keuangan", "finance")
    cohort = fixture.rentan
    coverage_generate(actor=finance, cohort=cohort, first=date(2026, 1, 1), last=date(2026, 6, 1))
    for bill in Bill.objects.filter(cohort=cohort, month__lte=date(2026, 2, 1)):
        payment_record(
            actor=finance, bill=bill, paid_on=bill.month, amount=bill.total, reference="SP2D"
        )
    budget_line_add(
        actor=finance,
        fiscal_year=2026,
        stage="murni",
        account_code="5.1.02.05.01.0001",
        account_name="Iuran pekerja rentan",
        funding_source="apbd_kabupaten",
        cohort_id=cohort.pk,
        amount=1_000_000,
    )
    people = fixture.people
    common = {"pemda": pemda, "kind": "death", "cause": "other", "programme": "jkm"}
    Claim.objects.bulk_create(
        [
            Claim(
                person=people["w1"],
                event_date=date(2026, 3, 2),
                covered=True,
                benefit_total=42_000_000,
                status="paid",
                paid_amount=42_000_000,
                paid_on=date(2026, 4, 1),
                **common,
            ),
            Claim(
                person=people["w9"],
                event_date=date(2026, 5, 2),
                covered=True,
                benefit_total=42_000_000,
                status="submitted",
                **common,
            ),
            Claim(
                person=people["w3"],
                event_date=date(2026, 5, 3),
                covered=True,
                benefit_total=42_000_000,
                status="rejected",
                reject_reason="Dokumen tidak sah",
                **common,
            ),
            Claim(
                person=people["w2"],
                event_date=date(2026, 5, 4),
                covered=False,
                status="reported",
                **common,
            ),
        ]
    )
    return fixture, finance


def test_budget_arrears_and_claims_sections(money, dinas_admin, client):
    fixture, _finance = money
    client.force_login(dinas_admin)
    response = client.get(reverse("reports:dashboard"), {"tanggal": DAY})
    assert response.status_code == 200
    ctx = response.context
    # The realisation against the one budget line is what the bills hold: all six months
    # billed, January and February paid.
    [row] = ctx["budget"]
    # w1 and w3 × 6 months × Rp 16,800 billed; × 2 months paid
    assert (row.line.amount, row.billed, row.paid) == (1_000_000, 201_600, 67_200)
    # Only the members active when coverage was generated are billed (w1, w3; the others had
    # ended or were never active): March–June unpaid on 15 June is four months, past the
    # three-month mark, and nobody is at the two-month warning.
    [arrears] = [a for a in ctx["arrears"] if a.cohort == fixture.rentan]
    assert len(arrears.warn) == 0
    lapsed = {r.person_id: r.unpaid_months for r in arrears.lapse}
    assert lapsed == {fixture.people["w1"].pk: 4, fixture.people["w3"].pk: 4}
    claims = ctx["claims"]
    assert (claims.paid, claims.paid_amount) == (1, 42_000_000)
    assert (claims.pending, claims.pending_amount) == (1, 42_000_000)
    assert (claims.rejected, claims.uncovered) == (1, 1)
    listed = client.get(reverse("reports:claims"), {"kelompok": "uncovered"})
    assert [c.person_id for c in listed.context["page"].object_list] == [fixture.people["w2"].pk]
    listed = client.get(reverse("reports:claims"), {"kelompok": "pending"})
    assert [c.person_id for c in listed.context["page"].object_list] == [fixture.people["w9"].pk]
    assert client.get(reverse("reports:claims"), {"kelompok": "x"}).status_code == 404


def test_finance_sees_money_an_operator_only_their_desa(money, operator_wamelai, client):
    client.force_login(operator_wamelai)
    ctx = client.get(reverse("reports:dashboard"), {"tanggal": DAY}).context
    assert ctx["budget"] == []  # village operators do not read contributions
    claims = ctx["claims"]
    assert (claims.paid, claims.pending, claims.rejected, claims.uncovered) == (1, 1, 1, 1)
