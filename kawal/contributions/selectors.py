"""Reads of contributions: scoped cohorts and bills, arrears, realisation, projection.

Everything starts from the user's pemda: another pemda's cohort, bill or reconciliation is a 404
for the views, exactly like one that does not exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.db import connection
from django.db.models import Q, QuerySet

from kawal.accounts.models import Role, User
from kawal.contributions.coverage import calculator_segment
from kawal.contributions.models import Bill, BudgetLine, BudgetStage, Reconciliation
from kawal.domain.contributions import ContributionError, quote
from kawal.enrolment.models import Cohort
from kawal.intake.bulk import read_frame

READ_ROLES = frozenset(
    {Role.FINANCE, Role.DINAS_ADMIN, Role.AUDITOR, Role.INSURER_LIAISON, Role.BUPATI_OFFICE}
)
WRITE_ROLES = frozenset({Role.FINANCE, Role.DINAS_ADMIN})
PAYMENT_ROLES = frozenset({Role.FINANCE})

#: BPU participation lapses after 3 unpaid months; Kawal warns at 2 (domain-rules §1.4).
ARREARS_WARN = 2
ARREARS_LAPSE = 3


def can_read(user: User) -> bool:
    return user.is_authenticated and user.role in READ_ROLES and user.pemda_id is not None


def can_write(user: User) -> bool:
    return can_read(user) and user.role in WRITE_ROLES


def can_pay(user: User) -> bool:
    return can_read(user) and user.role in PAYMENT_ROLES


def _pemda(user: User) -> Q:
    return Q(pemda_id=user.pemda_id) if can_read(user) else Q(pk__in=[])


def cohorts_for(user: User) -> QuerySet[Cohort]:
    return Cohort.objects.filter(_pemda(user))


def bills_for(user: User) -> QuerySet[Bill]:
    return Bill.objects.filter(_pemda(user)).select_related("cohort")


def reconciliations_for(user: User) -> QuerySet[Reconciliation]:
    if not can_read(user):
        return Reconciliation.objects.none()
    return Reconciliation.objects.filter(cohort__pemda_id=user.pemda_id).select_related("cohort")


def budget_lines_for(user: User, year: int) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(_pemda(user), fiscal_year=year).select_related("cohort")


# --- arrears ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArrearsRow:
    membership_id: int
    person_id: int
    unpaid_months: int


@dataclass(frozen=True)
class Arrears:
    as_of: date
    warn: tuple[ArrearsRow, ...]
    lapse: tuple[ArrearsRow, ...]


def arrears(cohort: Cohort, as_of: date) -> Arrears:
    """Members whose covered months up to ``as_of`` are unpaid since their last paid month.

    ``warn``: exactly 2 such months; ``lapse``: 3 or more — these are non-aktif at BPJS and
    :func:`memberships_to_deactivate` lists them for the enrolment services.
    """
    frame = read_frame(
        "SELECT membership_id, person_id, month, "
        "MIN(CASE WHEN status = 'paid' THEN 1 ELSE 0 END) "
        "FROM contributions_coveragemonth WHERE cohort_id = %s AND month <= %s "
        "GROUP BY membership_id, person_id, month",
        [cohort.pk, as_of.replace(day=1)],
        {"membership_id": pl.Int64, "person_id": pl.Int64, "month": pl.Date, "paid": pl.Int64},
    )
    last_paid = (
        frame.filter(pl.col("paid") == 1)
        .group_by("membership_id")
        .agg(pl.col("month").max().alias("last_paid"))
    )
    unpaid = (
        frame.join(last_paid, on="membership_id", how="left")
        .filter(pl.col("last_paid").is_null() | (pl.col("month") > pl.col("last_paid")))
        .group_by("membership_id", "person_id")
        .agg(pl.len().alias("unpaid"))
        .sort("membership_id")
    )
    rows = [ArrearsRow(m, p, int(n)) for m, p, n in unpaid.iter_rows()]
    return Arrears(
        as_of,
        tuple(r for r in rows if r.unpaid_months == ARREARS_WARN),
        tuple(r for r in rows if r.unpaid_months >= ARREARS_LAPSE),
    )


def memberships_to_deactivate(cohort: Cohort, as_of: date) -> list[int]:
    """Membership ids with 3 or more unpaid months: for the enrolment services to mark non-aktif."""
    return [row.membership_id for row in arrears(cohort, as_of).lapse]


# --- budget and realisation ---------------------------------------------------------------


@dataclass
class Realisation:
    line: BudgetLine
    billed: int = 0
    paid: int = 0

    @property
    def billed_percent(self) -> float:
        return 100.0 * self.billed / self.line.amount if self.line.amount else 0.0

    @property
    def paid_percent(self) -> float:
        return 100.0 * self.paid / self.line.amount if self.line.amount else 0.0


def _coverage_sums(pemda_id: int, year: int) -> dict[tuple[int, str, str], tuple[int, int]]:
    """(cohort, funding, programme) → (billed, paid) rupiah for months of ``year``."""
    return coverage_sums(pemda_id, date(year, 1, 1), date(year, 12, 1))


def coverage_sums(
    pemda_id: int | None, first_month: date, last_month: date
) -> dict[tuple[int, str, str], tuple[int, int]]:
    """(cohort, funding, programme) → (billed, paid) rupiah of the coverage months in range."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.cohort_id, c.funding_source, c.programme, "
            "SUM(CASE WHEN c.status IN ('billed', 'paid') THEN c.amount ELSE 0 END), "
            "SUM(CASE WHEN c.status = 'paid' THEN c.amount ELSE 0 END) "
            "FROM contributions_coveragemonth c JOIN enrolment_cohort k ON k.id = c.cohort_id "
            "WHERE k.pemda_id = %s AND c.month >= %s AND c.month <= %s "
            "GROUP BY c.cohort_id, c.funding_source, c.programme",
            [pemda_id, first_month, last_month],
        )
        return {(k, f, p): (int(b), int(q)) for k, f, p, b, q in cursor.fetchall()}


