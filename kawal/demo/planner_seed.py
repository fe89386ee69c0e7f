"""The demo's planning target: an empty "Pekerja rentan 2027" cohort for the budget planner.

A Dinas officer plans next year's cohort within a ceiling (``/contributions/plan/``, or
``kawal rencana``). The cohort is made through :func:`kawal.enrolment.services.cohort_save`
(audited) with a wider poverty rule than 2026 — DTSEN desil ≤ 5 instead of ≤ 4 — so the
planner has a choice to make: 10,421 demo pekerja rentan are eligible; Rp 2,016,000,000
(10,000 people × 12 months × Rp 16,800) covers 10,000 and leaves 421 on the reserve list,
while the 2023 ceiling of Rp 2,101,478,400 covers all of them with Rp 604,800 left.

No plan is saved here: that is left to the user. Idempotent (found by name).
"""

from __future__ import annotations

from datetime import date

from kawal.accounts.models import User
from kawal.enrolment.models import Cohort
from kawal.enrolment.services import CohortData, cohort_save
from kawal.regions.models import Pemda

PLAN_COHORT = "Pekerja rentan 2027 (APBD Kab. Muna Barat)"


def ensure_demo_plan_cohort(pemda: Pemda) -> Cohort | None:
    """Create the empty 2027 cohort once; ``None`` when the demo has no Dinas admin."""
    existing = Cohort.objects.filter(pemda=pemda, name=PLAN_COHORT).first()
    if existing is not None:
        return existing
    admin = User.objects.filter(pemda=pemda, username="admin.dinas").first()
    if admin is None:
        return None
    return cohort_save(
        actor=admin,
        data=CohortData(
            name=PLAN_COHORT,
            segment="pekerja_rentan",
            fiscal_year=2027,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 12, 31),
            legal_basis="Perbup Muna Barat tentang perlindungan pekerja rentan (contoh demo)",
            programmes=["jkk", "jkm"],
            funding_source="apbd_kabupaten",
            budget_account="5.1.02.05.01.0001",
            max_desil=5,
            poverty_sources=["DTSEN"],
        ),
        reason="Data demo sintetis (kawal demo): sasaran perencanaan anggaran 2027",
    )
