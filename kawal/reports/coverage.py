"""Coverage against the eligible population, as of a date, scoped by the user's region.

Definitions (the same ones the dashboard, ``kawal report coverage`` and the Inpres report state):

* **active** (numerator): people with a membership that was in force on ``as_of`` — status
  ``active`` (or ``ended`` later), its start/end dates and its cohort's period containing
  ``as_of`` — and alive on ``as_of``. The segment is the cohort's segment.
* **potential** (denominator): people registered in the segment (``SegmentMembership``; when the
  segment row has start/end dates, they contain ``as_of``), alive on ``as_of``; for pekerja rentan
  only those whose latest DTSEN/DTKS desil known on ``as_of`` is 4 or lower (the newest period,
  the lower desil when one period has two — as the decree list and the planner read it).
* **covered**: potential people who are also active in that segment; ``potential − covered`` are
  the names still to propose.

A person counts once per segment; the ``total`` of an area counts each person once across
segments (active in any cohort, potential in any segment). The figures come from three reads
counted as frames; the
drill-down lists (:mod:`kawal.reports.dashboard_lists`) use the same querysets, so a list always
has as many names as its figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from kawal.accounts.models import User
from kawal.accounts.scope import person_scope, region_scope
from kawal.enrolment.models import Membership, MembershipStatus
from kawal.intake.bulk import read_frame
from kawal.regions.models import Pemda, Region
from kawal.registry.models import Person, PovertyRecord, Segment, SegmentMembership

SEGMENTS: tuple[str, ...] = (
    Segment.NON_ASN,
    Segment.PEKERJA_RENTAN,
    Segment.APARATUR_DESA,
    Segment.ADHOC,
)
POVERTY_SOURCES = ("DTSEN", "DTKS")
RENTAN_MAX_DESIL = 4
#: Statuses of a membership that was (or still is) in force between its start and end dates.
IN_FORCE = (MembershipStatus.ACTIVE, MembershipStatus.ENDED)

DENOMINATORS = {
    Segment.NON_ASN: _("Pegawai non-ASN terdaftar, hidup pada tanggal tersebut."),
    Segment.PEKERJA_RENTAN: _(
        "Pekerja rentan terdaftar, hidup, dengan desil DTSEN/DTKS terakhir 1–4 pada tanggal "
        "tersebut."
    ),
    Segment.APARATUR_DESA: _("Aparatur desa / RT-RW terdaftar, hidup pada tanggal tersebut."),
    Segment.ADHOC: _(
        "Penyelenggara pemilu ad hoc terdaftar yang masa tugasnya mencakup tanggal tersebut, hidup."
    ),
}


@dataclass(frozen=True)
class Cell:
    """One figure: active, potential and the potential people who are active."""

    active: int = 0
    potential: int = 0
    covered: int = 0

    @property
    def uncovered(self) -> int:
        return self.potential - self.covered

    @property
    def percent(self) -> float | None:
        """Active as a share of potential (may pass 100 when people outside it are enrolled)."""
        return 100.0 * self.active / self.potential if self.potential else None

    def __add__(self, other: Cell) -> Cell:
        return Cell(
            self.active + other.active,
            self.potential + other.potential,
            self.covered + other.covered,
        )

    def as_dict(self) -> dict[str, object]:
        pct = self.percent
        return {
            "active": self.active,
            "potential": self.potential,
            "covered": self.covered,
            "uncovered": self.uncovered,
            "percent": None if pct is None else round(pct, 1),
        }


@dataclass(frozen=True)
class SegmentFigure:
    segment: str
    label: str
    denominator: str
    cell: Cell


@dataclass
class AreaFigures:
    """A kecamatan or a desa: one cell per segment and the distinct-person total."""

    code: str
    name: str
    parent_code: str | None
    cells: dict[str, Cell] = field(default_factory=dict)
    total: Cell = field(default_factory=Cell)

    def cell(self, segment: str) -> Cell:
        return self.cells.get(segment, Cell())

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "segments": {s: self.cell(s).as_dict() for s in SEGMENTS},
            "total": self.total.as_dict(),
        }


@dataclass(frozen=True)
class CoverageFigures:
    as_of: date
    pemda: Pemda | None
    segments: list[SegmentFigure]
    total: Cell
    districts: list[AreaFigures]
    villages: list[AreaFigures]

    def segment(self, code: str) -> SegmentFigure:
        return next(s for s in self.segments if s.segment == code)

    def district(self, code: str) -> AreaFigures | None:
        return next((d for d in self.districts if d.code == code), None)

    def villages_of(self, district_code: str) -> list[AreaFigures]:
        return [v for v in self.villages if v.parent_code == district_code]

    def as_dict(self) -> dict[str, object]:
        return {
            "pemda": None if self.pemda is None else self.pemda.region_id,
            "pemda_name": None if self.pemda is None else self.pemda.name,
            "as_of": self.as_of.isoformat(),
            "definitions": {
                "active": "people with a membership in force on as_of (status active or ended, "
                "start/end dates and cohort period containing as_of), alive on as_of",
                "total": "each person once across segments",
            },
            "segments": {
                s.segment: {"label": str(s.label), "denominator": str(s.denominator)}
                | s.cell.as_dict()
                for s in self.segments
            },
            "total": self.total.as_dict(),
            "districts": [d.as_dict() for d in self.districts],
        }


# --- the row sets behind every figure ---------------------------------------------------------


def alive_on(as_of: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}date_of_death__isnull": True}) | Q(
        **{f"{prefix}date_of_death__gt": as_of}
    )


def persons_in_scope(user: User) -> QuerySet[Person]:
    return Person.objects.filter(person_scope(user))


def scoped_persons(user: User, as_of: date) -> QuerySet[Person]:
    """People in the user's scope alive on ``as_of``."""
    return persons_in_scope(user).filter(alive_on(as_of))


