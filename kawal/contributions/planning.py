"""The budget planner over the database: gather a cohort's candidates, price, rank, save.

:func:`plan_compute` (a read) gathers the target cohort's eligible candidates set-based — people
of the cohort's segment in the user's scope, not yet in the cohort, eligible under the cohort's
rules (:func:`kawal.enrolment.selectors.eligibility_of`) — prices one person-month with
:func:`kawal.domain.contributions.quote` and runs the pure planner
(:func:`kawal.domain.planner.plan`). The cohort's live in-quota members per village are the
planner's ``covered`` counts, so ``village_share`` spreads the new people around them.

:func:`plan_save` (a write) turns a computed plan into proposed memberships: the selected
people in the quota, the rest on the reserve list in rank order after anyone already there. It
computes the plan again inside the transaction and refuses a plan whose candidates changed
since it was shown (its fingerprint no longer matches). Atomic and audited.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import AuditEvent, Role, User
from kawal.accounts.scope import person_scope
from kawal.contributions.coverage import calculator_segment
from kawal.contributions.models import BudgetLine, BudgetStage
from kawal.domain.contributions import ContributionError, quote
from kawal.domain.occupations import OCCUPATIONS
from kawal.domain.planner import Candidate, Plan, PlanError, fingerprint, parse_priority, plan
from kawal.domain.rates import add_months
from kawal.enrolment.errors import EnrolmentError, OutOfScope
from kawal.enrolment.models import Cohort, Membership
from kawal.enrolment.selectors import LIVE, cohort_get, eligibility_of
from kawal.enrolment.services import PROPOSE_ROLES
from kawal.registry.models import Person, PovertyRecord, SegmentMembership

ID_CHUNK = 5_000
BATCH = 2_000
#: Roles that may look at a plan (each sees only the candidates in their own scope).
PLAN_ROLES = frozenset(Role.values)


@dataclass(frozen=True, kw_only=True)
class PlanInput:
    cohort_id: int
    budget: int
    months: int
    priority: tuple[str, ...]


@dataclass(frozen=True)
class CohortPlan:
    """A computed plan with what it was computed from (for showing and for saving)."""

    cohort: Cohort
    inputs: PlanInput
    plan: Plan
    first_month: date
    on: date
    fingerprint: str
    in_quota: int  # live members already in the cohort's quota (in the user's scope)
    notes: tuple[str, ...]
    facts: dict[int, Candidate]  # person id -> what the ranking read (desil, occupation, …)


@dataclass(frozen=True)
class SavedPlan:
    proposed: int
    reserved: int
    quota_before: int | None
    quota_after: int | None


def period_months(cohort: Cohort) -> int:
    start, end = cohort.period_start, cohort.period_end
    return (end.year - start.year) * 12 + end.month - start.month + 1


def plan_on(cohort: Cohort) -> date:
    """The day eligibility is judged on: today, or the cohort's start when that is later."""
    return max(timezone.localdate(), cohort.period_start)


def budget_ceiling(cohort: Cohort) -> int | None:
    """The cohort's own budget lines of its fiscal year (perubahan over murni), or ``None``."""
    lines = BudgetLine.objects.filter(
        pemda_id=cohort.pemda_id, fiscal_year=cohort.fiscal_year, cohort=cohort
    ).values_list("account_code", "programme", "stage", "amount")
    best: dict[tuple[str, str], tuple[str, int]] = {}
    for account, programme, stage, amount in lines:
        key = (account, programme)
        if key not in best or stage == BudgetStage.PERUBAHAN:
            best[key] = (stage, amount)
    return sum(amount for _s, amount in best.values()) if best else None


def _unit_cost(cohort: Cohort, months: int) -> tuple[int, list[str]]:
    segment = calculator_segment(cohort.segment)
    if segment != "bpu":
        raise PlanError(
            _(
                "Perencanaan anggaran hanya untuk kohort BPU (pekerja rentan, aparatur desa, "
                "ad hoc): iuran pegawai non-ASN bergantung pada upah tiap orang."
            )
        )
    try:
        q = quote(
            segment=segment,
            month=cohort.period_start,
            months=months,
            funding=cohort.funding_source,
            programmes=cohort.programmes or None,
        )
    except ContributionError as exc:
        raise PlanError(str(exc)) from exc
    per_month = q.per_person_by_month()
    unit = max(per_month.values())
    notes = []
    if len(set(per_month.values())) > 1:
        notes.append(
            _("Tarif berubah dalam periode; rencana memakai tarif tertinggi Rp %(rp)s.")
            % {"rp": f"{unit:,}".replace(",", ".")}
        )
    return unit, notes


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + ID_CHUNK] for i in range(0, len(ids), ID_CHUNK)]


