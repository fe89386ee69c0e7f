"""Writes for cohorts and the membership lifecycle (propose → verify → approve → submit → active
→ ended, or rejected), and the reserve list.

Decree lists are frozen in :mod:`kawal.enrolment.decrees`, life events (deaths, moves) end
memberships in :mod:`kawal.enrolment.life_events`, and eligibility re-checks live in
:mod:`kawal.enrolment.recheck`.

Every function is keyword-only, atomic, scoped to the acting user and audited. Lifecycle steps
are **set-based**: they take many membership ids (a whole filtered list), read the matching
``(id, person_id)`` pairs once, change them with ``queryset.update`` in chunks, and write **one
audit event per membership** with ``bulk_create`` (``object_type="person"``, so each person's
history page shows the step). One event per membership costs one row each, inserted in batches;
it keeps "who approved this person, when" answerable without decoding a summary.

The insurer exchange calls :func:`memberships_submit`, :func:`memberships_activate` (or the
one-person :func:`membership_activate`) and :func:`memberships_reject`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Case, F, Max, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import AuditEvent, Role, User
from kawal.accounts.scope import person_scope
from kawal.domain.nik import mask_nik
from kawal.enrolment.decrees import DecreeData, decree_freeze
from kawal.enrolment.errors import EnrolmentError, OutOfScope
from kawal.enrolment.models import (
    Cohort,
    DecreeList,
    EndReason,
    Membership,
)
from kawal.enrolment.selectors import (
    COVER,
    LIVE,
    eligibility_of,
    memberships_visible,
)
from kawal.enrolment.service_base import (
    AUDIT_BATCH,
    PROPOSE_ROLES,
    REJECT_ROLES,
    SUBMIT_ROLES,
    VERIFY_ROLES,
    S,
    audit_many,
    chunks,
    cohort_for,
    plain,
    require,
)
from kawal.registry.models import Person

# --- cohorts ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CohortData:
    name: str
    segment: str
    fiscal_year: int
    period_start: date
    period_end: date
    legal_basis: str = ""
    programmes: list[str] = field(default_factory=lambda: ["jkk", "jkm"])
    funding_source: str = "apbd_kabupaten"
    budget_account: str = ""
    min_age: int = 15
    max_age: int = 64
    max_desil: int | None = None
    poverty_sources: list[str] = field(default_factory=list)
    poverty_period_from: date | None = None
    quota: int | None = None
    replace_from_reserve: bool = True


@transaction.atomic
def cohort_save(
    *, actor: User, data: CohortData, cohort_id: int | None = None, reason: str = ""
) -> Cohort:
    """Create a cohort, or change one (Dinas admin only); the diff is audited."""
    require(actor, frozenset({Role.DINAS_ADMIN}), _("Hanya Admin Dinas yang mengelola kohort."))
    if data.period_end < data.period_start:
        raise EnrolmentError(_("Akhir perlindungan harus setelah awal."), field="period_end")
    if data.max_age < data.min_age:
        raise EnrolmentError(_("Usia maksimal harus ≥ usia minimal."), field="max_age")
    values = asdict(data) | {"name": " ".join(data.name.split())}
    same_name = Cohort.objects.filter(pemda_id=actor.pemda_id, name=values["name"])
    if same_name.exclude(pk=cohort_id).exists():
        raise EnrolmentError(_("Nama kohort sudah dipakai."), field="name")
    if cohort_id is None:
        cohort = Cohort.objects.create(**values, pemda_id=actor.pemda_id, created_by=actor)
        changes = {k: [None, plain(v)] for k, v in values.items() if v not in ("", None, [])}
        action = "cohort.create"
    else:
        cohort = cohort_for(actor, cohort_id)
        changes = {
            k: [plain(getattr(cohort, k)), plain(v)]
            for k, v in values.items()
            if getattr(cohort, k) != v
        }
        if not changes:
            return cohort
        for k, v in values.items():
            setattr(cohort, k, v)
        cohort.save()
        action = "cohort.update"
    AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type="cohort",
        object_id=str(cohort.pk),
        pemda_id=actor.pemda_id,
        changes=changes,
        reason=reason,
    )
    return cohort


# --- propose ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposeResult:
    proposed: list[int]  # person ids now in the quota
    reserved: list[int]  # person ids put on the reserve list, in rank order
    refused: dict[int, list[str]]  # person id -> failed eligibility codes
    already: list[int]  # person ids already in the cohort


def _in_quota(cohort: Cohort) -> int:
    return Membership.objects.filter(
        cohort=cohort, status__in=LIVE, reserve_rank__isnull=True
    ).count()


@transaction.atomic
def memberships_propose(
    *, actor: User, cohort_id: int, person_ids: Sequence[int], on: date | None = None
) -> ProposeResult:
    """Propose people (in the given order) for a cohort after checking eligibility.

    Ineligible people are refused with their codes. Past the quota, people go on the reserve
    list, ranked after those already there.
    """
    require(actor, PROPOSE_ROLES, _("Peran Anda tidak boleh mengusulkan peserta."))
    cohort = Cohort.objects.select_for_update().filter(pk=cohort_for(actor, cohort_id).pk).get()
    wanted = list(dict.fromkeys(person_ids))
    visible: set[int] = set()
    for chunk in chunks(wanted):
        visible |= set(
            Person.objects.filter(person_scope(actor), pk__in=chunk).values_list("pk", flat=True)
        )
    if len(visible) != len(wanted):
        raise OutOfScope(_("Sebagian orang di luar wilayah kerja Anda."))
    already: set[int] = set()
    for chunk in chunks(wanted):
        already |= set(
            Membership.objects.filter(cohort=cohort, person_id__in=chunk).values_list(
                "person_id", flat=True
            )
        )
    fresh = [pid for pid in wanted if pid not in already]
    verdicts = eligibility_of(cohort, fresh, on=on or timezone.localdate())
    refused = {
        row["person_id"]: list(row["codes"])
        for row in verdicts.filter(~verdicts["eligible"]).iter_rows(named=True)
    }
    accepted = [pid for pid in fresh if pid not in refused]
    free = len(accepted) if cohort.quota is None else max(0, cohort.quota - _in_quota(cohort))
    top = Membership.objects.filter(cohort=cohort).aggregate(m=Max("reserve_rank"))["m"] or 0
    now = timezone.now()
    rows = [
        Membership(
            cohort=cohort,
            person_id=pid,
            proposed_by=actor,
            reserve_rank=None if i < free else top + i - free + 1,
            eligible=True,
            eligibility_checked_at=now,
        )
        for i, pid in enumerate(accepted)
    ]
    Membership.objects.bulk_create(rows, batch_size=AUDIT_BATCH)
    proposed, reserved = accepted[:free], accepted[free:]
    audit_many(actor, "membership.propose", cohort.pemda_id, proposed, {"cohort": cohort.name})
    audit_many(
        actor,
        "membership.propose",
        cohort.pemda_id,
        reserved,
        {"cohort": cohort.name, "reserve": [None, True]},
    )
    return ProposeResult(proposed, reserved, refused, [p for p in wanted if p in already])


# --- transitions ------------------------------------------------------------------------------


def _step(
    *,
    actor: User,
    cohort: Cohort,
    membership_ids: Sequence[int],
    sources: Sequence[str],
    target: str,
    action: str,
    updates: dict[str, Any],
    reason: str = "",
    extra: Q | None = None,
) -> list[tuple[int, int]]:
    """Move the given memberships from ``sources`` to ``target``; returns ``(id, person)``."""
    pairs: list[tuple[int, int]] = []
    base = memberships_visible(actor).filter(cohort=cohort, status__in=sources)
    if extra is not None:
        base = base.filter(extra)
    for chunk in chunks(list(dict.fromkeys(membership_ids))):
        pairs += base.filter(pk__in=chunk).values_list("pk", "person_id")
    for chunk in chunks([pk for pk, _p in pairs]):
        Membership.objects.filter(pk__in=chunk).update(
            status=target, version=F("version") + 1, **updates
        )
    audit_many(
        actor,
        action,
        cohort.pemda_id,
        [p for _m, p in pairs],
        {"cohort": cohort.name, "status": [sources[0] if len(sources) == 1 else None, target]},
        reason,
    )
    return pairs


@transaction.atomic
def memberships_verify(*, actor: User, cohort_id: int, membership_ids: Sequence[int]) -> int:
    """Proposed → verified (kecamatan verifier in scope, or Dinas admin)."""
    require(actor, VERIFY_ROLES, _("Peran Anda tidak boleh memverifikasi."))
    cohort = cohort_for(actor, cohort_id)
    return len(
        _step(
            actor=actor,
            cohort=cohort,
            membership_ids=membership_ids,
            sources=[S.PROPOSED],
            target=S.VERIFIED,
            action="membership.verify",
            updates={"verified_by": actor, "verified_at": timezone.now()},
        )
    )


@transaction.atomic
def memberships_approve(
    *,
    actor: User,
    cohort_id: int,
    membership_ids: Sequence[int],
    decree: DecreeData | None = None,
) -> tuple[int, DecreeList | None]:
    """Verified (not on the reserve list) → approved, by a Dinas admin who proposed none of them.

    With ``decree``, the approved list is frozen at once as the next decree version.
    """
    require(actor, frozenset({Role.DINAS_ADMIN}), _("Hanya Admin Dinas yang menyetujui."))
    cohort = cohort_for(actor, cohort_id)
    own = memberships_visible(actor).filter(
        cohort=cohort, status=S.VERIFIED, proposed_by=actor, pk__in=list(membership_ids)
    )
    if (n := own.count()) > 0:
        raise EnrolmentError(
            _(
                "Anda sendiri mengusulkan %(n)d orang dalam pilihan ini. Pengusul tidak boleh "
                "menyetujui usulannya sendiri (prinsip empat mata): minta Admin Dinas lain."
            )
            % {"n": n}
        )
    pairs = _step(
        actor=actor,
        cohort=cohort,
        membership_ids=membership_ids,
        sources=[S.VERIFIED],
        target=S.APPROVED,
        action="membership.approve",
        updates={"approved_by": actor, "approved_at": timezone.now()},
        extra=Q(reserve_rank__isnull=True),
    )
    frozen = decree_freeze(actor=actor, cohort_id=cohort.pk, data=decree) if decree else None
    return len(pairs), frozen


@transaction.atomic
def memberships_submit(*, actor: User, cohort_id: int, membership_ids: Sequence[int]) -> int:
    """Approved → submitted to BPJS Ketenagakerjaan (the registration file was sent)."""
    require(actor, SUBMIT_ROLES, _("Peran Anda tidak boleh mendaftarkan ke BPJS."))
    cohort = cohort_for(actor, cohort_id)
    return len(
        _step(
            actor=actor,
            cohort=cohort,
            membership_ids=membership_ids,
            sources=[S.APPROVED],
            target=S.SUBMITTED,
            action="membership.submit",
            updates={"submitted_at": timezone.now()},
        )
    )


@dataclass(frozen=True)
class Activation:
    membership_id: int
    kpj: str
    start_date: date


@transaction.atomic
def memberships_activate(*, actor: User, cohort_id: int, activations: Sequence[Activation]) -> int:
    """Submitted → active with the insurer's KPJ number and start date (set-based)."""
    require(actor, SUBMIT_ROLES, _("Peran Anda tidak boleh mengaktifkan kepesertaan."))
    cohort = cohort_for(actor, cohort_id)
    by_id = {a.membership_id: a for a in activations}
    rows = list(
        memberships_visible(actor).filter(cohort=cohort, status=S.SUBMITTED, pk__in=list(by_id))
    )
    for m in rows:
        a = by_id[m.pk]
        m.status, m.kpj, m.start_date, m.version = S.ACTIVE, a.kpj, a.start_date, m.version + 1
    Membership.objects.bulk_update(
        rows, ["status", "kpj", "start_date", "version"], batch_size=AUDIT_BATCH
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action="membership.activate",
                object_type="person",
                object_id=str(m.person_id),
                pemda_id=cohort.pemda_id,
                changes={
                    "cohort": cohort.name,
                    "status": [S.SUBMITTED, S.ACTIVE],
                    "kpj": [None, mask_nik(m.kpj)],
                    "start_date": [None, m.start_date.isoformat()],
                },
            )
            for m in rows
        ],
        batch_size=AUDIT_BATCH,
    )
    return len(rows)


