"""Coverage months and bills of a cohort, generated set-based (SQL ``INSERT … SELECT``).

:func:`coverage_generate` is the one service that writes coverage. For a cohort and a range of
months it:

1. prices each distinct (segment, programme, month, basis) once with the calculator
   (:func:`kawal.domain.contributions.quote`) — never per person — into a temporary price table;
2. reports, in :class:`~kawal.contributions.models.CoverageConflict` rows, every month a member
   would get that another cohort already funds (the database would refuse it anyway:
   ``coverage_once_per_person_month``);
3. creates the expected bill of each month that has no bill yet (``GROUP BY`` month, then
   programme and per-person amount), and
4. inserts the coverage months, already linked to their bill line (status ``billed``), or
   ``planned`` for a month whose bill existed before this run.

A member is covered in month M when M lies in the requested range and in the cohort's period,
their membership is active and its start/end dates touch M, they were alive on the first of M
(a death in M still covers M), and — for ad hoc election workers — one of their ad hoc stages
(``SegmentMembership`` start/end) touches M. A run is idempotent: months the cohort already
holds are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction

from kawal.accounts.models import User
from kawal.accounts.services import audit_record
from kawal.contributions.models import Bill, BillLine, CoverageMonth, CoverageRun
from kawal.domain.contributions import quote
from kawal.domain.rates import add_months, format_month
from kawal.enrolment.models import Cohort
from kawal.intake.bulk_constraints import foreign_keys_checked_as_a_set

MONTHS_TABLE = "kawal_cov_months"
PRICES_TABLE = "kawal_cov_prices"
TAKEN_TABLE = "kawal_cov_taken"


class CoverageError(ValueError):
    """A run that cannot be made; the message is Indonesian and ready for users."""


@dataclass(frozen=True)
class CoverageResult:
    run_id: int
    months: tuple[date, ...]
    inserted: int
    conflicts: int
    bills: int
    planned_in_billed_months: int


def calculator_segment(cohort_segment: str) -> str:
    """Non-ASN staff are wage earners (PU); every other segment is priced as BPU."""
    return "pu" if cohort_segment == "non_asn" else "bpu"


def month_range(first: date, last: date) -> list[date]:
    """First days of the months from ``first`` to ``last`` inclusive."""
    start, end = first.replace(day=1), last.replace(day=1)
    if end < start:
        raise CoverageError("Bulan akhir lebih awal dari bulan awal.")
    months = [start]
    while months[-1] < end:
        months.append(add_months(months[-1], 1))
    return months


def month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def cohort_months(cohort: Cohort, first: date, last: date) -> list[date]:
    """The requested months that fall inside the cohort's coverage period."""
    lo, hi = cohort.period_start.replace(day=1), cohort.period_end.replace(day=1)
    return [m for m in month_range(first, last) if lo <= m <= hi]


def coverage_generate(
    *, actor: User | None, cohort: Cohort, first: date, last: date
) -> CoverageResult:
    """Generate the cohort's coverage months and bills for ``first``..``last`` (see module doc)."""
    months = cohort_months(cohort, first, last)
    if not months:
        raise CoverageError("Rentang bulan di luar periode perlindungan kohort.")
    programmes = list(cohort.programmes or ["jkk", "jkm"])
    segment = calculator_segment(cohort.segment)
    with transaction.atomic():
        run = CoverageRun.objects.create(
            cohort=cohort, first_month=months[0], last_month=months[-1], created_by=actor
        )
        with connection.cursor() as cursor:
            _fill_months(cursor, cohort, months)
            _fill_prices(cursor, cohort, segment, programmes, months)
            if connection.vendor == "postgresql":
                # Temporary tables have no statistics, and members written in this
                # transaction are not counted yet: without these the planner guessed one row
                # and chose nested loops. ANALYZE samples, so it stays cheap.
                cursor.execute(
                    f"ANALYZE {MONTHS_TABLE}, {PRICES_TABLE}, enrolment_membership, "
                    "contributions_coveragemonth"
                )
            candidates, params = _candidates_sql(cohort, segment)
            conflicts = _report_conflicts(cursor, run, cohort, candidates, params)
            billed_before = set(
                Bill.objects.filter(cohort=cohort, month__in=months).values_list("month", flat=True)
            )
            bills = _insert_bills(cursor, cohort, actor, candidates, params, billed_before)
            estimate = _estimate_rows(cursor, cohort, months, programmes)
            with foreign_keys_checked_as_a_set([CoverageMonth], estimate):
                inserted = _insert_coverage(cursor, cohort, candidates, params, billed_before)
            planned = _count_planned(cursor, cohort, months, billed_before)
            cursor.execute(f"DROP TABLE {MONTHS_TABLE}")
            cursor.execute(f"DROP TABLE {PRICES_TABLE}")
            cursor.execute(f"DROP TABLE {TAKEN_TABLE}")
        CoverageRun.objects.filter(pk=run.pk).update(inserted=inserted, conflicts=conflicts)
        audit_record(
            actor=actor,
            action="contributions.coverage_generate",
            object_type="enrolment.cohort",
            object_id=cohort.pk,
            pemda_id=cohort.pemda_id,
            changes={
                "months": [None, f"{format_month(months[0])}..{format_month(months[-1])}"],
                "coverage_months": [None, inserted],
                "conflicts": [None, conflicts],
                "bills": [None, bills],
            },
        )
    return CoverageResult(run.pk, tuple(months), inserted, conflicts, bills, planned)