def active_memberships(user: User, as_of: date, segment: str | None = None) -> QuerySet[Membership]:
    """Memberships in force on ``as_of`` of people in the user's scope (the numerator's rows)."""
    qs = Membership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=as_of),
        person__in=scoped_persons(user, as_of),
        status__in=IN_FORCE,
        start_date__lte=as_of,
        cohort__period_start__lte=as_of,
        cohort__period_end__gte=as_of,
        cohort__pemda_id=user.pemda_id,
    )
    return qs.filter(cohort__segment=segment) if segment else qs


def latest_desil(as_of: date, person_ref: str = "person_id") -> Subquery:
    """The latest DTSEN/DTKS desil of ``OuterRef(person_ref)`` known on ``as_of``."""
    records = PovertyRecord.objects.filter(
        person_id=OuterRef(person_ref), source__in=POVERTY_SOURCES, period__lte=as_of
    ).order_by("-period", "desil")
    return Subquery(records.values("desil")[:1])


def potential_rows(user: User, as_of: date, segment: str | None = None) -> QuerySet:
    """Segment rows of people counted in the denominator (the potential's rows)."""
    qs = (
        SegmentMembership.objects.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=as_of),
            Q(end_date__isnull=True) | Q(end_date__gte=as_of),
            person__in=scoped_persons(user, as_of),
        )
        .annotate(desil=latest_desil(as_of))
        .filter(~Q(segment=Segment.PEKERJA_RENTAN) | Q(desil__lte=RENTAN_MAX_DESIL))
    )
    return qs.filter(segment=segment) if segment else qs


def people_behind(
    user: User,
    *,
    as_of: date,
    measure: str,
    segment: str | None = None,
    district: str | None = None,
    village: str | None = None,
) -> QuerySet[Person]:
    """The people behind one figure: ``measure`` is active, potential, covered or uncovered.

    Without ``segment`` the sets are those of the area total (any cohort / any segment).
    """
    persons = scoped_persons(user, as_of)
    if village:
        persons = persons.filter(domicile_village_id=village)
    elif district:
        persons = persons.filter(domicile_village__parent_id=district)
    active = active_memberships(user, as_of, segment).values("person_id")
    if segment:
        potential = potential_rows(user, as_of, segment).values("person_id")
    else:
        potential = potential_rows(user, as_of).values("person_id")
    if measure == "active":
        return persons.filter(pk__in=active)
    if measure == "potential":
        return persons.filter(pk__in=potential)
    if measure == "covered":
        return persons.filter(pk__in=potential).filter(pk__in=active)
    if measure == "uncovered":
        return persons.filter(pk__in=potential).exclude(pk__in=active)
    raise ValueError(measure)