def membership_activate(
    *, actor: User, membership_id: int, kpj: str, start_date: date
) -> Membership:
    """One membership submitted → active (the insurer's response for one person)."""
    membership = memberships_visible(actor).filter(pk=membership_id).first()
    if membership is None:
        raise OutOfScope(_("Kepesertaan tidak ditemukan."))
    done = memberships_activate(
        actor=actor,
        cohort_id=membership.cohort_id,
        activations=[Activation(membership_id, kpj, start_date)],
    )
    if not done:
        raise EnrolmentError(_("Hanya kepesertaan yang sudah didaftarkan dapat diaktifkan."))
    membership.refresh_from_db()
    return membership


@transaction.atomic
def memberships_reject(
    *, actor: User, cohort_id: int, membership_ids: Sequence[int], reason: str
) -> int:
    """Any step before active → rejected, with a reason (also leaves the reserve list)."""
    require(actor, REJECT_ROLES, _("Peran Anda tidak boleh menolak."))
    if not reason.strip():
        raise EnrolmentError(_("Alasan penolakan wajib diisi."), field="reason")
    cohort = cohort_for(actor, cohort_id)
    return len(
        _step(
            actor=actor,
            cohort=cohort,
            membership_ids=membership_ids,
            sources=[S.PROPOSED, S.VERIFIED, S.APPROVED, S.SUBMITTED],
            target=S.REJECTED,
            action="membership.reject",
            updates={"reject_reason": reason.strip()[:250], "reserve_rank": None},
            reason=reason.strip(),
        )
    )