def _estimate_rows(
    cursor: object, cohort: Cohort, months: list[date], programmes: list[str]
) -> int:
    """An upper bound of the rows about to be written (decides the foreign-key strategy)."""
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT COUNT(*) FROM enrolment_membership WHERE cohort_id = %s AND status = 'active'",
        [cohort.pk],
    )
    return int(cursor.fetchone()[0]) * len(months) * len(programmes)  # type: ignore[attr-defined]


def _fill_months(cursor: object, cohort: Cohort, months: list[date]) -> None:
    cursor.execute(  # type: ignore[attr-defined]
        f"CREATE TEMP TABLE {MONTHS_TABLE} (month date NOT NULL, month_end date NOT NULL)"
    )
    rows = [(m, min(month_end(m), cohort.period_end), max(m, cohort.period_start)) for m in months]
    cursor.executemany(  # type: ignore[attr-defined]
        f"INSERT INTO {MONTHS_TABLE} (month, month_end) VALUES (%s, %s)",  # noqa: S608 - fixed SQL, values are bound
        [(m, end) for m, end, _start in rows],
    )


def _price_keys(cohort: Cohort, segment: str) -> list[tuple[int | None, str]]:
    """Distinct (wage, risk class) of the cohort's active members; one key for BPU."""
    if segment == "bpu":
        return [(None, "")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT s.wage, w.jkk_risk_class FROM enrolment_membership m "  # noqa: S608 - fixed SQL, values are bound
            f"JOIN registry_segmentmembership s ON s.id = ({_LATEST_NON_ASN}) "
            "JOIN registry_workunit w ON w.id = s.work_unit_id "
            "WHERE m.cohort_id = %s AND m.status = 'active'",
            [cohort.pemda_id, cohort.pk],
        )
        return [(int(wage or 0), risk) for wage, risk in cursor.fetchall()]


_LATEST_NON_ASN = (
    "SELECT MAX(s2.id) FROM registry_segmentmembership s2 WHERE s2.person_id = m.person_id "
    "AND s2.segment = 'non_asn' AND s2.pemda_id = %s"
)


def _fill_prices(
    cursor: object, cohort: Cohort, segment: str, programmes: list[str], months: list[date]
) -> None:
    """One calculator quote per distinct (programme set, month, basis): amounts per programme."""
    cursor.execute(  # type: ignore[attr-defined]
        f"CREATE TEMP TABLE {PRICES_TABLE} (month date NOT NULL, programme varchar(4) NOT NULL, "
        "wage bigint, risk varchar(3) NOT NULL, amount bigint NOT NULL)"
    )
    rows = []
    for wage, risk in _price_keys(cohort, segment):
        for month in months:
            priced = quote(
                segment=segment,
                month=month,
                funding=cohort.funding_source,
                wage=wage if segment == "pu" else None,
                risk_class=risk if segment == "pu" else None,
                programmes=programmes,
            )
            for programme, amount in priced.by_programme().items():
                rows.append((month, programme, wage, risk, amount))
    cursor.executemany(  # type: ignore[attr-defined]
        f"INSERT INTO {PRICES_TABLE} (month, programme, wage, risk, amount) "  # noqa: S608 - fixed SQL, values are bound
        "VALUES (%s, %s, %s, %s, %s)",
        rows,
    )


