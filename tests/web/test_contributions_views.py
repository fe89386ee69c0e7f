"""The bills, reconciliation and budget pages, the CLI and the demo seed; scope by pemda."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from kawal.accounts.models import AuditEvent, User
from kawal.contributions.coverage import coverage_generate
from kawal.contributions.models import Bill, BudgetLine, CoverageMonth, Payment, Reconciliation
from kawal.demo.contributions_seed import (
    cohort_invoice_lines,
    plant_differences,
    seed_contributions,
    write_invoice,
)
from kawal.regions.models import Pemda

from .contributions_helpers import enrol, make_cohort, make_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(make_user) -> User:
    return make_user("keuangan", "finance")


@pytest.fixture
def billed(pemda, finance):
    cohort = make_cohort(pemda)
    enrol(cohort, make_people(pemda, 4))
    coverage_generate(actor=finance, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1))
    return cohort


@pytest.fixture
def outsider() -> User:
    muna = Pemda.objects.create(region_id="7403", name="Kabupaten Muna")
    return User.objects.create(username="keuangan.muna", role="finance", pemda=muna)


def test_finance_sees_bills_and_totals(client, finance, billed):
    client.force_login(finance)
    page = client.get(reverse("contributions:cohort", args=[billed.pk]))
    assert page.status_code == 200
    assert "Rp 806,400" in page.content.decode() or "Rp 806.400" in page.content.decode()
    bill = Bill.objects.get(cohort=billed, month=date(2023, 1, 1))
    detail = client.get(reverse("contributions:bill", args=[bill.pk]))
    assert detail.status_code == 200
    assert detail.context["bill"].total == 4 * 16_800


def test_finance_of_another_pemda_gets_404_everywhere(client, outsider, billed, finance, tmp_path):
    lines = cohort_invoice_lines(billed, date(2023, 1, 1))
    invoice, _truth = plant_differences(lines)
    from kawal.contributions.reconcile import reconciliation_run

    path = write_invoice(invoice, tmp_path / "t.csv")
    rec = reconciliation_run(actor=finance, cohort=billed, path=path, file_name="t.csv")
    bill = Bill.objects.filter(cohort=billed).first()
    client.force_login(outsider)
    for url in (
        reverse("contributions:cohort", args=[billed.pk]),
        reverse("contributions:bill", args=[bill.pk]),
        reverse("contributions:reconciliation", args=[rec.pk]),
    ):
        assert client.get(url).status_code == 404, url
    post = client.post(
        reverse("contributions:bill", args=[bill.pk]),
        {"paid_on": "2023-02-01", "amount": "1", "reference": "X"},
    )
    assert post.status_code == 404
    assert not Payment.objects.exists()
    assert client.get(reverse("contributions:list")).context["cohorts"].count() == 0


def test_operator_cannot_open_contributions(client, operator_wamelai, billed):
    client.force_login(operator_wamelai)
    assert client.get(reverse("contributions:list")).status_code == 404
    assert client.get(reverse("contributions:cohort", args=[billed.pk])).status_code == 404


def test_payment_form_marks_paid_and_auditor_cannot_pay(client, finance, auditor, billed):
    bill = Bill.objects.get(cohort=billed, month=date(2023, 2, 1))
    client.force_login(auditor)
    denied = client.post(
        reverse("contributions:bill", args=[bill.pk]),
        {"paid_on": "2023-03-01", "amount": "67200", "reference": "SP2D-02"},
    )
    assert denied.status_code == 403
    client.force_login(finance)
    done = client.post(
        reverse("contributions:bill", args=[bill.pk]),
        {"paid_on": "2023-03-01", "amount": "67200", "reference": "SP2D-02"},
    )
    assert done.status_code == 302
    assert CoverageMonth.objects.filter(status="paid").count() == 8
    assert AuditEvent.objects.filter(action="contributions.payment_record").count() == 1


def test_reconciliation_upload_lists_differences_with_masked_nik(client, finance, billed, tmp_path):
    invoice, truth = plant_differences(cohort_invoice_lines(billed, date(2023, 6, 1)))
    path = write_invoice(invoice, tmp_path / "juni.csv")
    client.force_login(finance)
    with path.open("rb") as handle:
        response = client.post(
            reverse("contributions:reconcile", args=[billed.pk]),
            {"file": handle, "template": "bpjs_default"},
        )
    rec = Reconciliation.objects.get()
    assert response.status_code == 302
    assert rec.counts["not_billed"] == 3
    assert rec.counts["not_ours"] == 2
    page = client.get(reverse("contributions:reconciliation", args=[rec.pk]) + "?kategori=not_ours")
    html = page.content.decode()
    assert "Bukan Peserta Satu" in html
    assert "7413**********01" in html
    assert "7413019999990001" not in html
    assert page.context["page"].paginator.count == 2


def test_budget_page_and_form(client, finance, billed):
    client.force_login(finance)
    response = client.post(
        reverse("contributions:budget") + "?tahun=2023",
        {
            "fiscal_year": "2023",
            "stage": "murni",
            "account_code": "5.1.02.05.01.0001",
            "funding_source": "apbd_kabupaten",
            "cohort": str(billed.pk),
            "amount": "806400",
        },
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    page = client.get(reverse("contributions:budget") + "?tahun=2023")
    [row] = page.context["rows"]
    assert (row.line, row.billed, row.paid, row.billed_percent) == (line, 806_400, 0, 100.0)
    assert page.context["total"] == 806_400


def test_cli_generate_and_reconcile(pemda, finance, tmp_path):
    cohort = make_cohort(pemda)
    enrol(cohort, make_people(pemda, 3))
    out = io.StringIO()
    args = ["generate", "--cohort", str(cohort.pk), "--from", "2023-01", "--to", "2023-03"]
    call_command("tagihan", *args, "--json", "--user", "keuangan", stdout=out)
    assert json.loads(out.getvalue()) == {
        "kohort": cohort.pk,
        "bulan": "2023-01..2023-03",
        "bulan_kepesertaan": 18,
        "bentrok": 0,
        "tagihan_baru": 3,
        "belum_ditagih": 0,
    }
    invoice, _truth = plant_differences(cohort_invoice_lines(cohort, date(2023, 3, 1)))
    path = write_invoice(invoice, tmp_path / "maret.csv")
    out = io.StringIO()
    call_command(
        "tagihan", "reconcile", str(path), "--cohort", str(cohort.pk), "--json", stdout=out
    )
    payload = json.loads(out.getvalue())
    assert payload["selisih"]["not_billed"] == 3
    assert payload["selisih"]["not_ours"] == 2
    out = io.StringIO()
    call_command("tagihan", "arrears", "--cohort", str(cohort.pk), "--as-of", "2023-03", stdout=out)
    assert "non_aktif_3_bulan     : 3" in out.getvalue()


def test_demo_seed_builds_the_2023_muna_barat_budget(pemda, finance, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    people = make_people(pemda, 10_424)
    from kawal.registry.models import SegmentMembership

    SegmentMembership.objects.bulk_create(
        [SegmentMembership(person=p, pemda=pemda, segment="pekerja_rentan") for p in people],
        batch_size=5_000,
    )
    demo = seed_contributions(pemda)
    bills = Bill.objects.filter(cohort_id=demo.cohort_id)
    assert sum(b.total for b in bills) == 2_101_478_400
    assert BudgetLine.objects.get().amount == 2_101_478_400
    assert Payment.objects.count() == 10
    rec = Reconciliation.objects.get(pk=demo.reconciliation_id)
    assert {k: rec.counts[k] for k in ("not_ours", "not_billed", "twice", "amount")} == {
        "not_ours": 2,
        "not_billed": 3,
        "twice": 1,
        "amount": 1,
    }
    assert demo.invoice.exists()
    again = seed_contributions(pemda)
    assert again.reconciliation_id is None
    assert Bill.objects.count() == 12
