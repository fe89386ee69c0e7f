"""Reads of cohorts and memberships, scoped by the user's pemda, role and region.

Eligibility of a whole cohort is evaluated set-based: three reads (people, poverty records,
other cover) into Polars frames and :func:`kawal.domain.eligibility.eligibility_frame` — never
an ORM call per person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db.models import Count, Q, QuerySet

from kawal.accounts.models import Role, User
from kawal.accounts.scope import person_scope
from kawal.domain.eligibility import (
    COVER_SCHEMA,
    PERSON_SCHEMA,
    POVERTY_SCHEMA,
    CohortRules,
    OtherCover,
    PersonFacts,
    PovertyFact,
    Verdict,
    eligibility_frame,
    evaluate,
)
from kawal.enrolment.models import Cohort, DecreeEntry, DecreeList, Membership, MembershipStatus
from kawal.registry.models import Person, PovertyRecord

S = MembershipStatus
#: Statuses that hold a place in the quota (the reserve list excluded) and count as cover.
LIVE = (S.PROPOSED, S.VERIFIED, S.APPROVED, S.SUBMITTED, S.ACTIVE)
COVER = (S.APPROVED, S.SUBMITTED, S.ACTIVE)
FUNNEL = (S.PROPOSED, S.VERIFIED, S.APPROVED, S.SUBMITTED, S.ACTIVE, S.ENDED, S.REJECTED)
ID_CHUNK = 5_000
#: The occupation code of PNS/PPPK/TNI/Polri (``kawal.domain.occupations``): never eligible.
ASN_OCCUPATION = "asn"


def cohorts_visible(user: User) -> QuerySet[Cohort]:
    if not user.is_authenticated or not user.role or user.pemda_id is None:
        return Cohort.objects.none()
    return Cohort.objects.filter(pemda_id=user.pemda_id)


def cohort_get(user: User, cohort_id: int) -> Cohort | None:
    return cohorts_visible(user).filter(pk=cohort_id).first()


def memberships_visible(user: User) -> QuerySet[Membership]:
    """Memberships of the user's pemda whose person the user may see."""
    if not user.is_authenticated or not user.role or user.pemda_id is None:
        return Membership.objects.none()
    return Membership.objects.filter(
        cohort__pemda_id=user.pemda_id, person__in=Person.objects.filter(person_scope(user))
    )


@dataclass(frozen=True, kw_only=True)
class MembershipFilters:
    status: str = ""
    reserve: str = ""  # "1": only the reserve list, "0": without it
    village: str = ""
    q: str = ""
    eligible: str = ""  # "0": flagged ineligible by the last check


def membership_search(user: User, cohort: Cohort, filters: MembershipFilters) -> QuerySet:
    qs = memberships_visible(user).filter(cohort=cohort)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.reserve == "1":
        qs = qs.filter(reserve_rank__isnull=False)
    elif filters.reserve == "0":
        qs = qs.filter(reserve_rank__isnull=True)
    if filters.village:
        qs = qs.filter(person__domicile_village_id=filters.village)
    if filters.eligible == "0":
        qs = qs.filter(eligible=False)
    if filters.q.strip():
        qs = qs.filter(person__name_normalised__icontains=filters.q.strip())
    return qs.select_related("person__domicile_village__parent").order_by(
        "reserve_rank", "person__name_normalised", "id"
    )


def cohort_funnel(user: User, cohort: Cohort) -> dict[str, int]:
    """Counts per status in the user's scope, plus ``reserve`` (proposed/verified on reserve)."""
    rows = (
        memberships_visible(user)
        .filter(cohort=cohort)
        .values("status")
        .annotate(
            n=Count("id"),
            reserve=Count("id", filter=Q(reserve_rank__isnull=False)),
        )
    )
    counts = {s.value: 0 for s in FUNNEL} | {"reserve": 0}
    for row in rows:
        counts[row["status"]] = row["n"]
        if row["status"] in (S.PROPOSED, S.VERIFIED):
            counts["reserve"] += row["reserve"]
    return counts


