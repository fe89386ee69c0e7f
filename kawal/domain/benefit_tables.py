"""Effective-dated benefit tables (manfaat JKK/JKM), read from ``kawal/domain/data/benefits_*.csv``.

Unlike the contribution tables (:mod:`kawal.domain.rates`, valid per contribution *month*), a
benefit row is valid per **event date** (``valid_from`` and ``valid_to`` as ``YYYY-MM-DD``, both
inclusive; an empty ``valid_to`` means "until replaced"): the day of death, accident or diagnosis
decides which row applies. Each row carries ``legal_basis``, ``source``, ``confidence`` (``V``,
``S`` or ``?`` as in ``domain-rules.md``) and a free ``note``, like the rate tables.

Tables (``docs/benefits.md`` lists the rows and their sources):

- ``benefits_components.csv``: the parts of each benefit per programme (``jkm``, ``jkk``) and
  event (``death``, ``total_permanent_disability``, ``temporary_incapacity``, ``medical_care``).
  ``kind`` says how ``value`` is read: ``fixed`` (rupiah), ``wage_multiple`` (× monthly upah or
  BPU income basis), ``wage_percent`` (% of monthly upah), ``cap`` (reimbursed up to rupiah) or
  ``as_needed`` (no money cap, ``value`` empty). ``minimum_of`` names another component
  (``programme:event:component``) whose amount is the floor of this one;
- ``benefits_scholarship.csv``: the scholarship (beasiswa) per education level, in school order:
  amount per child per year and maximum years;
- ``benefits_rules.csv``: the numbers the rules use (children per scholarship, minimum months of
  contributions, end age, claim expiry in years), per programme.

Loading checks the header, every value and that no two rows with the same key are in force on
the same day; a lookup raises :class:`NoBenefitRowInForce` when no row covers the date. Messages
are Indonesian: they reach users unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

from kawal.domain.rates import (
    Provenance,
    check_no_overlap,
    non_negative_decimal,
    read_csv_table,
    row_provenance,
)

BENEFIT_PROGRAMMES = ("jkm", "jkk")
EVENTS = ("death", "total_permanent_disability", "temporary_incapacity", "medical_care")
KINDS = ("fixed", "wage_multiple", "wage_percent", "cap", "as_needed")
#: Education levels in school order (TK, SD, SMP, SMA, then S1 or vocational training).
LEVELS = ("tk", "sd", "smp", "sma", "s1")
RULES = (
    "scholarship_max_children",
    "scholarship_min_contribution_months",
    "scholarship_end_age",
    "claim_expiry_years",
)


class BenefitError(ValueError):
    """Input a benefit cannot be computed from; the message is Indonesian and ready for users."""


class BenefitTableError(BenefitError):
    """A benefit table file is malformed, or a lookup found no row or more than one."""


class NoBenefitRowInForce(BenefitTableError, LookupError):
    """No row of a benefit table covers the event date asked for."""


def parse_day(text: str) -> date:
    """``"2019-12-02"`` → ``date(2019, 12, 2)``; a :class:`BenefitTableError` otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise BenefitTableError(
            f"Tanggal harus ditulis YYYY-MM-DD (misalnya 2019-12-02), bukan {text!r}."
        ) from exc


@dataclass(frozen=True)
class DateValidity:
    """Inclusive range of days; ``valid_to`` ``None`` is open-ended."""

    valid_from: date
    valid_to: date | None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, other: DateValidity) -> bool:
        ends_before = self.valid_to is not None and self.valid_to < other.valid_from
        starts_after = other.valid_to is not None and other.valid_to < self.valid_from
        return not (ends_before or starts_after)

    def label(self) -> str:
        end = "seterusnya" if self.valid_to is None else self.valid_to.isoformat()
        return f"{self.valid_from.isoformat()} s.d. {end}"


@dataclass(frozen=True)
class BenefitComponent:
    """One part of a benefit (e.g. JKM death: santunan sekaligus Rp 20,000,000)."""

    programme: str
    event: str
    component: str
    label: str
    kind: str
    value: Decimal | None
    minimum_of: str
    validity: DateValidity
    provenance: Provenance

    @property
    def key(self) -> str:
        return f"{self.programme}:{self.event}:{self.component}"


@dataclass(frozen=True)
class ScholarshipLevel:
    """The scholarship for one education level: rupiah per child per year, at most ``max_years``."""

    level: str
    label: str
    amount_per_year: int
    max_years: int
    validity: DateValidity
    provenance: Provenance

    @property
    def maximum(self) -> int:
        return self.amount_per_year * self.max_years


