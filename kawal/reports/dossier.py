"""The award dossier (Paritrana, domain-rules §4.2): the evidence a regency submits, from the data.

The award rounds weigh (1) regulations and policy, (2) coverage, (3) programmes and innovations
and (4) an interview. :func:`award_dossier` gathers, for the user's pemda up to ``as_of``:

1. every regulation recorded (in force or not, with its period);
2. coverage per segment at the end of each semester since the pemda's first cohort (at most
   :data:`MAX_SEMESTERS`, the last point on ``as_of``), from ``coverage_figures``;
3. the programmes (cohorts: segment, period, legal basis, quota, funding) and the innovations
   the Dinas admin typed;
4. figures per year: active members at the year's end (or on ``as_of``), the budget ceiling in
   force (perubahan where there is one), contributions paid for the year's months, claims paid.

Each figure is one grouped query (coverage: a few per point). :mod:`kawal.reports.dossier_export`
writes the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from kawal.accounts.models import User
from kawal.claims.models import Claim, ClaimStatus
from kawal.contributions.models import BudgetLine, BudgetStage, CoverageMonth, CoverageStatus
from kawal.enrolment.models import Cohort
from kawal.regions.models import Pemda
from kawal.reports.inpres import Semester, semester_of
from kawal.reports.inpres_coverage import CoverageLine, coverage_lines
from kawal.reports.inpres_regulations import innovations_for, regulations_for
from kawal.reports.models import ProgrammeInnovation, Regulation

MAX_SEMESTERS = 10


@dataclass(frozen=True)
class CoveragePoint:
    semester: Semester
    as_of: date
    lines: list[CoverageLine]


@dataclass(frozen=True)
class YearFigures:
    year: int
    as_of: date
    active: int
    budget: int
    contributions_paid: int
    claims_paid: int
    claims_amount: int


@dataclass
class Dossier:
    pemda_name: str
    dinas_name: str
    as_of: date
    regulations: list[Regulation]
    coverage: list[CoveragePoint]
    cohorts: list[Cohort]
    innovations: list[ProgrammeInnovation]
    years: list[YearFigures]


def semesters_until(first: date, as_of: date) -> list[Semester]:
    """Semesters from the one holding ``first`` to the one holding ``as_of`` (last ten)."""
    result = []
    current = semester_of(as_of)
    start = semester_of(min(first, as_of))
    while (current.year, current.half) >= (start.year, start.half):
        result.append(current)
        current = current.previous()
    return list(reversed(result[:MAX_SEMESTERS]))


def award_dossier(user: User, *, as_of: date) -> Dossier:
    """The dossier of the user's pemda as of ``as_of`` (empty for a user without one)."""
    pemda = Pemda.objects.filter(pk=user.pemda_id).first()
    cohorts = list(
        Cohort.objects.filter(pemda_id=user.pemda_id, period_start__lte=as_of).order_by(
            "period_start", "name"
        )
    )
    first = min((c.period_start for c in cohorts), default=as_of)
    points = [
        CoveragePoint(s, min(s.last_day, as_of), coverage_lines(user, as_of=min(s.last_day, as_of)))
        for s in semesters_until(first, as_of)
    ]
    return Dossier(
        pemda_name=pemda.name if pemda else "",
        dinas_name=pemda.dinas_name if pemda else "",
        as_of=as_of,
        regulations=list(regulations_for(user).filter(signed_on__lte=as_of)),
        coverage=points,
        cohorts=cohorts,
        innovations=list(innovations_for(user).filter(year__lte=as_of.year)),
        years=year_figures(user, points, as_of),
    )


def _budget_by_year(pemda_id: int | None) -> dict[int, int]:
    """Ceiling in force per fiscal year: per account, source, cohort and programme the
    perubahan line where there is one, else the murni."""
    best: dict[tuple[int, str, str, int | None, str], tuple[str, int]] = {}
    lines = BudgetLine.objects.filter(pemda_id=pemda_id).values_list(
        "fiscal_year", "account_code", "funding_source", "cohort_id", "programme", "stage", "amount"
    )
    for year, account, source, cohort, programme, stage, amount in lines:
        key = (year, account, source, cohort, programme)
        if key not in best or stage == BudgetStage.PERUBAHAN:
            best[key] = (stage, amount)
    totals: dict[int, int] = {}
    for (year, *_rest), (_stage, amount) in best.items():
        totals[year] = totals.get(year, 0) + amount
    return totals


def year_figures(user: User, points: list[CoveragePoint], as_of: date) -> list[YearFigures]:
    """One row per year of the coverage series (members from its last point of the year)."""
    pemda_id = user.pemda_id
    paid = dict(
        CoverageMonth.objects.filter(
            cohort__pemda_id=pemda_id, status=CoverageStatus.PAID, month__lte=as_of
        )
        .annotate(y=ExtractYear("month"))
        .values("y")
        .annotate(s=Sum("amount"))
        .values_list("y", "s")
    )
    claims = {
        row["y"]: (row["n"], int(row["s"] or 0))
        for row in Claim.objects.filter(
            pemda_id=pemda_id, status=ClaimStatus.PAID, paid_on__lte=as_of
        )
        .annotate(y=ExtractYear("paid_on"))
        .values("y")
        .annotate(n=Count("id"), s=Sum("paid_amount"))
    }
    budget = _budget_by_year(pemda_id)
    last_point: dict[int, CoveragePoint] = {}
    for point in points:
        last_point[point.semester.year] = point
    rows = []
    for year, point in sorted(last_point.items()):
        total = next((ln for ln in point.lines if ln.segment == "total"), None)
        n, amount = claims.get(year, (0, 0))
        rows.append(
            YearFigures(
                year=year,
                as_of=point.as_of,
                active=total.active if total else 0,
                budget=budget.get(year, 0),
                contributions_paid=int(paid.get(year) or 0),
                claims_paid=n,
                claims_amount=amount,
            )
        )
    return rows
