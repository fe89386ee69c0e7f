"""The dashboard's other figures: monthly trend, budget absorption, arrears and claims.

Each is scoped like the coverage figures (:mod:`kawal.reports.coverage`): the people a user may
see, in the user's pemda. Budget lines are pemda-wide money and shown to the roles that read
contributions (finance, Dinas admin, auditor, insurer liaison).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl
from django.db.models import Count, Q, QuerySet, Sum

from kawal.accounts.models import User
from kawal.claims.models import Claim, ClaimStatus
from kawal.contributions import selectors as contributions
from kawal.contributions.selectors import ArrearsRow, Realisation
from kawal.domain.rates import add_months
from kawal.enrolment.models import Cohort, Membership
from kawal.reports.coverage import IN_FORCE, frame_of, persons_in_scope

PENDING = (ClaimStatus.REPORTED, ClaimStatus.DOCUMENTS_COMPLETE, ClaimStatus.SUBMITTED)


# --- trend -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    month: date  # first day of the month
    day: date  # the day counted: the month's last day, or ``as_of`` in its own month
    active: int


def month_days(as_of: date, months: int = 12) -> list[tuple[date, date]]:
    """(first day, day counted) of the ``months`` months ending with ``as_of``'s month."""
    first = as_of.replace(day=1)
    result = []
    for back in range(months - 1, -1, -1):
        month = add_months(first, -back)
        result.append((month, min(add_months(month, 1) - timedelta(days=1), as_of)))
    return result


def monthly_active(user: User, *, as_of: date, months: int = 12) -> list[TrendPoint]:
    """People with a membership in force on the last day of each month (as in the figures).

    Read from memberships (status, start/end dates, cohort period) and the date of death — not
    from coverage months, which exist only where bills were generated.
    """
    days = month_days(as_of, months)
    rows = frame_of(
        Membership.objects.filter(
            person__in=persons_in_scope(user),
            status__in=IN_FORCE,
            start_date__isnull=False,
            cohort__pemda_id=user.pemda_id,
        )
        .order_by()
        .values_list(
            "person_id",
            "start_date",
            "end_date",
            "cohort__period_start",
            "cohort__period_end",
            "person__date_of_death",
        ),
        {
            "person_id": pl.Int64,
            "start": pl.Date,
            "end": pl.Date,
            "p_start": pl.Date,
            "p_end": pl.Date,
            "death": pl.Date,
        },
    )
    calendar = pl.DataFrame(
        {"month": [m for m, _ in days], "day": [d for _, d in days]},
        schema={"month": pl.Date, "day": pl.Date},
    )
    day = pl.col("day")
    counted = (
        rows.join(calendar, how="cross")
        .filter(
            (pl.col("start") <= day)
            & (pl.col("end").is_null() | (pl.col("end") >= day))
            & (pl.col("p_start") <= day)
            & (pl.col("p_end") >= day)
            & (pl.col("death").is_null() | (pl.col("death") > day))
        )
        .group_by("month")
        .agg(pl.col("person_id").n_unique().alias("n"))
    )
    found = dict(counted.iter_rows())
    return [TrendPoint(m, d, int(found.get(m, 0))) for m, d in days]


# --- budget ----------------------------------------------------------------------------------


def budget_rows(user: User, year: int) -> list[Realisation]:
    """The budget lines in force of ``year`` with billed and paid (empty for other roles)."""
    if not contributions.can_read(user):
        return []
    return contributions.current_ceiling(contributions.realisation(user, year))


# --- arrears ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortArrears:
    cohort: Cohort
    warn: tuple[ArrearsRow, ...]
    lapse: tuple[ArrearsRow, ...]


def running_cohorts(user: User, as_of: date) -> QuerySet[Cohort]:
    if user.pemda_id is None:
        return Cohort.objects.none()
    return Cohort.objects.filter(
        pemda_id=user.pemda_id, period_start__lte=as_of, period_end__gte=as_of
    ).order_by("name")


def arrears_by_cohort(user: User, *, as_of: date) -> list[CohortArrears]:
    """Members 2 (warn) and 3+ (lapse) months unpaid, per cohort running on ``as_of``.

    Reuses :func:`kawal.contributions.selectors.arrears` and keeps the people in the user's scope.
    """
    found = [(c, contributions.arrears(c, as_of)) for c in running_cohorts(user, as_of)]
    ids = {r.person_id for _, a in found for r in a.warn + a.lapse}
    keep = set(persons_in_scope(user).values_list("pk", flat=True)) if ids else set()
    return [
        CohortArrears(
            cohort,
            tuple(r for r in a.warn if r.person_id in keep),
            tuple(r for r in a.lapse if r.person_id in keep),
        )
        for cohort, a in found
    ]


# --- claims ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimFigures:
    paid: int
    paid_amount: int
    pending: int
    pending_amount: int  # the benefit computed for the pending claims
    rejected: int
    uncovered: int  # events of people not covered on the day (the budget argument)


CLAIM_GROUPS = {
    "paid": Q(status=ClaimStatus.PAID),
    # an uncovered event stays "reported" but is never submitted: counted only as uncovered
    "pending": Q(status__in=PENDING, covered=True),
    "rejected": Q(status=ClaimStatus.REJECTED),
    "uncovered": Q(covered=False),
}


def claims_for(user: User) -> QuerySet[Claim]:
    """Claims of the people in the user's scope."""
    if user.pemda_id is None:
        return Claim.objects.none()
    return Claim.objects.filter(pemda_id=user.pemda_id, person__in=persons_in_scope(user))


def claim_figures(user: User) -> ClaimFigures:
    row = claims_for(user).aggregate(
        paid=Count("id", filter=CLAIM_GROUPS["paid"]),
        paid_amount=Sum("paid_amount", filter=CLAIM_GROUPS["paid"]),
        pending=Count("id", filter=CLAIM_GROUPS["pending"]),
        pending_amount=Sum("benefit_total", filter=CLAIM_GROUPS["pending"]),
        rejected=Count("id", filter=CLAIM_GROUPS["rejected"]),
        uncovered=Count("id", filter=CLAIM_GROUPS["uncovered"]),
    )
    return ClaimFigures(**{k: int(v or 0) for k, v in row.items()})
