"""Life events that end memberships: deaths and moves out of the pemda.

A death ends every covering membership of the person on the date of death (never before its
start), rejects proposals still waiting, and refills the cohort's quota from its reserve list. A
move ends only domicile-based memberships (pekerja rentan, aparatur desa), at the end of the
month of the move. :func:`end_for_persons` does this for many people at once (a Dukcapil death
extract), with batched updates and one audit event per person and step.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import AuditEvent, User
from kawal.accounts.scope import person_scope
from kawal.enrolment.errors import EnrolmentError, OutOfScope
from kawal.enrolment.models import Cohort, EndReason, Membership
from kawal.enrolment.selectors import COVER
from kawal.enrolment.service_base import (
    AUDIT_BATCH,
    DOMICILE_SEGMENTS,
    EVENT_ROLES,
    S,
    audit_many,
    chunks,
    plain,
    require,
)
from kawal.enrolment.services import reserve_promote
from kawal.registry.models import Person


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def end_for_persons(
    *, actor: User | None, ends: dict[int, date], reason: str, domicile_only: bool
) -> int:
    """End the covering memberships of the persons in ``ends`` (person id → end date).

    Runs inside the caller's transaction. Waiting proposals (proposed, verified, also on the
    reserve list) become rejected with the reason's label. Returns the memberships ended.
    """
    label = str(EndReason(reason).label)
    now = timezone.now()
    rows: list[Membership] = []
    waiting: list[Membership] = []
    for chunk in chunks(list(ends)):
        found = Membership.objects.filter(person_id__in=chunk).only(
            "pk", "person_id", "cohort_id", "status", "start_date", "version"
        )
        if domicile_only:
            found = found.filter(cohort__segment__in=DOMICILE_SEGMENTS)
        for m in found:
            if m.status in COVER:
                rows.append(m)
            elif m.status in (S.PROPOSED, S.VERIFIED):
                waiting.append(m)
    for m in rows:
        end = ends[m.person_id]
        # end_date never before start_date (a DB check): a death before the start ends at start
        m.end_date = max(end, m.start_date) if m.start_date else end
        m.status, m.end_reason, m.ended_at, m.version = S.ENDED, reason, now, m.version + 1
    Membership.objects.bulk_update(
        rows, ["status", "end_date", "end_reason", "ended_at", "version"], batch_size=AUDIT_BATCH
    )
    for chunk in chunks([m.pk for m in waiting]):
        Membership.objects.filter(pk__in=chunk).update(
            status=S.REJECTED, reject_reason=label, reserve_rank=None, version=F("version") + 1
        )
    cohorts = {c.pk: c for c in Cohort.objects.filter(pk__in={m.cohort_id for m in rows + waiting})}
    by_cohort: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for m in rows:
        by_cohort[m.cohort_id][0].append(m.person_id)
    for m in waiting:
        by_cohort[m.cohort_id][1].append(m.person_id)
    for cohort_id, (ended, rejected) in by_cohort.items():
        cohort = cohorts[cohort_id]
        changes = {"cohort": cohort.name, "end_reason": [None, reason]}
        audit_many(
            actor,
            "membership.end",
            cohort.pemda_id,
            ended,
            changes | {"status": [None, S.ENDED]},
            label,
        )
        audit_many(
            actor,
            "membership.reject",
            cohort.pemda_id,
            rejected,
            {"cohort": cohort.name, "status": [None, S.REJECTED]},
            label,
        )
        if ended:
            reserve_promote(actor=actor, cohort=cohort)
    return len(rows)


def _person_for_event(actor: User, person_id: int) -> Person:
    require(actor, EVENT_ROLES, _("Peran Anda tidak boleh melaporkan peristiwa ini."))
    person = Person.objects.select_for_update().filter(person_scope(actor), pk=person_id).first()
    if person is None:
        raise OutOfScope(_("Data orang ini tidak ditemukan di wilayah kerja Anda."))
    return person


@transaction.atomic
def person_death_report(
    *, actor: User, person_id: int, date_of_death: date, reason: str = ""
) -> int:
    """Record a death: the person's date of death, then every membership ends on that date
    (waiting proposals are rejected) and reserves are promoted. Returns memberships ended."""
    person = _person_for_event(actor, person_id)
    if date_of_death > timezone.localdate():
        raise EnrolmentError(_("Tanggal meninggal tidak boleh di masa depan."), field="date")
    if date_of_death < person.birth_date:
        raise EnrolmentError(_("Tanggal meninggal sebelum tanggal lahir."), field="date")
    before = person.date_of_death
    Person.objects.filter(pk=person.pk).update(
        date_of_death=date_of_death, version=F("version") + 1, updated_at=timezone.now()
    )
    AuditEvent.objects.create(
        actor=actor,
        action="person.update",
        object_type="person",
        object_id=str(person.pk),
        pemda_id=person.pemda_id,
        changes={"date_of_death": [plain(before), date_of_death.isoformat()]},
        reason=reason or _("Laporan kematian"),
    )
    return end_for_persons(
        actor=actor, ends={person.pk: date_of_death}, reason=EndReason.DEATH, domicile_only=False
    )


@transaction.atomic
def person_move_report(*, actor: User, person_id: int, moved_on: date, reason: str = "") -> int:
    """Record a move out of the pemda: domicile-based memberships end at the month's end."""
    person = _person_for_event(actor, person_id)
    AuditEvent.objects.create(
        actor=actor,
        action="person.moved",
        object_type="person",
        object_id=str(person.pk),
        pemda_id=person.pemda_id,
        changes={"moved_on": [None, moved_on.isoformat()]},
        reason=reason or _("Pindah domisili"),
    )
    return end_for_persons(
        actor=actor,
        ends={person.pk: month_end(moved_on)},
        reason=EndReason.MOVED,
        domicile_only=True,
    )
