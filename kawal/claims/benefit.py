"""The benefit of a covered claim, from the pure calculator (:mod:`kawal.domain.benefits`).

- Segment: non-ASN cohorts are wage earners (PU), every other cohort is BPU — the same rule the
  contributions use (``calculator_segment``).
- Wage or basis: PU takes the wage of the person's latest non-ASN segment row; BPU cohorts are
  priced at the lowest income bracket (no reported income is kept), whose basis is Rp 1,000,000.
- Masa iur: the number of **paid** coverage months of that programme up to the event month (the
  JKM scholarship needs 36).
- Children (scholarship) and heirs come from the claim's declared relatives (:class:`ClaimHeir`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kawal.claims.models import ClaimHeir
from kawal.contributions.coverage import calculator_segment
from kawal.contributions.models import CoverageMonth, CoverageStatus
from kawal.domain.benefits import Child, DeathBenefit, death_benefit
from kawal.domain.heirs import HeirDecision, Relative, choose_heirs
from kawal.enrolment.models import Membership
from kawal.registry.models import SegmentMembership


def wage_or_basis(membership: Membership) -> tuple[str, int | None]:
    """(calculator segment, monthly wage for PU or reported income for BPU)."""
    segment = calculator_segment(membership.cohort.segment)
    if segment == "bpu":
        return segment, 0  # lowest bracket: the basis of PP 44/2015 Lampiran II (1,000,000)
    wage = (
        SegmentMembership.objects.filter(person_id=membership.person_id, segment="non_asn")
        .order_by("-start_date", "-id")
        .values_list("wage", flat=True)
        .first()
    )
    return segment, wage


def paid_months(person_id: int, programme: str, event_date: date) -> int:
    """Paid coverage months of ``programme`` up to and including the event month."""
    return CoverageMonth.objects.filter(
        person_id=person_id,
        programme=programme,
        status=CoverageStatus.PAID,
        month__lte=event_date.replace(day=1),
    ).count()


def paid_months_many(events: dict[int, date], programme: str) -> dict[int, int]:
    """:func:`paid_months` for many persons (person id → event date), one grouped query."""
    counts: dict[int, int] = {}
    rows = CoverageMonth.objects.filter(
        person_id__in=list(events), programme=programme, status=CoverageStatus.PAID
    ).values_list("person_id", "month")
    for pid, month in rows:
        if month <= events[pid].replace(day=1):
            counts[pid] = counts.get(pid, 0) + 1
    return counts


def children_of(heirs: Sequence[ClaimHeir]) -> list[Child]:
    return [
        Child(
            name=h.name,
            birth_date=h.birth_date,
            married=h.married,
            working=h.working,
            level=h.school_level or None,
            year_in_level=h.school_year or 1,
        )
        for h in heirs
        if h.relation == "child" and h.alive and h.birth_date is not None
    ]


def claim_benefit(
    *,
    membership: Membership,
    event_date: date,
    cause: str,
    programme: str,
    heirs: Sequence[ClaimHeir] = (),
) -> tuple[DeathBenefit, int]:
    """The death benefit and the masa iur it used."""
    segment, wage = wage_or_basis(membership)
    months = paid_months(membership.person_id, programme, event_date)
    benefit = death_benefit(event_date, cause, segment, wage, months, children_of(heirs))
    return benefit, months


def heir_decision(heirs: Sequence[ClaimHeir], event_date: date) -> HeirDecision:
    relatives = [
        Relative(
            name=h.name,
            relation=h.relation,
            alive=h.alive,
            married=h.married,
            age=_age(h.birth_date, event_date) if h.birth_date else None,
        )
        for h in heirs
    ]
    return choose_heirs(relatives)


def _age(born: date, on: date) -> int:
    return max(0, on.year - born.year - ((on.month, on.day) < (born.month, born.day)))