def cohorts_with_funnel(user: User) -> list[tuple[Cohort, dict[str, int]]]:
    cohorts = list(cohorts_visible(user))
    counts: dict[int, dict[str, int]] = {
        c.pk: {s.value: 0 for s in FUNNEL} | {"reserve": 0} for c in cohorts
    }
    rows = (
        memberships_visible(user)
        .values("cohort_id", "status")
        .annotate(n=Count("id"), reserve=Count("id", filter=Q(reserve_rank__isnull=False)))
    )
    for row in rows:
        bucket = counts[row["cohort_id"]]
        bucket[row["status"]] = row["n"]
        if row["status"] in (S.PROPOSED, S.VERIFIED):
            bucket["reserve"] += row["reserve"]
    return [(c, counts[c.pk]) for c in cohorts]


# --- work queues ------------------------------------------------------------------------------

QUEUES: dict[str, tuple[tuple[str, str], ...]] = {
    # role -> (status, filter) pairs that wait for this role
    Role.VILLAGE_OPERATOR: ((S.REJECTED, ""),),
    Role.DISTRICT_VERIFIER: ((S.PROPOSED, ""),),
    Role.DINAS_ADMIN: ((S.PROPOSED, ""), (S.VERIFIED, "0"), (S.APPROVED, ""), (S.SUBMITTED, "")),
    Role.INSURER_LIAISON: ((S.APPROVED, ""), (S.SUBMITTED, "")),
}


@dataclass(frozen=True)
class QueueLine:
    cohort: Cohort
    status: str
    reserve: str
    count: int

    @property
    def label(self) -> str:
        return str(MembershipStatus(self.status).label)


def work_queue(user: User) -> list[QueueLine]:
    """What waits for this user: per cohort and status, the count in the user's scope."""
    wanted = QUEUES.get(user.role, ())
    if not wanted:
        return []
    rows = (
        memberships_visible(user)
        .filter(status__in=[s for s, _r in wanted])
        .values("cohort_id", "status")
        .annotate(n=Count("id"), quota=Count("id", filter=Q(reserve_rank__isnull=True)))
    )
    if user.role == Role.VILLAGE_OPERATOR:
        rows = rows.filter(proposed_by=user)
    cohorts = {c.pk: c for c in cohorts_visible(user)}
    lines = []
    for status, reserve in wanted:
        for row in rows:
            if row["status"] == status:
                n = row["quota"] if reserve == "0" else row["n"]
                if n:
                    lines.append(QueueLine(cohorts[row["cohort_id"]], status, reserve, n))
    return lines


# --- eligibility ------------------------------------------------------------------------------


def cohort_rules(cohort: Cohort) -> CohortRules:
    return CohortRules(
        region_code=cohort.pemda.region_id,
        min_age=cohort.min_age,
        max_age=cohort.max_age,
        max_desil=cohort.max_desil,
        poverty_sources=tuple(cohort.poverty_sources or ()),
        poverty_period_from=cohort.poverty_period_from,
        programmes=tuple(cohort.programmes or ()),
        period_start=cohort.period_start,
        period_end=cohort.period_end,
        legal_basis=cohort.legal_basis,
    )


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), ID_CHUNK):
        yield ids[i : i + ID_CHUNK]


def eligibility_of(cohort: Cohort, person_ids: Iterable[int], *, on: date) -> pl.DataFrame:
    """``person_id``, ``eligible``, ``codes`` for these people in ``cohort``, set-based."""
    ids = sorted(set(person_ids))
    persons, poverty, cover = [], [], []
    for chunk in _chunks(ids):
        persons += [
            (pk, born, village, died, occupation == ASN_OCCUPATION)
            for pk, born, village, died, occupation in Person.objects.filter(
                pk__in=chunk
            ).values_list("pk", "birth_date", "domicile_village_id", "date_of_death", "occupation")
        ]
        poverty += PovertyRecord.objects.filter(person_id__in=chunk).values_list(
            "person_id", "source", "desil", "period"
        )
        cover += [
            (pid, list(programmes or ()), start or p_start, end or p_end)
            for pid, programmes, start, end, p_start, p_end in Membership.objects.filter(
                person_id__in=chunk, status__in=COVER
            )
            .exclude(cohort=cohort)
            .values_list(
                "person_id",
                "cohort__programmes",
                "start_date",
                "end_date",
                "cohort__period_start",
                "cohort__period_end",
            )
        ]
    return eligibility_frame(
        cohort_rules(cohort),
        pl.DataFrame(persons, schema=PERSON_SCHEMA, orient="row"),
        pl.DataFrame(poverty, schema=POVERTY_SCHEMA, orient="row"),
        pl.DataFrame(cover, schema=COVER_SCHEMA, orient="row"),
        on=on,
    )


