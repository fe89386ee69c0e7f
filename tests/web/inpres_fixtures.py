"""A small 2026 fixture for the Inpres report tests, with its figures worked out by hand.

* Cohort "Pekerja rentan 2026" (APBD kabupaten, JKK + JKM, BPU at the lowest basis:
  Rp 10,000 + Rp 6,800 = Rp 16,800 per person per month) with 4 active members; a fifth
  pekerja rentan is registered but not enrolled. All five have DTSEN desil 2 (Oct 2025), so
  potential 5, active 4: 80.0 %.
* Coverage months January–August 2026: 4 × 16,800 = Rp 67,200 a month. Bills of January–March
  paid on 15 April 2026 (Rp 201,600); July's paid on 10 August 2026 (Rp 67,200).
  Semester 1: billed 6 × 67,200 = 403,200, paid 201,600. Semester 2: billed 2 × 67,200 =
  134,400, paid 67,200.
* Budget 2026: murni Rp 806,400 (4 × 12 × 16,800), perubahan Rp 900,000. Semester 1 shows the
  murni, semester 2 the perubahan.
* Regulations: one 2023–2025 (not in 2026), one in force from 2026-01-01, one ending on
  2026-01-01 (in semester 1 by one day), one from 2026-07-01 (semester 2 only).
* Claims: JKK paid Rp 70,000,000 on 30 June 2026 and JKM Rp 42,000,000 on 20 May 2026
  (semester 1); JKM Rp 42,000,000 paid 1 July 2026 (semester 2, event in semester 1); a
  covered JKM death submitted, not paid (benefit Rp 42,000,000); an uncovered death.
  Semester 1 events: 5 (4 covered, 1 not), 1 pending with Rp 42,000,000.

Claims are inserted directly: the claims services are built in parallel (issue 6); the agreed
model fields are what the report reads.
"""

from __future__ import annotations

from datetime import date

from kawal.accounts.models import User
from kawal.claims.models import Claim
from kawal.contributions.coverage import coverage_generate
from kawal.contributions.models import Bill, BudgetLine
from kawal.contributions.services import payment_record
from kawal.regions.models import Pemda
from kawal.registry.models import PovertyRecord, SegmentMembership
from kawal.reports.inpres_regulations import RegulationData, regulation_save

from .contributions_helpers import enrol, make_cohort, make_people

MONTHLY = 4 * 16_800


def build_inpres_fixture(pemda: Pemda, admin: User, finance: User) -> dict[str, object]:
    cohort = make_cohort(
        pemda,
        "Pekerja rentan 2026",
        fiscal_year=2026,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    people = make_people(pemda, 5)
    SegmentMembership.objects.bulk_create(
        [SegmentMembership(person=p, pemda=pemda, segment="pekerja_rentan") for p in people]
    )
    PovertyRecord.objects.bulk_create(
        [PovertyRecord(person=p, source="DTSEN", period=date(2025, 10, 1), desil=2) for p in people]
    )
    enrol(cohort, people[:4])
    coverage_generate(actor=finance, cohort=cohort, first=date(2026, 1, 1), last=date(2026, 8, 1))
    for month in (1, 2, 3):
        bill = Bill.objects.get(cohort=cohort, month=date(2026, month, 1))
        payment_record(
            actor=finance,
            bill=bill,
            paid_on=date(2026, 4, 15),
            amount=MONTHLY,
            reference=f"SP2D-{month}",
        )
    july = Bill.objects.get(cohort=cohort, month=date(2026, 7, 1))
    payment_record(
        actor=finance, bill=july, paid_on=date(2026, 8, 10), amount=MONTHLY, reference="SP2D-7"
    )
    for stage, amount in (("murni", 806_400), ("perubahan", 900_000)):
        BudgetLine.objects.create(
            pemda=pemda,
            fiscal_year=2026,
            stage=stage,
            account_code="5.1.02.05.01.0001",
            account_name="Iuran pekerja rentan",
            funding_source="apbd_kabupaten",
            amount=amount,
        )
    regulations = {
        "old": RegulationData(
            "perbup",
            "3 Tahun 2022",
            "Lama",
            date(2022, 12, 1),
            date(2023, 1, 1),
            date(2025, 12, 31),
        ),
        "current": RegulationData(
            "perbup", "12 Tahun 2025", "Berlaku", date(2025, 12, 1), date(2026, 1, 1)
        ),
        "one_day": RegulationData(
            "sk_bupati", "100/2025", "Sehari", date(2025, 6, 1), date(2025, 6, 1), date(2026, 1, 1)
        ),
        "later": RegulationData("se", "5/2026", "Mulai Juli", date(2026, 6, 20), date(2026, 7, 1)),
    }
    saved = {key: regulation_save(actor=admin, data=data) for key, data in regulations.items()}
    extra = make_people(pemda, 3, start=101)
    claimants = people[:3] + extra
    claims = [
        (
            claimants[0],
            "death",
            date(2026, 4, 2),
            "other",
            True,
            "jkm",
            42_000_000,
            "paid",
            42_000_000,
            date(2026, 5, 20),
        ),
        (
            claimants[1],
            "death",
            date(2026, 2, 10),
            "work_accident",
            True,
            "jkk",
            70_000_000,
            "paid",
            70_000_000,
            date(2026, 6, 30),
        ),
        (
            claimants[2],
            "death",
            date(2026, 6, 15),
            "other",
            True,
            "jkm",
            42_000_000,
            "paid",
            42_000_000,
            date(2026, 7, 1),
        ),
        (
            claimants[3],
            "death",
            date(2026, 6, 1),
            "other",
            True,
            "jkm",
            42_000_000,
            "submitted",
            None,
            None,
        ),
        (claimants[4], "death", date(2026, 3, 1), "other", False, "", 0, "reported", None, None),
    ]
    Claim.objects.bulk_create(
        [
            Claim(
                pemda=pemda,
                person=person,
                kind=kind,
                event_date=event,
                cause=cause,
                covered=covered,
                programme=programme,
                benefit_total=benefit,
                status=status,
                paid_amount=paid,
                paid_on=paid_on,
            )
            for (
                person,
                kind,
                event,
                cause,
                covered,
                programme,
                benefit,
                status,
                paid,
                paid_on,
            ) in (claims)
        ]
    )
    return {"cohort": cohort, "people": people, "regulations": saved}