def _latest_desil(cohort: Cohort, ids: list[int]) -> dict[int, int]:
    """The desil :mod:`kawal.domain.eligibility` judges by: the newest record of an accepted
    source (the lower desil when one period has two)."""
    rows: list[tuple[int, str, int, date]] = []
    for chunk in _chunks(ids):
        records = PovertyRecord.objects.filter(person_id__in=chunk)
        if cohort.poverty_sources:
            records = records.filter(source__in=cohort.poverty_sources)
        rows += records.values_list("person_id", "source", "desil", "period")
    frame = pl.DataFrame(
        rows,
        schema={"person_id": pl.Int64, "source": pl.String, "desil": pl.Int64, "period": pl.Date},
        orient="row",
    )
    latest = frame.sort(["person_id", "period", "desil"], descending=[False, True, False]).unique(
        "person_id", keep="first"
    )
    return dict(zip(latest["person_id"].to_list(), latest["desil"].to_list(), strict=True))


def plan_candidates(user: User, cohort: Cohort, *, on: date) -> list[Candidate]:
    """Eligible people of the cohort's segment in ``user``'s scope who are not in the cohort."""
    segment_people = SegmentMembership.objects.filter(
        pemda_id=cohort.pemda_id, segment=cohort.segment
    ).values("person_id")
    rows = list(
        Person.objects.filter(person_scope(user), pemda_id=cohort.pemda_id)
        .filter(pk__in=segment_people)
        .exclude(pk__in=Membership.objects.filter(cohort=cohort).values("person_id"))
        .values_list(
            "pk",
            "occupation",
            "domicile_village_id",
            "domicile_village__parent_id",
            "domicile_village__parent__name",
        )
    )
    verdicts = eligibility_of(cohort, [r[0] for r in rows], on=on)
    eligible = set(verdicts.filter(pl.col("eligible"))["person_id"].to_list())
    desil = _latest_desil(cohort, sorted(eligible))
    return [
        Candidate(pid, desil.get(pid), occupation or "", village, district or "", name or "")
        for pid, occupation, village, district, name in rows
        if pid in eligible
    ]


def _covered(user: User, cohort: Cohort) -> dict[str, int]:
    """Live in-quota members of the cohort per village, within the user's scope."""
    rows = Membership.objects.filter(
        cohort=cohort,
        status__in=LIVE,
        reserve_rank__isnull=True,
        person__in=Person.objects.filter(person_scope(user)),
    ).values_list("person__domicile_village_id", flat=True)
    return dict(Counter(rows))


def plan_compute(user: User, inputs: PlanInput) -> CohortPlan:
    """The plan of ``inputs`` for ``user`` (a read: nothing is written).

    Raises :class:`OutOfScope` for a cohort the user cannot see or a role that may not plan,
    and :class:`PlanError` (Indonesian) for input the planner refuses.
    """
    if not user.is_authenticated or user.role not in PLAN_ROLES or user.pemda_id is None:
        raise OutOfScope(_("Peran Anda tidak boleh membuat rencana anggaran."))
    cohort = cohort_get(user, inputs.cohort_id)
    if cohort is None:
        raise OutOfScope(_("Kohort tidak ditemukan."))
    priority = parse_priority(inputs.priority)
    if not 1 <= inputs.months <= period_months(cohort):
        raise PlanError(
            _("Jumlah bulan harus 1 sampai %(n)d (periode kohort %(start)s s.d. %(end)s).")
            % {
                "n": period_months(cohort),
                "start": f"{cohort.period_start:%m/%Y}",
                "end": f"{cohort.period_end:%m/%Y}",
            }
        )
    unit, notes = _unit_cost(cohort, inputs.months)
    on = plan_on(cohort)
    candidates = plan_candidates(user, cohort, on=on)
    covered = _covered(user, cohort)
    result = plan(
        candidates,
        budget=inputs.budget,
        months=inputs.months,
        unit_cost=unit,
        priority=priority,
        covered=covered,
    )
    return CohortPlan(
        cohort=cohort,
        inputs=inputs,
        plan=result,
        first_month=cohort.period_start.replace(day=1),
        on=on,
        fingerprint=fingerprint(candidates, covered) + f":{unit}",
        in_quota=sum(covered.values()),
        notes=tuple(notes),
        facts={c.person_id: c for c in candidates},
    )


def last_month(cohort_plan: CohortPlan) -> date:
    return add_months(cohort_plan.first_month, cohort_plan.inputs.months - 1)


# --- saving -----------------------------------------------------------------------------------


def _audit_people(actor: User, cohort: Cohort, ids: Sequence[int], reserve: bool) -> None:
    changes: dict[str, object] = {"cohort": cohort.name, "plan": [None, True]}
    if reserve:
        changes["reserve"] = [None, True]
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action="membership.propose",
                object_type="person",
                object_id=str(pid),
                pemda_id=cohort.pemda_id,
                changes=changes,
                reason=_("Rencana anggaran"),
            )
            for pid in ids
        ],
        batch_size=BATCH,
    )


