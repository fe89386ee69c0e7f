"""Eligibility re-checks of a cohort's live memberships (after a quarterly poverty-data refresh)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import AuditEvent, User
from kawal.enrolment.models import Cohort, Membership
from kawal.enrolment.selectors import LIVE, eligibility_of, memberships_visible
from kawal.enrolment.service_base import AUDIT_BATCH, VERIFY_ROLES, cohort_for, require


@dataclass(frozen=True)
class RecheckResult:
    checked: int
    now_ineligible: list[int]  # person ids: eligible (or unchecked) before, not now
    now_eligible: list[int]  # person ids: ineligible before, eligible now


@transaction.atomic
def cohort_recheck(*, actor: User, cohort_id: int, on: date | None = None) -> RecheckResult:
    """Evaluate every live membership of the cohort again (e.g. after a DTSEN refresh).

    Stores each verdict set-based (``bulk_update``), lists who changed and writes one summary
    audit event for the cohort.
    """
    require(actor, VERIFY_ROLES, _("Peran Anda tidak boleh memeriksa ulang kelayakan."))
    cohort = cohort_for(actor, cohort_id)
    memberships = memberships_visible(actor).filter(cohort=cohort)
    return _recheck(actor, cohort, memberships, on=on or timezone.localdate(), reason="")


def _recheck(
    actor: User | None, cohort: Cohort, memberships: QuerySet, *, on: date, reason: str
) -> RecheckResult:
    rows = list(
        memberships.filter(status__in=LIVE).only("pk", "person_id", "eligible", "eligibility_codes")
    )
    frame = eligibility_of(cohort, [m.person_id for m in rows], on=on)
    verdict = {
        r["person_id"]: (r["eligible"], list(r["codes"])) for r in frame.iter_rows(named=True)
    }
    now = timezone.now()
    lost, regained = [], []
    for m in rows:
        ok, codes = verdict[m.person_id]
        if m.eligible is not False and not ok:
            lost.append(m.person_id)
        elif m.eligible is False and ok:
            regained.append(m.person_id)
        m.eligible, m.eligibility_codes, m.eligibility_checked_at = ok, codes, now
    Membership.objects.bulk_update(
        rows, ["eligible", "eligibility_codes", "eligibility_checked_at"], batch_size=AUDIT_BATCH
    )
    AuditEvent.objects.create(
        actor=actor,
        action="cohort.recheck",
        object_type="cohort",
        object_id=str(cohort.pk),
        pemda_id=cohort.pemda_id,
        changes={"checked": len(rows), "now_ineligible": len(lost), "now_eligible": len(regained)},
        reason=reason,
    )
    return RecheckResult(len(rows), sorted(lost), sorted(regained))


#: Import sources that carry poverty data (desil): a refresh re-checks the cohorts that use it.
POVERTY_SOURCES = {"dtsen": "DTSEN", "dtks": "DTKS", "p3ke": "P3KE"}


@transaction.atomic
def recheck_after_refresh(
    *, actor: User | None, pemda_id: int, source: str, job_id: int, on: date | None = None
) -> dict[str, dict[str, int]]:
    """After an import of poverty data: re-check every cohort of the pemda whose rules read that
    source (or any source) and still runs on ``on``; returns per cohort name the counts.

    Called by the intake pipeline once a DTSEN/DTKS/P3KE job is committed, so the cohort pages
    list who changed without anyone pressing the button.
    """
    name = POVERTY_SOURCES.get(source)
    if name is None:
        return {}
    on = on or timezone.localdate()
    result = {}
    cohorts = Cohort.objects.filter(pemda_id=pemda_id, period_end__gte=on).order_by("name")
    for cohort in cohorts:
        if cohort.max_desil is None and not cohort.poverty_sources:
            continue
        if cohort.poverty_sources and name not in cohort.poverty_sources:
            continue
        if not Membership.objects.filter(cohort=cohort, status__in=LIVE).exists():
            continue
        done = _recheck(
            actor,
            cohort,
            Membership.objects.filter(cohort=cohort),
            on=on,
            reason=f"Pembaruan data {name} (impor #{job_id})",
        )
        result[cohort.name] = {
            "cohort_id": cohort.pk,
            "checked": done.checked,
            "now_ineligible": len(done.now_ineligible),
            "now_eligible": len(done.now_eligible),
        }
    return result
