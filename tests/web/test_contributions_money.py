"""Reconciliation against planted invoices, payments, arrears, budget realisation, projection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kawal.contributions.coverage import coverage_generate
from kawal.contributions.models import Bill, CoverageMonth, ReconciliationItem
from kawal.contributions.reconcile import reconciliation_run
from kawal.contributions.selectors import (
    arrears,
    memberships_to_deactivate,
    projection,
    realisation,
)
from kawal.contributions.services import budget_line_add, payment_record
from kawal.demo.contributions_seed import cohort_invoice_lines, plant_differences, write_invoice
from kawal.enrolment.models import Cohort

from .contributions_helpers import enrol, make_cohort, make_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(make_user):
    return make_user("keuangan", "finance")


@pytest.fixture
def year(pemda, finance):
    """A 2023 cohort of 6 people with coverage and bills for the whole year."""
    cohort = make_cohort(pemda)
    people = make_people(pemda, 6)
    enrol(cohort, people)
    coverage_generate(actor=finance, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1))
    return cohort, people


def test_each_planted_difference_is_found(year, finance, tmp_path: Path):
    cohort, people = year
    dead = people[5]
    dead.date_of_death = date(2023, 10, 3)
    dead.save()
    lines = cohort_invoice_lines(cohort, date(2023, 11, 1))
    invoice, truth = plant_differences(lines)
    path = write_invoice(invoice, tmp_path / "tagihan.csv")
    rec = reconciliation_run(actor=finance, cohort=cohort, path=path, file_name="tagihan.csv")
    assert rec.counts == {**truth, "after_death": 1, "invalid_lines": 0}
    assert rec.invoice_lines == 6 - 3 + 1 + 2
    assert rec.invoice_total == 16_800 * 3 + 17_800 + 2 * 16_800
    assert rec.expected_total == 6 * 16_800
    items = {(i.category, i.nik): i for i in ReconciliationItem.objects.filter(reconciliation=rec)}
    assert {nik for cat, nik in items if cat == "not_billed"} == {p.nik for p in people[:3]}
    twice = items[("twice", people[3].nik)]
    assert (twice.billed_times, twice.billed_amount, twice.expected_amount) == (2, 33_600, 16_800)
    changed = items[("amount", people[4].nik)]
    assert (changed.billed_amount, changed.expected_amount) == (17_800, 16_800)
    assert changed.name == "Peserta 5"
    assert changed.village_name == "Wamelai"
    after = items[("after_death", dead.nik)]
    assert after.month == date(2023, 11, 1)
    stranger = items[("not_ours", "7413019999990001")]
    assert (stranger.person_id, stranger.name, stranger.billed_amount) == (
        None,
        "Bukan Peserta Satu",
        16_800,
    )


def test_invoice_template_reads_xlsx_headers_and_counts_bad_lines(year, finance, tmp_path):
    cohort, people = year
    frame = pl.DataFrame(
        {
            "No KPJ": ["1", "2", "3"],
            "Nama Peserta": ["Peserta 1", "Peserta 2", "X"],
            "Nomor Identitas": [people[0].nik, people[1].nik, "123"],
            "Periode Iuran": ["01/2023", "2023-01-31", "01/2023"],
            "Jumlah Iuran": ["Rp 16.800", "16800", "16.800"],
        }
    )
    path = tmp_path / "roster.xlsx"
    frame.write_excel(path)
    rec = reconciliation_run(actor=finance, cohort=cohort, path=path, file_name="roster.xlsx")
    assert rec.counts["invalid_lines"] == 1
    assert rec.counts["not_billed"] == 4
    assert rec.matched == 2
    assert rec.counts["amount"] == 0


def test_payment_marks_the_bill_months_paid_once_fully_paid(year, finance, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    cohort, _people = year
    bill = Bill.objects.get(cohort=cohort, month=date(2023, 3, 1))
    assert bill.total == 6 * 16_800
    part = payment_record(
        actor=finance, bill=bill, paid_on=date(2023, 4, 10), amount=50_000, reference="SP2D-1"
    )
    assert (part.paid_total, part.months_marked_paid) == (50_000, 0)
    doc = SimpleUploadedFile("sp2d maret.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")
    full = payment_record(
        actor=finance,
        bill=bill,
        paid_on=date(2023, 4, 12),
        amount=50_800,
        reference="SP2D-2",
        document=doc,
    )
    assert (full.paid_total, full.months_marked_paid) == (100_800, 12)
    assert CoverageMonth.objects.filter(status="paid").count() == 12
    assert set(CoverageMonth.objects.filter(status="paid").values_list("month", flat=True)) == {
        date(2023, 3, 1)
    }
    stored = tmp_path / "contributions" / full.payment.document
    assert stored.read_bytes() == b"%PDF-1.4 bukti"
    assert full.payment.document_name == "sp2d maret.pdf"


def test_arrears_warn_at_two_and_lapse_at_three_unpaid_months(year, finance):
    cohort, people = year
    for bill in Bill.objects.filter(cohort=cohort, month__lte=date(2023, 4, 1)):
        payment_record(
            actor=finance,
            bill=bill,
            paid_on=bill.month,
            amount=bill.total,
            reference=f"SP2D-{bill.month:%m}",
        )
    # One member also has May paid (their months set paid directly: a partial roster payment).
    CoverageMonth.objects.filter(person=people[0], month=date(2023, 5, 1)).update(status="paid")
    june = arrears(cohort, date(2023, 6, 1))  # May + June unpaid for five, June for one
    assert len(june.warn) == 5
    assert june.lapse == ()
    july = arrears(cohort, date(2023, 7, 15))
    assert {r.person_id for r in july.warn} == {people[0].pk}
    assert len(july.lapse) == 5
    assert {r.unpaid_months for r in july.lapse} == {3}
    assert sorted(memberships_to_deactivate(cohort, date(2023, 7, 1))) == sorted(
        r.membership_id for r in july.lapse
    )


def test_budget_realisation_and_next_year_projection(year, finance):
    cohort, _people = year
    murni = budget_line_add(
        actor=finance,
        fiscal_year=2023,
        stage="murni",
        account_code="5.1.02.05.01.0001",
        funding_source="apbd_kabupaten",
        cohort_id=cohort.pk,
        amount=1_000_000,
    )
    jkk = budget_line_add(
        actor=finance,
        fiscal_year=2023,
        stage="perubahan",
        account_code="5.1.02.02.02.0006",
        funding_source="apbd_kabupaten",
        programme="jkk",
        amount=720_000,
    )
    for bill in Bill.objects.filter(cohort=cohort, month__lte=date(2023, 2, 1)):
        payment_record(
            actor=finance,
            bill=bill,
            paid_on=bill.month,
            amount=bill.total,
            reference=f"SP2D-{bill.month:%m}",
        )
    rows = {r.line.pk: r for r in realisation(finance, 2023)}
    assert (rows[murni.pk].billed, rows[murni.pk].paid) == (6 * 12 * 16_800, 2 * 6 * 16_800)
    assert (rows[jkk.pk].billed, rows[jkk.pk].paid) == (6 * 12 * 10_000, 2 * 6 * 10_000)
    assert rows[jkk.pk].billed_percent == 100.0
    # Only a cohort still running in December 2025 is continued into 2026.
    assert projection(finance, 2026) == []
    Cohort.objects.update(period_end=date(2025, 12, 31))
    [next_year] = projection(finance, 2026)
    # 2026 Jan–Dec for public budgets: no PP 50/2025 discount, Rp 16,800 a month.
    assert (next_year.persons, next_year.total) == (6, 6 * 12 * 16_800)
    assert next_year.by_programme == {"jkk": 720_000, "jkm": 489_600}
