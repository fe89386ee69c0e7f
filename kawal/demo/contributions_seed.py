"""The demo's contributions: Muna Barat's 2023 pekerja rentan budget, bills, payments, an invoice.

Muna Barat paid BPJS Ketenagakerjaan for 10,424 pekerja rentan in 2023: 10,424 × 12 months ×
Rp 16,800 = **Rp 2,101,478,400**. :func:`seed_contributions` builds that year — coverage months,
twelve bills, payments of January to October (so November and December show as arrears), the
APBD line and its realisation — and writes an insurer invoice for December with planted
differences (:func:`plant_differences`), then reconciles it.

The demo's memberships belong to the enrolment app, which is being built in parallel. Until its
seed creates them, :func:`ensure_demo_memberships` (clearly separate, and a no-op once the cohort
has active members) makes the cohort and its 10,424 active memberships with one
batched ``bulk_create`` from the registry's pekerja rentan.

Idempotent: a second run finds the cohort's bills and does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction

from kawal.accounts.models import User
from kawal.contributions.coverage import coverage_generate
from kawal.contributions.models import Bill, Difference
from kawal.contributions.reconcile import reconciliation_run
from kawal.contributions.services import budget_line_add, payment_record
from kawal.enrolment.models import Cohort, Membership
from kawal.intake.bulk import read_frame
from kawal.regions.models import Pemda
from kawal.registry.models import Person

COHORT_NAME = "Pekerja rentan 2023 (APBD Kab. Muna Barat)"
MEMBERS = 10_424
#: No dedicated account exists for pekerja rentan (domain-rules §5.2): the demo assumes a
#: 5.1.02.05 "uang/jasa untuk diberikan kepada pihak ketiga/masyarakat" line; confirm with BPKAD.
DEMO_ACCOUNT = "5.1.02.05.01.0001"
INVOICE_NAME = "tagihan-bpjs-desember-2023-demo.csv"
PAID_THROUGH = 10  # January to October paid; November and December are arrears


@dataclass(frozen=True)
class ContributionsDemo:
    cohort_id: int
    bills: int
    reconciliation_id: int | None
    invoice: Path | None


def ensure_demo_memberships(pemda: Pemda) -> Cohort:
    """The 2023 cohort with 10,424 active members (stand-in until the enrolment seed exists)."""
    cohort, _created = Cohort.objects.get_or_create(
        pemda=pemda,
        name=COHORT_NAME,
        defaults={
            "segment": "pekerja_rentan",
            "fiscal_year": 2023,
            "period_start": date(2023, 1, 1),
            "period_end": date(2023, 12, 31),
            "legal_basis": "Perbup Muna Barat tentang perlindungan pekerja rentan (contoh demo)",
            "programmes": ["jkk", "jkm"],
            "funding_source": "apbd_kabupaten",
            "budget_account": DEMO_ACCOUNT,
            "quota": MEMBERS,
        },
    )
    if Membership.objects.filter(cohort=cohort, status="active").exists():
        return cohort
    # bulk_create (batched), not raw SQL: the enrolment model is still changing and its
    # defaults must apply.
    people = (
        Person.objects.filter(
            pemda=pemda, date_of_death__isnull=True, segments__segment="pekerja_rentan"
        )
        .exclude(memberships__cohort=cohort)
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()[:MEMBERS]
    )
    Membership.objects.bulk_create(
        [
            Membership(cohort=cohort, person_id=pid, status="active", start_date=date(2023, 1, 1))
            for pid in people
        ],
        batch_size=2_000,
    )
    return cohort


def plant_differences(expected: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, int]]:
    """An insurer invoice from ``expected`` (nik, name, month, amount) with planted differences.

    Deterministic: by NIK order, lines 0–2 are dropped (not billed), line 3 is doubled (billed
    twice), line 4 is billed Rp 1,000 more (amount differs), and two NIKs nobody holds are added
    (billed but not ours). Returns the invoice and the count planted per category.
    """
    rows = expected.sort("nik", "month")
    dropped = rows.slice(0, 3)
    twice = rows.slice(3, 1)
    changed = rows.slice(4, 1).with_columns(pl.col("amount") + 1_000)
    rest = rows.slice(5)
    month = rows["month"].min()
    strangers = pl.DataFrame(
        {
            "nik": ["7413019999990001", "7413019999990002"],
            "name": ["Bukan Peserta Satu", "Bukan Peserta Dua"],
            "month": [month, month],
            "amount": [16_800, 16_800],
        },
        schema=rows.schema,
    )
    invoice = pl.concat([twice, twice, changed, rest, strangers])
    truth = {
        str(Difference.NOT_BILLED): dropped.height,
        str(Difference.TWICE): 1,
        str(Difference.AMOUNT): 1,
        str(Difference.NOT_OURS): 2,
        str(Difference.AFTER_DEATH): 0,
    }
    return invoice, truth


def write_invoice(invoice: pl.DataFrame, path: Path) -> Path:
    """The invoice as the insurer's CSV (``NIK, Nama, Bulan, Iuran``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    invoice.select(
        pl.col("nik").alias("NIK"),
        pl.col("name").alias("Nama"),
        pl.col("month").dt.strftime("%Y-%m").alias("Bulan"),
        pl.col("amount").alias("Iuran"),
    ).write_csv(path)
    return path


def cohort_invoice_lines(cohort: Cohort, month: date) -> pl.DataFrame:
    """What the cohort expects for ``month``: one line per NIK (all programmes summed)."""
    return read_frame(
        "SELECT p.nik, p.full_name, c.month, SUM(c.amount) FROM contributions_coveragemonth c "
        "JOIN registry_person p ON p.id = c.person_id WHERE c.cohort_id = %s AND c.month = %s "
        "GROUP BY p.nik, p.full_name, c.month",
        [cohort.pk, month],
        {"nik": pl.String, "name": pl.String, "month": pl.Date, "amount": pl.Int64},
    )


def seed_contributions(pemda: Pemda, *, actor: User | None = None) -> ContributionsDemo:
    """Build the demo's 2023 contributions (see the module docstring). Idempotent."""
    actor = actor or User.objects.filter(pemda=pemda, role="finance").order_by("id").first()
    cohort = ensure_demo_memberships(pemda)
    if Bill.objects.filter(cohort=cohort).exists():
        return ContributionsDemo(cohort.pk, Bill.objects.filter(cohort=cohort).count(), None, None)
    with transaction.atomic():
        result = coverage_generate(
            actor=actor, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1)
        )
        if actor is not None:
            budget_line_add(
                actor=actor,
                fiscal_year=2023,
                stage="murni",
                account_code=DEMO_ACCOUNT,
                account_name="Iuran BPJS Ketenagakerjaan pekerja rentan (JKK + JKM)",
                funding_source="apbd_kabupaten",
                cohort_id=cohort.pk,
                amount=MEMBERS * 12 * 16_800,
            )
        for bill in Bill.objects.filter(cohort=cohort, month__month__lte=PAID_THROUGH):
            payment_record(
                actor=actor,
                bill=bill,
                paid_on=date(2023, bill.month.month, 20),
                amount=bill.total,
                reference=f"SP2D/{bill.month:%m}/BPKAD/2023",
            )
    invoice, _truth = plant_differences(cohort_invoice_lines(cohort, date(2023, 12, 1)))
    path = write_invoice(invoice, Path(settings.DATA_DIR) / "contributions" / "demo" / INVOICE_NAME)
    rec = reconciliation_run(actor=actor, cohort=cohort, path=path, file_name=INVOICE_NAME)
    return ContributionsDemo(cohort.pk, result.bills, rec.pk, path)