def person_eligibility(user: User, person: Person, *, on: date) -> list[tuple[Cohort, Verdict]]:
    """The explained verdict of one person (obtained through a scoped read) for every cohort."""
    records = tuple(
        PovertyFact(s, d, p)
        for s, d, p in person.poverty_records.values_list("source", "desil", "period")
    )
    covers = list(
        Membership.objects.filter(person=person, status__in=COVER).select_related("cohort")
    )
    verdicts = []
    for cohort in cohorts_visible(user).select_related("pemda"):
        facts = PersonFacts(
            birth_date=person.birth_date,
            domicile_code=person.domicile_village_id,
            poverty=records,
            date_of_death=person.date_of_death,
            is_asn=person.occupation == ASN_OCCUPATION,
            other_cover=tuple(
                OtherCover(
                    m.cohort.name,
                    tuple(m.cohort.programmes),
                    m.start_date or m.cohort.period_start,
                    m.end_date or m.cohort.period_end,
                )
                for m in covers
                if m.cohort_id != cohort.pk
            ),
        )
        verdicts.append((cohort, evaluate(cohort_rules(cohort), facts, on=on)))
    return verdicts


def candidates(user: User, cohort: Cohort, *, q: str = "", village: str = "") -> QuerySet[Person]:
    """People in the user's scope not yet in the cohort (the list a proposer picks from)."""
    qs = Person.objects.filter(person_scope(user)).exclude(memberships__cohort=cohort)
    if village:
        qs = qs.filter(domicile_village_id=village)
    if q.strip():
        qs = qs.filter(name_normalised__icontains=q.strip())
    return qs.select_related("domicile_village__parent").order_by("name_normalised", "id")


# --- decree lists -----------------------------------------------------------------------------


def decrees_of(cohort: Cohort) -> QuerySet[DecreeList]:
    return cohort.decrees.annotate(entry_count=Count("entries")).order_by("-version")


def decree_get(user: User, decree_id: int) -> DecreeList | None:
    return (
        DecreeList.objects.filter(cohort__in=cohorts_visible(user), pk=decree_id)
        .select_related("cohort", "frozen_by")
        .first()
    )


DIFF_FIELDS = (
    "nik",
    "full_name",
    "sex",
    "birth_date",
    "village_code",
    "village_name",
    "district_name",
    "occupation",
    "desil",
)


@dataclass(frozen=True)
class DecreeDiff:
    added: list[DecreeEntry]
    removed: list[DecreeEntry]
    changed: list[tuple[DecreeEntry, dict[str, tuple[object, object]]]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def decree_previous(decree: DecreeList) -> DecreeList | None:
    return (
        DecreeList.objects.filter(cohort_id=decree.cohort_id, version__lt=decree.version)
        .order_by("-version")
        .first()
    )


def decree_diff(old: DecreeList | None, new: DecreeList) -> DecreeDiff:
    """Entries added, removed and changed (field by field) from ``old`` to ``new``."""
    before = {e.membership_id: e for e in old.entries.all()} if old else {}
    after = {e.membership_id: e for e in new.entries.all()}
    changed = []
    for mid, entry in after.items():
        if mid in before:
            diff = {
                f: (getattr(before[mid], f), getattr(entry, f))
                for f in DIFF_FIELDS
                if getattr(before[mid], f) != getattr(entry, f)
            }
            if diff:
                changed.append((entry, diff))
    return DecreeDiff(
        added=[e for mid, e in after.items() if mid not in before],
        removed=[e for mid, e in before.items() if mid not in after],
        changed=changed,
    )
