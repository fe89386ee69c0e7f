"""What the enrolment write modules share: role sets, scope checks and set-based audit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from kawal.accounts.models import AuditEvent, Role, User
from kawal.enrolment.errors import OutOfScope
from kawal.enrolment.models import Cohort, MembershipStatus
from kawal.enrolment.selectors import cohort_get

S = MembershipStatus
AUDIT_BATCH = 2_000
ID_CHUNK = 5_000
#: Segments whose cohorts depend on living in the pemda: moving away ends them.
DOMICILE_SEGMENTS = frozenset({"pekerja_rentan", "aparatur_desa"})

PROPOSE_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.DINAS_ADMIN})
VERIFY_ROLES = frozenset({Role.DISTRICT_VERIFIER, Role.DINAS_ADMIN})
REJECT_ROLES = frozenset({Role.DISTRICT_VERIFIER, Role.DINAS_ADMIN, Role.INSURER_LIAISON})
SUBMIT_ROLES = frozenset({Role.DINAS_ADMIN, Role.INSURER_LIAISON})
EVENT_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.DISTRICT_VERIFIER, Role.DINAS_ADMIN})


def require(actor: User, roles: frozenset[str], message: str) -> None:
    if not actor.is_authenticated or actor.role not in roles or actor.pemda_id is None:
        raise OutOfScope(message)


def cohort_for(actor: User, cohort_id: int) -> Cohort:
    cohort = cohort_get(actor, cohort_id)
    if cohort is None:
        raise OutOfScope(_("Kohort tidak ditemukan."))
    return cohort


def audit_many(
    actor: User | None,
    action: str,
    pemda_id: int,
    person_ids: Sequence[int],
    changes: dict[str, Any],
    reason: str = "",
) -> None:
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action=action,
                object_type="person",
                object_id=str(pid),
                pemda_id=pemda_id,
                changes=changes,
                reason=reason,
            )
            for pid in person_ids
        ],
        batch_size=AUDIT_BATCH,
    )


def chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + ID_CHUNK] for i in range(0, len(ids), ID_CHUNK)]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
