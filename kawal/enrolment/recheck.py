"""Eligibility re-checks of a cohort's live memberships (after a quarterly poverty-data refresh)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import AuditEvent, User
from kawal.enrolment.models import Membership
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
    rows = list(
        memberships_visible(actor)
        .filter(cohort=cohort, status__in=LIVE)
        .only("pk", "person_id", "eligible", "eligibility_codes")
    )
    frame = eligibility_of(cohort, [m.person_id for m in rows], on=on or timezone.localdate())
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
    )
    return RecheckResult(len(rows), sorted(lost), sorted(regained))