# --- the figures ------------------------------------------------------------------------------


def frame_of(qs: QuerySet, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of ``qs`` (a ``values_list``) as a frame; empty when the scope is empty."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # a user with no scope: the filter is known to match nothing
        return pl.DataFrame(schema=schema)
    return read_frame(sql, list(params), schema)


def coverage_figures(user: User, *, as_of: date) -> CoverageFigures:
    """Active, potential and covered per segment, kecamatan and desa of the user's scope.

    Three reads (people, memberships in force, denominator rows), joined and counted as frames.
    """
    people = frame_of(
        scoped_persons(user, as_of).order_by().values_list("id", "domicile_village_id"),
        {"person_id": pl.Int64, "village": pl.String},
    )
    active = frame_of(
        active_memberships(user, as_of).order_by().values_list("person_id", "cohort__segment"),
        {"person_id": pl.Int64, "segment": pl.String},
    ).unique()
    potential = frame_of(
        potential_rows(user, as_of).order_by().values_list("person_id", "segment"),
        {"person_id": pl.Int64, "segment": pl.String},
    ).unique()
    flags = (
        potential.with_columns(p=pl.lit(1))
        .join(
            active.with_columns(a=pl.lit(1)), on=["person_id", "segment"], how="full", coalesce=True
        )
        .with_columns(pl.col("a").fill_null(0), pl.col("p").fill_null(0))
        .join(people, on="person_id")
    )
    per_segment = flags.group_by("village", "segment").agg(
        pl.col("a").sum(), pl.col("p").sum(), (pl.col("a") * pl.col("p")).sum().alias("c")
    )
    per_person = flags.group_by("village", "person_id").agg(pl.col("a").max(), pl.col("p").max())
    totals = per_person.group_by("village").agg(
        pl.col("a").sum(), pl.col("p").sum(), (pl.col("a") * pl.col("p")).sum().alias("c")
    )
    village_cells: dict[str, dict[str, Cell]] = {}
    for village, segment, a, p, c in per_segment.iter_rows():
        village_cells.setdefault(village, {})[segment] = Cell(int(a), int(p), int(c))
    village_totals = {v: Cell(int(a), int(p), int(c)) for v, a, p, c in totals.iter_rows()}
    return _assemble(user, as_of, village_cells, village_totals)


def _assemble(
    user: User,
    as_of: date,
    village_cells: dict[str, dict[str, Cell]],
    village_totals: dict[str, Cell],
) -> CoverageFigures:
    codes = set(village_cells) | set(village_totals)
    regions = Region.objects.filter(
        Q(region_scope(user), level=Region.Level.VILLAGE, valid_to=None) | Q(code__in=codes)
    ).select_related("parent")
    villages = [
        AreaFigures(
            code=r.code,
            name=r.label,
            parent_code=r.parent_id,
            cells=village_cells.get(r.code, {}),
            total=village_totals.get(r.code, Cell()),
        )
        for r in regions
    ]
    villages.sort(key=lambda v: (v.parent_code or "", v.code))
    names = {r.parent_id: r.parent.name for r in regions if r.parent is not None}
    districts: dict[str, AreaFigures] = {}
    for v in villages:
        key = v.parent_code or ""
        d = districts.setdefault(key, AreaFigures(key, names.get(key, ""), None))
        for s, cell in v.cells.items():
            d.cells[s] = d.cell(s) + cell
        d.total = d.total + v.total
    segments = [
        SegmentFigure(
            s, Segment(s).label, DENOMINATORS[s], _sum(d.cell(s) for d in districts.values())
        )
        for s in SEGMENTS
    ]
    return CoverageFigures(
        as_of=as_of,
        pemda=user.pemda if user.pemda_id else None,
        segments=segments,
        total=_sum(d.total for d in districts.values()),
        districts=sorted(districts.values(), key=lambda d: d.code),
        villages=villages,
    )


def _sum(cells: Iterable[Cell]) -> Cell:
    total = Cell()
    for cell in cells:
        total = total + cell
    return total