def realisation(user: User, year: int) -> list[Realisation]:
    """Each budget line of the year with what was billed and paid against it.

    A line is matched on funding source, and on its cohort and programme when it names them;
    a line that names neither takes every cohort of that funding source. The same amounts are
    shown against the murni and the perubahan line: the perubahan is the later ceiling.
    """
    lines = list(budget_lines_for(user, year))
    if not lines:
        return []
    sums = _coverage_sums(user.pemda_id, year)
    result = []
    for line in lines:
        row = Realisation(line)
        for (cohort_id, funding, programme), (billed, paid) in sums.items():
            if funding != line.funding_source:
                continue
            if line.cohort_id is not None and cohort_id != line.cohort_id:
                continue
            if line.programme and programme != line.programme:
                continue
            row.billed += billed
            row.paid += paid
        result.append(row)
    return result


def current_ceiling(rows: list[Realisation]) -> list[Realisation]:
    """The line in force per account: perubahan where there is one, else murni."""
    best: dict[tuple[str, str, int | None, str], Realisation] = {}
    for row in rows:
        key = (
            row.line.account_code,
            row.line.funding_source,
            row.line.cohort_id,
            row.line.programme,
        )
        if key not in best or row.line.stage == BudgetStage.PERUBAHAN:
            best[key] = row
    return list(best.values())


@dataclass
class Projection:
    cohort: Cohort
    persons: int
    months: int
    by_programme: dict[str, int] = field(default_factory=dict)
    total: int = 0
    error: str = ""


def base_cohorts(user: User, year: int) -> QuerySet[Cohort]:
    """The cohorts a budget for ``year`` continues: those running in December of ``year - 1``.

    An earlier year's cohort whose period is over is not projected again (its members stay
    ``active`` in that cohort's history, but the money was that year's), and a cohort that
    starts later is not yet one to continue.
    """
    return cohorts_for(user).filter(
        period_start__lte=date(year - 1, 12, 31), period_end__gte=date(year - 1, 12, 1)
    )


def projection(user: User, year: int) -> list[Projection]:
    """Next year's cost of each cohort's current active members for 12 months at next year's rates.

    PU members are grouped by wage and risk class (one quote per group, not per person).
    """
    result = []
    for cohort in base_cohorts(user, year).order_by("name"):
        groups = active_groups(cohort)
        if not groups:
            continue
        row = Projection(cohort, sum(groups.values()), 12)
        segment = calculator_segment(cohort.segment)
        try:
            for (wage, risk), persons in groups.items():
                q = quote(
                    segment=segment,
                    month=date(year, 1, 1),
                    months=12,
                    persons=persons,
                    funding=cohort.funding_source,
                    wage=wage if segment == "pu" else None,
                    risk_class=risk if segment == "pu" else None,
                    programmes=cohort.programmes or None,
                )
                for programme, amount in q.by_programme().items():
                    row.by_programme[programme] = row.by_programme.get(programme, 0) + amount
                row.total += q.total
        except ContributionError as exc:
            row.error = str(exc)
        result.append(row)
    return result


def active_groups(cohort: Cohort) -> dict[tuple[int | None, str], int]:
    """Active members of ``cohort`` counted per (wage, JKK class): one group for BPU cohorts."""
    groups: dict[tuple[int | None, str], int] = defaultdict(int)
    with connection.cursor() as cursor:
        if calculator_segment(cohort.segment) == "bpu":
            cursor.execute(
                "SELECT COUNT(*) FROM enrolment_membership WHERE cohort_id = %s "
                "AND status = 'active'",
                [cohort.pk],
            )
            count = int(cursor.fetchone()[0])
            if count:
                groups[(None, "")] = count
            return dict(groups)
        cursor.execute(
            "SELECT COALESCE(s.wage, 0), w.jkk_risk_class, COUNT(*) FROM enrolment_membership m "
            "JOIN registry_segmentmembership s ON s.id = (SELECT MAX(s2.id) FROM "
            "registry_segmentmembership s2 WHERE s2.person_id = m.person_id "
            "AND s2.segment = 'non_asn' AND s2.pemda_id = %s) "
            "JOIN registry_workunit w ON w.id = s.work_unit_id "
            "WHERE m.cohort_id = %s AND m.status = 'active' GROUP BY s.wage, w.jkk_risk_class",
            [cohort.pemda_id, cohort.pk],
        )
        for wage, risk, count in cursor.fetchall():
            groups[(int(wage), risk)] += int(count)
    return dict(groups)
