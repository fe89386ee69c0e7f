"""The demo's claims: 2026 coverage of the pekerja rentan cohort, and a handful of claims.

The enrolment seed makes "Pekerja rentan 2026 (APBD Kab. Muna Barat)" active from January 2026,
but nothing funds its months. :func:`ensure_rentan_2026_coverage` generates its coverage months
January–November 2026 with the contributions generator (set-based) and records the payments of
January–October, so a death in January–October 2026 of an active member is **covered** (JKM
Rp 42,000,000) and one in November is not (billed, unpaid).

:func:`seed_claims` then reports, through the claims services as the demo users would, seven
**work accidents** (JKK) in various states: paid, submitted, documents complete, just reported,
rejected, and two not covered (November 2023 billed but never paid; a 2023 member left out of
the 2026 cohort, so no membership on the day). No death is seeded on purpose: a death changes the
seed's figures (12,694 people, 10,424 living pekerja rentan, the 2026 funnel and decree list) that
the other demo tests and pages rely on. A covered 2026 death is left for the user to record
(``docs/claims.md``). Idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kawal.accounts.models import User
from kawal.claims.checklist import required_documents
from kawal.claims.models import Claim
from kawal.claims.services import claim_report
from kawal.claims.tracking import claim_document_add, claim_pay, claim_reject, claim_submit
from kawal.contributions.coverage import coverage_generate
from kawal.contributions.models import Bill
from kawal.contributions.services import budget_line_add, payment_record
from kawal.enrolment.models import Cohort, Membership
from kawal.pdf import pdf_document, show
from kawal.regions.models import Pemda

from .contributions_seed import COHORT_NAME as COHORT_2023
from .enrolment_seed import RENTAN

PAID_THROUGH = 10  # January–October 2026 paid; November billed, not paid
WORK, DISEASE = "work_accident", "occupational_disease"


@dataclass(frozen=True)
class ClaimsDemo:
    coverage_months: int
    claims: int


def ensure_rentan_2026_coverage(pemda: Pemda) -> int:
    """Coverage months Jan–Nov 2026 for the 2026 pekerja rentan cohort, Jan–Oct paid, and its
    2026 budget line (the quota for twelve months)."""
    cohort = Cohort.objects.filter(pemda=pemda, name=RENTAN).first()
    if cohort is None or Bill.objects.filter(cohort=cohort).exists():
        return 0
    finance = User.objects.filter(pemda=pemda, role="finance").order_by("id").first()
    with transaction.atomic():
        result = coverage_generate(
            actor=finance, cohort=cohort, first=date(2026, 1, 1), last=date(2026, 11, 1)
        )
        if finance is not None and cohort.quota:
            # The 2026 pagu: the quota for 12 months at Rp 16,800 (the realisation is read
            # against it on the budget page, the dashboard and the Inpres report).
            budget_line_add(
                actor=finance,
                fiscal_year=2026,
                stage="murni",
                account_code=cohort.budget_account,
                account_name="Iuran BPJS Ketenagakerjaan pekerja rentan (JKK + JKM)",
                funding_source=cohort.funding_source,
                cohort_id=cohort.pk,
                amount=cohort.quota * 12 * 16_800,
            )
        for bill in Bill.objects.filter(cohort=cohort, month__month__lte=PAID_THROUGH):
            payment_record(
                actor=finance,
                bill=bill,
                paid_on=date(2026, bill.month.month, 20),
                amount=bill.total,
                reference=f"SP2D/{bill.month:%m}/BPKAD/2026",
            )
    return result.inserted


def _pdf(title: str) -> SimpleUploadedFile:
    page = show(60, 520, title, size=14, bold=True) + show(60, 496, "Dokumen contoh demo Kawal.")
    return SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.pdf", pdf_document([page]))


def seed_claims(pemda: Pemda) -> ClaimsDemo:
    """A handful of claims in various states (see the module docstring). Idempotent."""
    months = ensure_rentan_2026_coverage(pemda)
    if Claim.objects.filter(pemda=pemda).exists():
        return ClaimsDemo(months, 0)
    users = {u.username: u for u in User.objects.filter(pemda=pemda)}
    admin, liaison = users.get("admin.dinas"), users.get("bpjs")
    if admin is None or liaison is None:
        return ClaimsDemo(months, 0)
    # The claims are of 2023 members who are in no 2026 cohort, so the 2026 cohorts (and their
    # decree list) stay as the enrolment seed made them.
    in_2026 = Membership.objects.filter(cohort__fiscal_year__gte=2026).values("person_id")
    members = list(
        Membership.objects.filter(cohort__name=COHORT_2023, cohort__pemda=pemda, status="active")
        .exclude(person_id__in=in_2026)
        .order_by("-person_id")
        .values_list("person_id", flat=True)[:7]
    )
    if len(members) < 7:
        return ClaimsDemo(months, 0)
    made = []

    def report(pid: int, day: date, cause: str, place: str, source: str = "village") -> Claim:
        claim = claim_report(
            actor=admin,
            person_id=pid,
            kind="accident",
            event_date=day,
            cause=cause,
            place=place,
            source=source,
        )
        made.append(claim)
        return claim

    def documents(claim: Claim) -> None:
        for kind in required_documents(claim.kind, claim.programme):
            claim_document_add(actor=admin, claim_id=claim.pk, kind=kind, document=_pdf(kind))

    paid = report(members[0], date(2023, 3, 12), WORK, "Jatuh dari pohon jambu mete, Lawa")
    documents(paid)
    claim_submit(actor=liaison, claim_id=paid.pk, submitted_on=date(2023, 3, 30))
    claim_pay(
        actor=liaison,
        claim_id=paid.pk,
        amount=8_750_000,
        paid_on=date(2023, 4, 21),
        reference="JKK/KDI/2023/000123",
    )
    pending = report(members[1], date(2023, 8, 5), DISEASE, "Tambak garam, Tiworo", "family")
    documents(pending)
    claim_submit(actor=liaison, claim_id=pending.pk, submitted_on=date(2023, 8, 25))
    documents(report(members[2], date(2023, 9, 18), WORK, "Jalan desa ke kebun"))
    report(members[3], date(2023, 10, 7), WORK, "Perahu nelayan, Selat Tiworo", "family")
    rejected = report(members[4], date(2023, 6, 2), WORK, "Rumah")
    claim_reject(
        actor=liaison,
        claim_id=rejected.pk,
        reason="Kejadian di rumah, bukan dalam hubungan kerja",
    )
    # November 2023 billed, never paid: not covered.
    report(members[5], date(2023, 11, 9), WORK, "Kebun kelapa")
    # Covered in 2023, left out of 2026: no membership on the day (the budget argument).
    report(members[6], date(2026, 7, 14), WORK, "Pasar Laworo")
    return ClaimsDemo(months, len(made))
