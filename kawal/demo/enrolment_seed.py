"""The demo's enrolment: two Muna Barat cohorts with memberships in realistic states.

Set-based and idempotent (a second run finds the cohorts and adds nothing):

- "Pekerja rentan 2026 (APBD Kab. Muna Barat)": quota 9,500, desil ≤ 4 from DTSEN. Eligible
  pekerja rentan (evaluated set-based) are active from January 2026 with a KPJ, frozen in
  decree version 1, up to the quota less 30 places (the ten Wamelai proposals below and twenty
  for a demo user's own proposals); the rest wait on the reserve list. Wamelai and Lagadi are
  left mostly unproposed so a village operator can propose; five Wamelai residents are proposed
  (waiting for the verifier) and five verified (waiting for a Dinas admin who did not propose).
- "Pegawai non-ASN 2026": every non-ASN employee active.

The seed writes one summary audit event per cohort, not one per membership (demo data).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from kawal.accounts.models import AuditEvent, User
from kawal.enrolment.decrees import DecreeData, decree_freeze
from kawal.enrolment.models import Cohort, Membership
from kawal.enrolment.selectors import eligibility_of
from kawal.regions.models import Pemda
from kawal.registry.models import Person

RENTAN = "Pekerja rentan 2026 (APBD Kab. Muna Barat)"
NON_ASN = "Pegawai non-ASN 2026"
START = date(2026, 1, 1)
KEEP_OPEN = ("7413031007", "7413032001")  # Wamelai, Lagadi: left for the operators to propose
BATCH = 2_000
#: Free quota places a demo user's own proposals can take before the reserve list starts.
OPERATOR_ROOM = 20


def _cohort(pemda: Pemda, admin: User, name: str, segment: str, **extra: object) -> Cohort:
    return Cohort.objects.create(
        pemda=pemda,
        name=name,
        segment=segment,
        fiscal_year=2026,
        period_start=START,
        period_end=date(2026, 12, 31),
        programmes=["jkk", "jkm"],
        created_by=admin,
        **extra,
    )


def ensure_demo_enrolment(pemda: Pemda) -> bool:
    """Create the demo cohorts and memberships once; returns whether anything was created."""
    if Cohort.objects.filter(pemda=pemda, name=RENTAN).exists():
        return False
    admin = User.objects.get(username="admin.dinas")
    operator = User.objects.get(username="operator.wamelai")
    verifier = User.objects.get(username="verifikator.lawa")
    now = timezone.now()
    with transaction.atomic():
        rentan = _cohort(
            pemda,
            admin,
            RENTAN,
            "pekerja_rentan",
            legal_basis="Perbup Muna Barat Nomor 12 Tahun 2025",
            budget_account="5.1.02.05.01.0001",
            max_desil=4,
            poverty_sources=["DTSEN"],
            quota=9_500,
        )
        non_asn = _cohort(
            pemda,
            admin,
            NON_ASN,
            "non_asn",
            legal_basis="Inpres 2/2021; SE Mendagri 842.2/5193/SJ",
            budget_account="5.1.02.02.02.0006",
        )
        people = list(
            Person.objects.filter(pemda=pemda, segments__segment="pekerja_rentan")
            .order_by("id")
            .values_list("pk", "domicile_village_id")
        )
        verdict = eligibility_of(rentan, [p for p, _v in people], on=START)
        eligible = set(verdict.filter(verdict["eligible"])["person_id"].to_list())
        open_village = [p for p, v in people if v in KEEP_OPEN and p in eligible]
        elsewhere = [p for p, v in people if v not in KEEP_OPEN and p in eligible]
        # In-quota places left after the ten Wamelai proposals and OPERATOR_ROOM places for the
        # operators' own proposals; the rest wait on the reserve list.
        room = rentan.quota - min(10, len(open_village)) - OPERATOR_ROOM
        active, reserve = elsewhere[:room], elsewhere[room:]
        rows = [_active(rentan, pid, admin, now) for pid in active]
        rows += [
            Membership(
                cohort=rentan,
                person_id=pid,
                status="verified",
                reserve_rank=rank,
                proposed_by=operator,
                verified_by=verifier,
                verified_at=now,
                eligible=True,
            )
            for rank, pid in enumerate(reserve, start=1)
        ]
        rows += [
            Membership(cohort=rentan, person_id=pid, proposed_by=operator, eligible=True)
            for pid in open_village[:5]
        ]
        rows += [
            Membership(
                cohort=rentan,
                person_id=pid,
                status="verified",
                proposed_by=operator,
                verified_by=verifier,
                verified_at=now,
                eligible=True,
            )
            for pid in open_village[5:10]
        ]
        non_asn_ids = Person.objects.filter(pemda=pemda, segments__segment="non_asn").values_list(
            "pk", flat=True
        )
        rows += [_active(non_asn, pid, admin, now) for pid in non_asn_ids.order_by("id")]
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        _number_kpj(rentan, non_asn)
        for cohort in (rentan, non_asn):
            AuditEvent.objects.create(
                actor=admin,
                action="cohort.create",
                object_type="cohort",
                object_id=str(cohort.pk),
                pemda=pemda,
                reason="Data demo sintetis (kawal demo)",
                changes={"memberships": [None, cohort.memberships.count()]},
            )
        decree_freeze(
            actor=admin,
            cohort_id=rentan.pk,
            data=DecreeData(
                number="188.45/12/2026",
                decree_date=date(2026, 1, 2),
                title="Lampiran Keputusan Bupati Muna Barat: Peserta Pekerja Rentan 2026",
                signer_name="Drs. La Ode Darwin, M.Si.",
                signer_title="Bupati Muna Barat",
            ),
        )
    return True


def _active(cohort: Cohort, person_id: int, admin: User, now: object) -> Membership:
    return Membership(
        cohort=cohort,
        person_id=person_id,
        status="active",
        approved_by=admin,
        approved_at=now,
        submitted_at=now,
        start_date=START,
        eligible=True,
    )


def _number_kpj(*cohorts: Cohort) -> None:
    """KPJ numbers for the active demo members: ``26`` and the zero-padded id (one UPDATE)."""
    Membership.objects.filter(cohort__in=cohorts, status="active").update(
        kpj=Concat(Value("26"), LPad(Cast("id", CharField()), 9, Value("0")))
    )
