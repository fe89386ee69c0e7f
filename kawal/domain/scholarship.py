"""The education scholarship (beasiswa pendidikan anak) of JKM and JKK, per child.

Rules (``domain-rules.md`` §2.1, [V]; the numbers come from ``benefits_rules.csv`` and
``benefits_scholarship.csv``, in force on the event date):

1. **Trigger.** JKM (death not caused by work): the participant paid contributions for at least
   ``scholarship_min_contribution_months`` (36 since PP 82/2019). JKK (death or total permanent
   disability from a work accident or occupational disease): at once, no minimum period.
2. **Who.** At most ``scholarship_max_children`` (2) children. A child who is already
   ``scholarship_end_age`` (23) on the event date, is married or is working gets nothing. The
   regulation text read for this project does not say *which* two children when more qualify;
   Kawal takes the first two eligible children **in the order given** (the heirs' claim form
   lists them) and says so in the other children's reason.
3. **How much.** Per education level a yearly amount for at most a number of years
   (TK 1.5 jt × 2, SD 1.5 jt × 6, SMP 2 jt × 3, SMA 3 jt × 3, S1/pelatihan 12 jt × 5:
   87 jt per child, 174 jt for two). Claims are made yearly.
4. **Projection.** For a child at school, Kawal projects one paid year per year from the event
   date: the rest of the current level (from ``year_in_level``), then each following level for
   its maximum years; year *n* starts on the *n*-th anniversary of the event, and no year starts
   on or after the child's 23rd birthday. It is a ceiling for planning, not a payment order: each
   year is paid only on a yearly claim with proof of schooling, and marriage or work ends it.
   A child not yet at school receives the scholarship later, on entering school: the years are
   listed without dates (``starts_on`` ``None``) and the age limit applies when they are claimed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kawal.domain.benefit_tables import (
    LEVELS,
    BenefitError,
    BenefitRule,
    BenefitTables,
    ScholarshipLevel,
    add_years,
    default_benefit_tables,
)

SCHOLARSHIP_EVENTS: dict[str, tuple[str, ...]] = {
    "jkm": ("death",),
    "jkk": ("death", "total_permanent_disability"),
}


@dataclass(frozen=True)
class Child:
    """A child of the participant as the heirs declare it.

    ``level`` is the education level the child is in now (``tk``, ``sd``, ``smp``, ``sma``,
    ``s1``), ``None`` when not yet at school; ``year_in_level`` is the year within it (1 for the
    first year: SD kelas 4 is ``year_in_level=4``).
    """

    name: str
    birth_date: date
    married: bool = False
    working: bool = False
    level: str | None = None
    year_in_level: int = 1


@dataclass(frozen=True)
class ScholarshipYear:
    """One projected year of scholarship. ``starts_on`` ``None``: the child is not yet at school."""

    year: int
    starts_on: date | None
    level: str
    amount: int


@dataclass(frozen=True)
class ChildScholarship:
    """What one child may receive, and why (``reason`` is Indonesian, for users)."""

    child: Child
    eligible: bool
    reason: str
    ends_on: date
    years: tuple[ScholarshipYear, ...]

    @property
    def total(self) -> int:
        return sum(year.amount for year in self.years)


@dataclass(frozen=True)
class ScholarshipPlan:
    """The scholarship decision for one event: trigger, then each child in the order given."""

    programme: str
    event: str
    trigger_met: bool
    trigger_reason: str
    children: tuple[ChildScholarship, ...]
    levels: tuple[ScholarshipLevel, ...]
    rules: tuple[BenefitRule, ...]

    @property
    def total(self) -> int:
        """The projected ceiling for all children (rupiah), paid yearly, not at once."""
        return sum(child.total for child in self.children)

    @property
    def recipients(self) -> tuple[ChildScholarship, ...]:
        return tuple(child for child in self.children if child.eligible)


def scholarship_plan(
    *,
    event_date: date,
    programme: str,
    event: str = "death",
    contribution_months: int,
    children: Iterable[Child] = (),
    tables: BenefitTables | None = None,
) -> ScholarshipPlan:
    """Decide the scholarship for each child of ``children`` (see the module rules).

    Raises :class:`BenefitError` for an unknown programme/event, negative months, an unknown
    education level or a year beyond the level's maximum, or an event date outside the tables.
    """
    tables = default_benefit_tables() if tables is None else tables
    if programme not in SCHOLARSHIP_EVENTS:
        raise BenefitError(f"Program beasiswa harus jkm atau jkk, bukan {programme!r}.")
    if event not in SCHOLARSHIP_EVENTS[programme]:
        raise BenefitError(
            f"Beasiswa {programme.upper()} hanya untuk peserta yang meninggal dunia"
            + (" atau cacat total tetap." if programme == "jkk" else ".")
        )
    _check_months(contribution_months)
    max_children = tables.rule("scholarship_max_children", programme, event_date)
    min_months = tables.rule("scholarship_min_contribution_months", programme, event_date)
    end_age = tables.rule("scholarship_end_age", programme, event_date)
    levels = tables.scholarship_levels(event_date)
    trigger_met = contribution_months >= min_months.value
    trigger_reason = _trigger_reason(programme, contribution_months, min_months.value, trigger_met)
    decided: list[ChildScholarship] = []
    for child in children:
        _check_child(child, levels)
        ends_on = add_years(child.birth_date, end_age.value)
        reason = None if trigger_met else trigger_reason
        if reason is None:
            reason = _ineligible_reason(child, event_date, ends_on, end_age.value)
        if reason is None and sum(c.eligible for c in decided) >= max_children.value:
            reason = (
                f"Tidak mendapat beasiswa: beasiswa paling banyak untuk {max_children.value} "
                "anak, dan anak yang disebut lebih dahulu sudah mendapatkannya."
            )
        if reason is not None:
            decided.append(ChildScholarship(child, False, reason, ends_on, ()))
            continue
        years = _project(child, levels, event_date, ends_on)
        reason = (
            "Berhak beasiswa; dibayar mulai saat anak masuk sekolah."
            if child.level is None
            else f"Berhak beasiswa sampai paling lambat {ends_on.isoformat()} (usia "
            f"{end_age.value} tahun), selama masih sekolah, belum menikah dan belum bekerja."
        )
        decided.append(ChildScholarship(child, True, reason, ends_on, years))
    return ScholarshipPlan(
        programme=programme,
        event=event,
        trigger_met=trigger_met,
        trigger_reason=trigger_reason,
        children=tuple(decided),
        levels=levels,
        rules=(max_children, min_months, end_age),
    )


def _check_months(months: int) -> None:
    if isinstance(months, bool) or not isinstance(months, int):
        raise BenefitError("Masa iur harus jumlah bulan (bilangan bulat).")
    if months < 0:
        raise BenefitError("Masa iur tidak boleh negatif.")


def _check_child(child: Child, levels: tuple[ScholarshipLevel, ...]) -> None:
    name = child.name.strip() or "(tanpa nama)"
    if child.level is None:
        if child.year_in_level != 1:
            raise BenefitError(f"Anak {name}: belum sekolah, jadi tahun di jenjang harus 1.")
        return
    if child.level not in LEVELS:
        raise BenefitError(
            f"Anak {name}: jenjang {child.level!r} tidak dikenal "
            f"(pilihan: {', '.join(LEVELS)}, atau kosong bila belum sekolah)."
        )
    row = levels[LEVELS.index(child.level)]
    if not 1 <= child.year_in_level <= row.max_years:
        raise BenefitError(
            f"Anak {name}: tahun ke-{child.year_in_level} di jenjang {row.label} tidak mungkin "
            f"(jenjang ini paling lama {row.max_years} tahun)."
        )


def _trigger_reason(programme: str, months: int, minimum: int, met: bool) -> str:
    if programme == "jkk":
        return "Kecelakaan kerja/penyakit akibat kerja: beasiswa tanpa masa iur minimum."
    if met:
        return f"Masa iur {months} bulan memenuhi syarat paling sedikit {minimum} bulan."
    return (
        f"Tidak mendapat beasiswa: masa iur {months} bulan, kurang dari syarat "
        f"{minimum} bulan untuk JKM."
    )


def _ineligible_reason(child: Child, event_date: date, ends_on: date, end_age: int) -> str | None:
    if ends_on <= event_date:
        return f"Tidak mendapat beasiswa: sudah berusia {end_age} tahun pada tanggal kejadian."
    if child.married:
        return "Tidak mendapat beasiswa: anak sudah menikah."
    if child.working:
        return "Tidak mendapat beasiswa: anak sudah bekerja."
    return None


def _project(
    child: Child, levels: tuple[ScholarshipLevel, ...], event_date: date, ends_on: date
) -> tuple[ScholarshipYear, ...]:
    start = 0 if child.level is None else LEVELS.index(child.level)
    slots: list[tuple[ScholarshipLevel, int]] = []
    for index, row in enumerate(levels[start:]):
        first = child.year_in_level if index == 0 else 1
        slots += [(row, n) for n in range(first, row.max_years + 1)]
    years = []
    for number, (row, _) in enumerate(slots, start=1):
        starts_on = None if child.level is None else add_years(event_date, number - 1)
        if starts_on is not None and starts_on >= ends_on:
            break
        years.append(ScholarshipYear(number, starts_on, row.level, row.amount_per_year))
    return tuple(years)