@dataclass(frozen=True)
class BenefitRule:
    """A number a rule uses (``rule`` for ``programme``; ``programme`` ``""`` means both)."""

    rule: str
    programme: str
    value: int
    validity: DateValidity
    provenance: Provenance


R = TypeVar("R", BenefitComponent, ScholarshipLevel, BenefitRule)


def row_in_force(rows: Sequence[R], day: date, *, what: str) -> R:
    """The one row of ``rows`` in force on ``day``; :class:`NoBenefitRowInForce` otherwise."""
    found = [row for row in rows if row.validity.covers(day)]
    if not found:
        covered = "; ".join(row.validity.label() for row in rows) or "tidak ada baris"
        raise NoBenefitRowInForce(
            f"Tanggal kejadian {day.isoformat()} di luar tabel {what} (tabel mencakup {covered})."
        )
    if len(found) > 1:
        raise BenefitTableError(f"Tabel {what} rusak: {len(found)} baris berlaku {day}.")
    return found[0]


def _check_no_overlap(rows: Iterable[R], key: Callable[[R], Hashable], *, table: str) -> None:
    check_no_overlap(rows, key, table=table, error=BenefitTableError)


@dataclass(frozen=True)
class BenefitTables:
    """All benefit tables, with event-date lookups. Immutable: load once, reuse."""

    components: tuple[BenefitComponent, ...]
    scholarship: tuple[ScholarshipLevel, ...]
    rules: tuple[BenefitRule, ...]

    def __post_init__(self) -> None:
        _check_no_overlap(self.components, lambda r: r.key, table="komponen manfaat")
        _check_no_overlap(self.scholarship, lambda r: r.level, table="beasiswa")
        _check_no_overlap(self.rules, lambda r: (r.rule, r.programme), table="aturan manfaat")
        keys = {c.key for c in self.components}
        for row in self.components:
            if row.minimum_of and row.minimum_of not in keys:
                raise BenefitTableError(
                    f"Tabel komponen manfaat rusak: minimum_of {row.minimum_of!r} tidak ada."
                )

    def components_for(self, programme: str, event: str, day: date) -> tuple[BenefitComponent, ...]:
        """The components of ``programme``/``event`` in force on ``day``, in file order."""
        matching = [c for c in self.components if c.programme == programme and c.event == event]
        what = f"manfaat {programme.upper()} ({EVENT_LABELS.get(event, event)})"
        if not matching:
            raise NoBenefitRowInForce(f"Tabel {what} tidak ada.")
        names = dict.fromkeys(c.component for c in matching)
        return tuple(
            row_in_force([c for c in matching if c.component == name], day, what=what)
            for name in names
        )

    def component(self, key: str, day: date) -> BenefitComponent:
        """The component ``programme:event:component`` in force on ``day``."""
        matching = [c for c in self.components if c.key == key]
        return row_in_force(matching, day, what=f"komponen manfaat {key}")

    def scholarship_levels(self, day: date) -> tuple[ScholarshipLevel, ...]:
        """The scholarship row of every level in force on ``day``, in school order."""
        return tuple(
            row_in_force(
                [s for s in self.scholarship if s.level == level],
                day,
                what=f"beasiswa {level.upper()}",
            )
            for level in LEVELS
        )

    def rule(self, rule: str, programme: str, day: date) -> BenefitRule:
        """The value of ``rule`` for ``programme`` on ``day`` (a row for ``""`` serves both)."""
        matching = [r for r in self.rules if r.rule == rule and r.programme == programme]
        if not matching:
            matching = [r for r in self.rules if r.rule == rule and r.programme == ""]
        return row_in_force(matching, day, what=f"aturan {rule} {programme.upper()}")


EVENT_LABELS: dict[str, str] = {
    "death": "meninggal dunia",
    "total_permanent_disability": "cacat total tetap",
    "temporary_incapacity": "sementara tidak mampu bekerja",
    "medical_care": "perawatan dan pengobatan",
}

# --- reading the files -------------------------------------------------------------------

PROVENANCE_COLUMNS = ("valid_from", "valid_to", "legal_basis", "source", "confidence", "note")
COMPONENTS_HEADER = (
    "programme",
    "event",
    "component",
    "label",
    "kind",
    "value",
    "minimum_of",
    *PROVENANCE_COLUMNS,
)
SCHOLARSHIP_HEADER = ("level", "label", "amount_per_year", "max_years", *PROVENANCE_COLUMNS)
RULES_HEADER = ("rule", "programme", "value", *PROVENANCE_COLUMNS)