def _end_updates(reason: str, end_date: date) -> dict[str, Any]:
    return {
        "end_reason": reason,
        "ended_at": timezone.now(),
        # end_date never before start_date (a DB check): a death before the start ends at start
        "end_date": Case(When(start_date__gt=end_date, then=F("start_date")), default=end_date),
    }


@transaction.atomic
def memberships_end(
    *,
    actor: User,
    cohort_id: int,
    membership_ids: Sequence[int],
    reason: str,
    end_date: date,
    note: str = "",
) -> int:
    """Approved/submitted/active → ended on ``end_date``; death or moving away refills the quota
    from the reserve list when the cohort says so."""
    require(actor, frozenset({Role.DINAS_ADMIN}), _("Hanya Admin Dinas yang mengakhiri."))
    if reason not in EndReason.values:
        raise EnrolmentError(_("Alasan berakhir tidak dikenal."), field="reason")
    cohort = cohort_for(actor, cohort_id)
    pairs = _step(
        actor=actor,
        cohort=cohort,
        membership_ids=membership_ids,
        sources=list(COVER),
        target=S.ENDED,
        action="membership.end",
        updates=_end_updates(reason, end_date),
        reason=note or EndReason(reason).label,
    )
    if pairs and reason in (EndReason.DEATH, EndReason.MOVED):
        reserve_promote(actor=actor, cohort=cohort)
    return len(pairs)


def reserve_promote(*, actor: User | None, cohort: Cohort) -> list[int]:
    """Fill free quota places from the reserve list in rank order; returns the person ids.

    Runs inside the caller's transaction. A promoted person keeps their step (proposed or
    verified) and goes on through verification and approval like anyone else.
    """
    if not cohort.replace_from_reserve or cohort.quota is None:
        return []
    free = cohort.quota - _in_quota(cohort)
    if free <= 0:
        return []
    pairs = list(
        Membership.objects.filter(
            cohort=cohort, status__in=(S.PROPOSED, S.VERIFIED), reserve_rank__isnull=False
        )
        .order_by("reserve_rank", "id")
        .values_list("pk", "person_id")[:free]
    )
    Membership.objects.filter(pk__in=[pk for pk, _p in pairs]).update(
        reserve_rank=None, version=F("version") + 1
    )
    audit_many(
        actor,
        "membership.promote",
        cohort.pemda_id,
        [p for _m, p in pairs],
        {"cohort": cohort.name, "reserve": [True, False]},
        _("Naik dari daftar cadangan"),
    )
    return [p for _m, p in pairs]