@transaction.atomic
def plan_save(
    *, actor: User, inputs: PlanInput, fingerprint_shown: str, set_quota: bool = False
) -> SavedPlan:
    """Create the proposed memberships of the plan ``actor`` was shown.

    The plan of ``inputs`` is computed again under a lock on the cohort, from ``actor``'s own
    scope; if its fingerprint differs from ``fingerprint_shown`` (the candidates or their data
    changed, or the plan came from another user's scope) nothing is written. The selected
    people go in the quota in plan order, the reserve list after whoever is on it already,
    ranks in plan order. With ``set_quota`` (Dinas admin) the cohort's quota becomes the live
    members in quota plus the selected; without it a plan that does not fit the quota is
    refused. Audited: one event per person and one for the cohort.
    """
    if not actor.is_authenticated or actor.role not in PROPOSE_ROLES or actor.pemda_id is None:
        raise OutOfScope(_("Peran Anda tidak boleh mengusulkan peserta."))
    if set_quota and actor.role != Role.DINAS_ADMIN:
        raise OutOfScope(_("Hanya Admin Dinas yang mengubah kuota kohort."))
    cohort = cohort_get(actor, inputs.cohort_id)
    if cohort is None:
        raise OutOfScope(_("Kohort tidak ditemukan."))
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    fresh = plan_compute(actor, inputs)
    if fresh.fingerprint != fingerprint_shown:
        raise EnrolmentError(
            _(
                "Rencana sudah usang: calon peserta atau datanya berubah sejak rencana dihitung "
                "(ada yang diusulkan, desil atau alamat berubah). Hitung ulang, lalu simpan lagi."
            )
        )
    selected, reserve = fresh.plan.selected, fresh.plan.reserve
    in_quota = Membership.objects.filter(
        cohort=cohort, status__in=LIVE, reserve_rank__isnull=True
    ).count()
    quota_before = cohort.quota
    quota_after = in_quota + len(selected) if set_quota else quota_before
    if quota_after is not None and in_quota + len(selected) > quota_after:
        raise EnrolmentError(
            _(
                "Rencana memilih %(n)d orang, tetapi kuota kohort tinggal %(free)d. Pilih "
                "'jadikan kuota' (Admin Dinas) atau kecilkan pagu."
            )
            % {"n": len(selected), "free": max(0, quota_after - in_quota)}
        )
    top = Membership.objects.filter(cohort=cohort).aggregate(m=Max("reserve_rank"))["m"] or 0
    ranks = [None] * len(selected) + list(range(top + 1, top + 1 + len(reserve)))
    now = timezone.now()
    Membership.objects.bulk_create(
        [
            Membership(
                cohort=cohort,
                person_id=pid,
                proposed_by=actor,
                reserve_rank=rank,
                eligible=True,
                eligibility_checked_at=now,
            )
            for pid, rank in zip([*selected, *reserve], ranks, strict=True)
        ],
        batch_size=BATCH,
    )
    if quota_after != quota_before:
        Cohort.objects.filter(pk=cohort.pk).update(quota=quota_after)
    _audit_people(actor, cohort, selected, reserve=False)
    _audit_people(actor, cohort, reserve, reserve=True)
    AuditEvent.objects.create(
        actor=actor,
        action="cohort.plan_save",
        object_type="cohort",
        object_id=str(cohort.pk),
        pemda_id=cohort.pemda_id,
        changes={
            "budget": [None, fresh.plan.budget],
            "months": [None, fresh.plan.months],
            "priority": [None, list(fresh.plan.priority)],
            "unit_cost": [None, fresh.plan.unit_cost],
            "proposed": [None, len(selected)],
            "reserve": [None, len(reserve)],
            "cost": [None, fresh.plan.total_cost],
            "quota": [quota_before, quota_after],
        },
        reason=_("Rencana anggaran disimpan"),
    )
    return SavedPlan(len(selected), len(reserve), quota_before, quota_after)


@dataclass(frozen=True)
class PlanRow:
    rank: int
    person: Person
    facts: Candidate

    @property
    def occupation(self) -> str:
        return OCCUPATIONS.get(self.facts.occupation, self.facts.occupation)


def plan_rows(cohort_plan: CohortPlan, ids: Sequence[int], *, first_rank: int = 1) -> list[PlanRow]:
    """People of one page of a plan (in plan order) with their village; one query."""
    people = Person.objects.filter(pk__in=list(ids)).select_related("domicile_village")
    by_id = {p.pk: p for p in people}
    return [
        PlanRow(first_rank + i, by_id[pid], cohort_plan.facts[pid])
        for i, pid in enumerate(ids)
        if pid in by_id
    ]