def default_data_dir() -> Traversable:
    """The packaged tables, ``kawal/domain/data/``."""
    return files("kawal") / "domain" / "data"


def load_benefit_tables(directory: str | Path | Traversable | None = None) -> BenefitTables:
    """Read the three benefit tables from ``directory`` (default: :func:`default_data_dir`).

    Raises :class:`BenefitTableError` naming the file and line of the first bad value.
    """
    base = default_data_dir() if directory is None else directory
    if isinstance(base, str):
        base = Path(base)
    return BenefitTables(
        components=tuple(_read(base, "benefits_components.csv", COMPONENTS_HEADER, _component_row)),
        scholarship=tuple(
            _read(base, "benefits_scholarship.csv", SCHOLARSHIP_HEADER, _scholarship_row)
        ),
        rules=tuple(_read(base, "benefits_rules.csv", RULES_HEADER, _rule_row)),
    )


@lru_cache(maxsize=1)
def default_benefit_tables() -> BenefitTables:
    """The packaged tables, loaded once per process (they are immutable)."""
    return load_benefit_tables()


T = TypeVar("T")


def _read(
    base: Path | Traversable,
    name: str,
    header: tuple[str, ...],
    make: Callable[[dict[str, str]], T],
) -> list[T]:
    return read_csv_table(base, name, header, make, error=BenefitTableError)


def _validity(row: dict[str, str]) -> DateValidity:
    start = parse_day(row["valid_from"])
    end = parse_day(row["valid_to"]) if row["valid_to"] else None
    if end is not None and end < start:
        raise BenefitTableError("valid_to lebih awal dari valid_from.")
    return DateValidity(start, end)


def _provenance(row: dict[str, str]) -> Provenance:
    return row_provenance(row, error=BenefitTableError)


def _number(text: str, column: str) -> Decimal:
    return non_negative_decimal(text, column, error=BenefitTableError)


def _whole(text: str, column: str) -> int:
    value = _number(text, column)
    if value != value.to_integral_value():
        raise BenefitTableError(f"{column} harus bilangan bulat: {text!r}.")
    return int(value)


def _choice(value: str, allowed: Sequence[str], column: str) -> str:
    if value not in allowed:
        choices = ", ".join(a or "(kosong)" for a in allowed)
        raise BenefitTableError(f"{column} {value!r} tidak dikenal (pilihan: {choices}).")
    return value


def _component_row(row: dict[str, str]) -> BenefitComponent:
    kind = _choice(row["kind"], KINDS, "kind")
    if (kind == "as_needed") != (row["value"] == ""):
        raise BenefitTableError("value kosong hanya untuk kind as_needed, dan wajib untuk lainnya.")
    if row["minimum_of"] and kind != "wage_multiple":
        raise BenefitTableError("minimum_of hanya untuk kind wage_multiple.")
    if not row["component"] or not row["label"]:
        raise BenefitTableError("component dan label wajib diisi.")
    return BenefitComponent(
        programme=_choice(row["programme"], BENEFIT_PROGRAMMES, "programme"),
        event=_choice(row["event"], EVENTS, "event"),
        component=row["component"],
        label=row["label"],
        kind=kind,
        value=_number(row["value"], "value") if row["value"] else None,
        minimum_of=row["minimum_of"],
        validity=_validity(row),
        provenance=_provenance(row),
    )


def _scholarship_row(row: dict[str, str]) -> ScholarshipLevel:
    max_years = _whole(row["max_years"], "max_years")
    if max_years < 1:
        raise BenefitTableError("max_years paling sedikit 1.")
    return ScholarshipLevel(
        level=_choice(row["level"], LEVELS, "level"),
        label=row["label"] or row["level"].upper(),
        amount_per_year=_whole(row["amount_per_year"], "amount_per_year"),
        max_years=max_years,
        validity=_validity(row),
        provenance=_provenance(row),
    )


def _rule_row(row: dict[str, str]) -> BenefitRule:
    return BenefitRule(
        rule=_choice(row["rule"], RULES, "rule"),
        programme=_choice(row["programme"], ("", *BENEFIT_PROGRAMMES), "programme"),
        value=_whole(row["value"], "value"),
        validity=_validity(row),
        provenance=_provenance(row),
    )


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