def _candidates_sql(cohort: Cohort, segment: str) -> tuple[str, list[object]]:
    """SELECT membership_id, person_id, programme, month, amount of the rows the run wants."""
    params: list[object] = []
    if segment == "pu":
        joins = (
            f"JOIN registry_segmentmembership s ON s.id = ({_LATEST_NON_ASN}) "
            "JOIN registry_workunit w ON w.id = s.work_unit_id "
            f"JOIN {PRICES_TABLE} pr ON pr.month = mo.month AND pr.wage = COALESCE(s.wage, 0) "
            "AND pr.risk = w.jkk_risk_class "
        )
        params.append(cohort.pemda_id)
    else:
        joins = f"JOIN {PRICES_TABLE} pr ON pr.month = mo.month "
    adhoc = ""
    if cohort.segment == "adhoc":
        adhoc = (
            "AND EXISTS (SELECT 1 FROM registry_segmentmembership a "
            "WHERE a.person_id = m.person_id AND a.segment = 'adhoc' AND a.pemda_id = %s "
            "AND a.start_date <= mo.month_end "
            "AND a.end_date >= mo.month) "
        )
    sql = (
        "SELECT m.id AS membership_id, m.person_id AS person_id, pr.programme AS programme, "  # noqa: S608 - fixed SQL, values are bound
        "mo.month AS month, pr.amount AS amount "
        "FROM enrolment_membership m "
        "JOIN registry_person p ON p.id = m.person_id "
        f"JOIN {MONTHS_TABLE} mo ON (m.start_date IS NULL OR m.start_date <= mo.month_end) "
        "AND (m.end_date IS NULL OR m.end_date >= mo.month) "
        "AND (p.date_of_death IS NULL OR p.date_of_death >= mo.month) "
        f"{joins}"
        "WHERE m.cohort_id = %s AND m.status = 'active' "
        f"{adhoc}"
    )
    params.append(cohort.pk)
    if adhoc:
        params.append(cohort.pemda_id)
    return sql, params


def _report_conflicts(
    cursor: object, run: CoverageRun, cohort: Cohort, candidates: str, params: list[object]
) -> int:
    """Collect the (person, programme, month) already held by anyone into a temporary table,
    then report those held by another cohort.

    The inserts below test new rows against this table, never against the coverage table they
    write to: a plan that scanned the table being filled once per row went quadratic.
    """
    cursor.execute(  # type: ignore[attr-defined]
        f"CREATE TEMP TABLE {TAKEN_TABLE} AS "  # noqa: S608 - fixed SQL, values are bound
        "SELECT c.membership_id, c.person_id, c.programme, c.month, x.cohort_id, "
        f"x.funding_source FROM ({candidates}) c "
        "JOIN contributions_coveragemonth x ON x.person_id = c.person_id "
        "AND x.programme = c.programme AND x.month = c.month",
        params,
    )
    cursor.execute(  # type: ignore[attr-defined]
        f"CREATE INDEX {TAKEN_TABLE}_key ON {TAKEN_TABLE} (person_id, programme, month)"
    )
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {TAKEN_TABLE}")  # type: ignore[attr-defined]
    cursor.execute(  # type: ignore[attr-defined]
        "INSERT INTO contributions_coverageconflict "  # noqa: S608 - fixed SQL, values are bound
        "(run_id, membership_id, person_id, programme, month, held_by_cohort_id, held_funding) "
        "SELECT %s, t.membership_id, t.person_id, t.programme, t.month, t.cohort_id, "
        f"t.funding_source FROM {TAKEN_TABLE} t WHERE t.cohort_id <> %s",
        [run.pk, cohort.pk],
    )
    return max(cursor.rowcount, 0)  # type: ignore[attr-defined]


_NEW_ONLY = (
    f"NOT EXISTS (SELECT 1 FROM {TAKEN_TABLE} t WHERE t.person_id = c.person_id "  # noqa: S608 - fixed SQL
    "AND t.programme = c.programme AND t.month = c.month)"
)


def _months_filter(months: set[date], column: str) -> tuple[str, list[object]]:
    if not months:
        return "", []
    marks = ", ".join(["%s"] * len(months))
    return f"AND {column} NOT IN ({marks}) ", sorted(months)


def _insert_bills(
    cursor: object,
    cohort: Cohort,
    actor: User | None,
    candidates: str,
    params: list[object],
    billed_before: set[date],
) -> int:
    """The bills of months not billed yet, from one ``GROUP BY month, programme, amount`` over
    the rows about to be inserted (a few dozen groups: bills and lines are then tiny writes).

    Every covered member gets every programme of the cohort, so a bill's persons are the
    persons of any one programme (summed over its amounts).
    """
    skip, skip_params = _months_filter(billed_before, "c.month")
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT c.month, c.programme, c.amount, COUNT(*) "  # noqa: S608 - fixed SQL, values are bound
        f"FROM ({candidates}) c WHERE {_NEW_ONLY} {skip}"
        "GROUP BY c.month, c.programme, c.amount",
        [*params, *skip_params],
    )
    groups: dict[date, list[tuple[str, int, int]]] = {}
    for month, programme, amount, count in cursor.fetchall():  # type: ignore[attr-defined]
        month = month if isinstance(month, date) else date.fromisoformat(str(month))
        groups.setdefault(month, []).append((programme, int(amount), int(count)))
    bills = Bill.objects.bulk_create(
        [
            Bill(
                cohort=cohort,
                pemda_id=cohort.pemda_id,
                funding_source=cohort.funding_source,
                month=month,
                persons=_persons(lines),
                total=sum(amount * count for _p, amount, count in lines),
                created_by=actor,
            )
            for month, lines in sorted(groups.items())
        ]
    )
    by_month = {bill.month: bill for bill in Bill.objects.filter(cohort=cohort, month__in=groups)}
    BillLine.objects.bulk_create(
        [
            BillLine(
                bill=by_month[month],
                programme=programme,
                unit_amount=amount,
                persons=count,
                total=amount * count,
            )
            for month, lines in groups.items()
            for programme, amount, count in lines
        ]
    )
    return len(bills)


def _persons(lines: list[tuple[str, int, int]]) -> int:
    per_programme: dict[str, int] = {}
    for programme, _amount, count in lines:
        per_programme[programme] = per_programme.get(programme, 0) + count
    return max(per_programme.values())


def _insert_coverage(
    cursor: object,
    cohort: Cohort,
    candidates: str,
    params: list[object],
    billed_before: set[date],
) -> int:
    """Insert the new rows; rows of freshly billed months carry their bill line."""
    fresh, fresh_params = _months_filter(billed_before, "b.month")
    cursor.execute(  # type: ignore[attr-defined]
        "INSERT INTO contributions_coveragemonth "  # noqa: S608 - fixed SQL, values are bound
        "(membership_id, person_id, cohort_id, programme, month, funding_source, amount, "
        "status, bill_line_id) "
        "SELECT c.membership_id, c.person_id, %s, c.programme, c.month, %s, c.amount, "
        "CASE WHEN bl.id IS NULL THEN 'planned' ELSE 'billed' END, bl.id "
        f"FROM ({candidates}) c "
        "LEFT JOIN contributions_bill b ON b.cohort_id = %s AND b.funding_source = %s "
        f"AND b.month = c.month {fresh}"
        "LEFT JOIN contributions_billline bl ON bl.bill_id = b.id AND bl.programme = c.programme "
        f"AND bl.unit_amount = c.amount WHERE {_NEW_ONLY}",
        [
            cohort.pk,
            cohort.funding_source,
            *params,
            cohort.pk,
            cohort.funding_source,
            *fresh_params,
        ],
    )
    return max(cursor.rowcount, 0)  # type: ignore[attr-defined]


def _count_planned(cursor: object, cohort: Cohort, months: list[date], billed: set[date]) -> int:
    if not billed:
        return 0
    marks = ", ".join(["%s"] * len(billed))
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT COUNT(*) FROM contributions_coveragemonth WHERE cohort_id = %s "  # noqa: S608 - fixed SQL, values are bound
        f"AND status = 'planned' AND month IN ({marks})",
        [cohort.pk, *sorted(billed)],
    )
    return int(cursor.fetchone()[0])  # type: ignore[attr-defined]
