"""Effective-dated contribution tables, read from ``kawal/domain/data/*.csv``.

Every table row carries its validity in **contribution months** (``valid_from`` and
``valid_to`` as ``YYYY-MM``, both inclusive; an empty ``valid_to`` means "until replaced") and
its provenance: ``legal_basis``, ``source``, ``confidence`` and a free ``note``. Confidence uses
the marks of ``domain-rules.md``: ``V`` (regulation text or an official source), ``S`` (secondary
sources that agree), ``?`` (uncertain; keep it data and confirm before relying on it).

Tables (one file each; ``docs/contributions.md`` lists the rows and their sources):

- ``contribution_rates.csv``: rate (percent) or flat amount per programme, segment, payer and
  JKK risk class;
- ``jp_wage_ceiling.csv``: the JP wage ceiling per year (it changes every March);
- ``bpu_income_brackets.csv``: BPU reported income → nominal income basis (PP 44/2015
  Lampiran II); ``basis`` is a number or ``income`` (the reported income itself);
- ``contribution_discounts.csv``: temporary discounts (PP 50/2025) with the funding sources
  they never apply to;
- ``programme_applicability.csv``: per programme and segment ``mandatory``, ``optional`` or
  ``not_applicable`` (JP for BPU, JKP for pemda staff), with the legal basis.

Loading checks the header, every value, and that no two rows with the same key overlap in time
(for brackets: in time *and* income). Looking a month up raises :class:`NoRowInForce` when no
row covers it and :class:`OverlappingRows` when two do. Messages are in Bahasa Indonesia: they
reach users of ``kawal iuran`` unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal, Protocol, TypeVar, cast

Confidence = Literal["V", "S", "?"]
CONFIDENCES: tuple[Confidence, ...] = ("V", "S", "?")
SEGMENT_CODES = ("pu", "bpu")
RATE_PAYERS = ("employer", "worker", "participant")
RISK_CLASS_CODES = ("I", "II", "III", "IV", "V")
STATUSES = ("mandatory", "optional", "not_applicable")
BASIS_IS_INCOME = "income"

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class RateTableError(ValueError):
    """A table file is malformed, or a lookup found no row or more than one."""


class NoRowInForce(RateTableError, LookupError):
    """No row of a table covers the month (or the income) asked for."""


class OverlappingRows(RateTableError):
    """Two rows of one table are in force for the same key and month."""


def parse_month(text: str) -> date:
    """``"2026-03"`` → ``date(2026, 3, 1)``; a ``RateTableError`` for anything else."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise RateTableError(f"Bulan harus ditulis YYYY-MM (misalnya 2026-03), bukan {text!r}.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def format_month(month: date) -> str:
    """``date(2026, 3, 1)`` → ``"2026-03"``."""
    return f"{month.year:04d}-{month.month:02d}"


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after ``month``."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Validity:
    """Inclusive range of contribution months; ``valid_to`` ``None`` is open-ended."""

    valid_from: date
    valid_to: date | None

    def covers(self, month: date) -> bool:
        first = month.replace(day=1)
        return self.valid_from <= first and (self.valid_to is None or first <= self.valid_to)

    def overlaps(self, other: Validity) -> bool:
        ends_before = self.valid_to is not None and self.valid_to < other.valid_from
        starts_after = other.valid_to is not None and other.valid_to < self.valid_from
        return not (ends_before or starts_after)

    def label(self) -> str:
        end = "seterusnya" if self.valid_to is None else format_month(self.valid_to)
        return f"{format_month(self.valid_from)} s.d. {end}"


@dataclass(frozen=True)
class Provenance:
    """Where a row comes from and how sure we are of it."""

    legal_basis: str
    source: str
    confidence: Confidence
    note: str


@dataclass(frozen=True)
class ContributionRate:
    """One rate: a percent of the wage/basis, or a flat amount per person per month."""

    programme: str
    segment: str
    payer: str
    rate_percent: Decimal | None
    flat_amount: Decimal | None
    risk_class: str
    validity: Validity
    provenance: Provenance


@dataclass(frozen=True)
class JpWageCeiling:
    """The JP wage ceiling (batas upah tertinggi JP) in force for a range of months."""

    ceiling: Decimal
    validity: Validity
    provenance: Provenance


@dataclass(frozen=True)
class BpuIncomeBracket:
    """A band of BPU reported income (inclusive) and its nominal income basis.

    ``basis`` ``None`` means the reported income itself is the basis.
    """

    income_from: Decimal
    income_to: Decimal | None
    basis: Decimal | None
    validity: Validity
    provenance: Provenance

    def contains(self, income: Decimal) -> bool:
        return self.income_from <= income and (self.income_to is None or income <= self.income_to)

    def basis_for(self, income: Decimal) -> Decimal:
        return income if self.basis is None else self.basis

    def label(self) -> str:
        end = "ke atas" if self.income_to is None else f"s.d. {self.income_to}"
        return f"penghasilan {self.income_from} {end}"


@dataclass(frozen=True)
class ContributionDiscount:
    """A temporary percentage off one programme for one segment and sector."""

    programme: str
    segment: str
    sector: str
    discount_percent: Decimal
    excluded_funding: frozenset[str]
    validity: Validity
    provenance: Provenance


@dataclass(frozen=True)
class ProgrammeApplicability:
    """Whether a programme is mandatory, optional or not applicable for a segment."""

    programme: str
    segment: str
    status: str
    validity: Validity
    provenance: Provenance


class _Dated(Protocol):
    @property
    def validity(self) -> Validity: ...


R = TypeVar("R", bound=_Dated)


def in_force(rows: Sequence[R], month: date, *, what: str) -> R:
    """The one row of ``rows`` in force in ``month``.

    Raises :class:`NoRowInForce` (naming the months the table covers) or
    :class:`OverlappingRows`.
    """
    found = [row for row in rows if row.validity.covers(month)]
    if not found:
        covered = "; ".join(row.validity.label() for row in rows) or "tidak ada baris"
        raise NoRowInForce(
            f"Bulan {format_month(month)} di luar tabel {what} (tabel mencakup {covered})."
        )
    if len(found) > 1:
        ranges = "; ".join(row.validity.label() for row in found)
        raise OverlappingRows(
            f"Tabel {what} rusak: {len(found)} baris berlaku untuk bulan "
            f"{format_month(month)} ({ranges})."
        )
    return found[0]


def check_no_overlap(
    rows: Iterable[R],
    key: Callable[[R], Hashable],
    *,
    table: str,
    error: type[ValueError] | None = None,
) -> None:
    """Raise ``error`` (default :class:`OverlappingRows`) when two rows with the same key
    overlap in time. Shared by the rate and the benefit tables."""
    error = error or OverlappingRows
    seen: dict[Hashable, list[R]] = {}
    for row in rows:
        for other in seen.setdefault(key(row), []):
            if row.validity.overlaps(other.validity):
                raise error(
                    f"Tabel {table} rusak: baris {key(row)!r} berlaku tumpang tindih "
                    f"({other.validity.label()} dan {row.validity.label()})."
                )
        seen[key(row)].append(row)


@dataclass(frozen=True)
class RateTables:
    """All contribution tables, with month lookups. Immutable: load once, reuse."""

    rates: tuple[ContributionRate, ...]
    jp_ceilings: tuple[JpWageCeiling, ...]
    bpu_brackets: tuple[BpuIncomeBracket, ...]
    discounts: tuple[ContributionDiscount, ...]
    applicability: tuple[ProgrammeApplicability, ...]

    def __post_init__(self) -> None:
        check_no_overlap(
            self.rates,
            lambda r: (r.programme, r.segment, r.payer, r.risk_class),
            table="tarif iuran",
        )
        check_no_overlap(self.jp_ceilings, lambda r: "jp", table="batas upah JP")
        check_no_overlap(
            self.discounts, lambda r: (r.programme, r.segment, r.sector), table="diskon iuran"
        )
        check_no_overlap(
            self.applicability, lambda r: (r.programme, r.segment), table="keberlakuan program"
        )
        _check_brackets(self.bpu_brackets)

    def rates_in_force(
        self, programme: str, segment: str, month: date, risk_class: str = ""
    ) -> tuple[ContributionRate, ...]:
        """One row per payer of ``programme`` for ``segment`` in ``month`` (ordered by payer)."""
        matching = [
            r
            for r in self.rates
            if r.programme == programme and r.segment == segment and r.risk_class == risk_class
        ]
        payers = sorted({r.payer for r in matching}, key=RATE_PAYERS.index)
        what = f"tarif {programme.upper()} {segment.upper()}"
        if risk_class:
            what += f" kelas {risk_class}"
        if not payers:
            raise NoRowInForce(f"Tabel {what} tidak ada.")
        return tuple(
            in_force([r for r in matching if r.payer == payer], month, what=what)
            for payer in payers
        )

    def jp_ceiling(self, month: date) -> JpWageCeiling:
        """The JP wage ceiling for ``month``."""
        return in_force(self.jp_ceilings, month, what="batas upah JP")

    def bpu_bracket(self, income: Decimal, month: date) -> BpuIncomeBracket:
        """The Lampiran II bracket for a BPU's reported ``income`` in ``month``."""
        dated = [b for b in self.bpu_brackets if b.validity.covers(month)]
        if not dated:
            in_force(self.bpu_brackets, month, what="penghasilan BPU")  # raises NoRowInForce
        found = [b for b in dated if b.contains(income)]
        if len(found) != 1:
            raise NoRowInForce(
                f"Tabel penghasilan BPU bulan {format_month(month)} tidak memuat "
                f"penghasilan Rp {income}."
            )
        return found[0]

    def discount(
        self, programme: str, segment: str, sector: str, month: date
    ) -> ContributionDiscount | None:
        """The discount in force, or ``None`` (no discount is the normal case)."""
        matching = [
            d
            for d in self.discounts
            if d.programme == programme and d.segment == segment and d.sector == sector
        ]
        if not any(d.validity.covers(month) for d in matching):
            return None
        return in_force(matching, month, what=f"diskon {programme.upper()} {segment.upper()}")

    def applicability_of(self, programme: str, segment: str, month: date) -> ProgrammeApplicability:
        """Whether ``programme`` is mandatory, optional or not applicable for ``segment``."""
        matching = [
            a for a in self.applicability if a.programme == programme and a.segment == segment
        ]
        what = f"keberlakuan {programme.upper()} untuk {segment.upper()}"
        return in_force(matching, month, what=what)


def _check_brackets(brackets: Sequence[BpuIncomeBracket]) -> None:
    for i, one in enumerate(brackets):
        for other in brackets[i + 1 :]:
            if not one.validity.overlaps(other.validity):
                continue
            one_below = one.income_to is not None and one.income_to < other.income_from
            other_below = other.income_to is not None and other.income_to < one.income_from
            if not (one_below or other_below):
                raise OverlappingRows(
                    f"Tabel penghasilan BPU rusak: {one.label()} dan {other.label()} "
                    "tumpang tindih."
                )


# --- reading the files -------------------------------------------------------------------

RATES_HEADER = (
    "programme",
    "segment",
    "payer",
    "rate_percent",
    "flat_amount",
    "risk_class",
    "valid_from",
    "valid_to",
    "legal_basis",
    "source",
    "confidence",
    "note",
)
CEILING_HEADER = (
    "valid_from",
    "valid_to",
    "ceiling",
    "legal_basis",
    "source",
    "confidence",
    "note",
)
BRACKETS_HEADER = (
    "income_from",
    "income_to",
    "basis",
    "valid_from",
    "valid_to",
    "legal_basis",
    "source",
    "confidence",
    "note",
)
DISCOUNTS_HEADER = (
    "programme",
    "segment",
    "sector",
    "discount_percent",
    "valid_from",
    "valid_to",
    "excluded_funding",
    "legal_basis",
    "source",
    "confidence",
    "note",
)
APPLICABILITY_HEADER = (
    "programme",
    "segment",
    "status",
    "valid_from",
    "valid_to",
    "legal_basis",
    "source",
    "confidence",
    "note",
)


def default_data_dir() -> Traversable:
    """The packaged tables, ``kawal/domain/data/``."""
    return files("kawal") / "domain" / "data"


def load_rate_tables(directory: str | Path | Traversable | None = None) -> RateTables:
    """Read the five tables from ``directory`` (default: :func:`default_data_dir`).

    Raises :class:`RateTableError` naming the file and line of the first bad value, or
    :class:`OverlappingRows` when two rows overlap.
    """
    base = default_data_dir() if directory is None else directory
    if isinstance(base, str):
        base = Path(base)
    return RateTables(
        rates=tuple(_read(base, "contribution_rates.csv", RATES_HEADER, _rate_row)),
        jp_ceilings=tuple(_read(base, "jp_wage_ceiling.csv", CEILING_HEADER, _ceiling_row)),
        bpu_brackets=tuple(_read(base, "bpu_income_brackets.csv", BRACKETS_HEADER, _bracket_row)),
        discounts=tuple(_read(base, "contribution_discounts.csv", DISCOUNTS_HEADER, _discount_row)),
        applicability=tuple(
            _read(base, "programme_applicability.csv", APPLICABILITY_HEADER, _applicability_row)
        ),
    )


@lru_cache(maxsize=1)
def default_rate_tables() -> RateTables:
    """The packaged tables, loaded once per process (they are immutable)."""
    return load_rate_tables()


T = TypeVar("T")


def read_csv_table(
    base: Path | Traversable,
    name: str,
    header: tuple[str, ...],
    make: Callable[[dict[str, str]], T],
    *,
    error: type[ValueError] = ValueError,
) -> list[T]:
    """The rows of the packaged CSV ``name`` built by ``make``; ``error`` (with the file and row
    in its Indonesian message) for a wrong header, a short row or a row ``make`` refuses.
    Shared by the rate tables and the benefit tables."""
    text = (base / name).read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    found = tuple(cell.strip() for cell in next(reader, []))
    if found != header:
        raise error(f"{name}: kepala kolom harus {','.join(header)!r}, bukan {found!r}.")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise error(f"{name} baris {line}: {len(cells)} kolom, harus {len(header)}.")
        try:
            rows.append(make(dict(zip(header, (c.strip() for c in cells), strict=True))))
        except error as exc:
            raise error(f"{name} baris {line}: {exc}") from exc
    return rows


def _read(
    base: Path | Traversable,
    name: str,
    header: tuple[str, ...],
    make: Callable[[dict[str, str]], T],
) -> list[T]:
    return read_csv_table(base, name, header, make, error=RateTableError)


def _validity(row: dict[str, str]) -> Validity:
    start = parse_month(row["valid_from"])
    end = parse_month(row["valid_to"]) if row["valid_to"] else None
    if end is not None and end < start:
        raise RateTableError("valid_to lebih awal dari valid_from.")
    return Validity(start, end)


def row_provenance(row: dict[str, str], *, error: type[ValueError] = ValueError) -> Provenance:
    """The legal basis, source, confidence mark and note of a table row (all but the note
    required)."""
    confidence = row["confidence"]
    if confidence not in CONFIDENCES:
        raise error(f"confidence harus V, S atau ?, bukan {confidence!r}.")
    if not row["legal_basis"] or not row["source"]:
        raise error("legal_basis dan source wajib diisi.")
    return Provenance(row["legal_basis"], row["source"], cast(Confidence, confidence), row["note"])


def _provenance(row: dict[str, str]) -> Provenance:
    return row_provenance(row, error=RateTableError)


def non_negative_decimal(
    text: str, column: str, *, error: type[ValueError] = ValueError
) -> Decimal:
    """``text`` as a finite, non-negative Decimal, else ``error`` naming the column."""
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise error(f"{column} bukan angka: {text!r}.") from exc
    if not value.is_finite() or value < 0:
        raise error(f"{column} harus angka tidak negatif: {text!r}.")
    return value


def _amount(text: str, column: str) -> Decimal:
    return non_negative_decimal(text, column, error=RateTableError)


def _choice(value: str, allowed: Sequence[str], column: str) -> str:
    if value not in allowed:
        raise RateTableError(f"{column} {value!r} tidak dikenal (pilihan: {', '.join(allowed)}).")
    return value


def _rate_row(row: dict[str, str]) -> ContributionRate:
    if bool(row["rate_percent"]) == bool(row["flat_amount"]):
        raise RateTableError("isi tepat satu dari rate_percent atau flat_amount.")
    return ContributionRate(
        programme=row["programme"],
        segment=_choice(row["segment"], SEGMENT_CODES, "segment"),
        payer=_choice(row["payer"], RATE_PAYERS, "payer"),
        rate_percent=_amount(row["rate_percent"], "rate_percent") if row["rate_percent"] else None,
        flat_amount=_amount(row["flat_amount"], "flat_amount") if row["flat_amount"] else None,
        risk_class=_choice(row["risk_class"], ("", *RISK_CLASS_CODES), "risk_class"),
        validity=_validity(row),
        provenance=_provenance(row),
    )


def _ceiling_row(row: dict[str, str]) -> JpWageCeiling:
    return JpWageCeiling(_amount(row["ceiling"], "ceiling"), _validity(row), _provenance(row))


def _bracket_row(row: dict[str, str]) -> BpuIncomeBracket:
    income_from = _amount(row["income_from"], "income_from")
    income_to = _amount(row["income_to"], "income_to") if row["income_to"] else None
    if income_to is not None and income_to < income_from:
        raise RateTableError("income_to lebih kecil dari income_from.")
    basis = None if row["basis"] == BASIS_IS_INCOME else _amount(row["basis"], "basis")
    return BpuIncomeBracket(income_from, income_to, basis, _validity(row), _provenance(row))


def _discount_row(row: dict[str, str]) -> ContributionDiscount:
    percent = _amount(row["discount_percent"], "discount_percent")
    if not 0 < percent <= 100:
        raise RateTableError(f"discount_percent harus di atas 0 dan paling besar 100: {percent}.")
    return ContributionDiscount(
        programme=row["programme"],
        segment=_choice(row["segment"], SEGMENT_CODES, "segment"),
        sector=row["sector"],
        discount_percent=percent,
        excluded_funding=frozenset(f for f in row["excluded_funding"].split(";") if f),
        validity=_validity(row),
        provenance=_provenance(row),
    )


def _applicability_row(row: dict[str, str]) -> ProgrammeApplicability:
    return ProgrammeApplicability(
        programme=row["programme"],
        segment=_choice(row["segment"], SEGMENT_CODES, "segment"),
        status=_choice(row["status"], STATUSES, "status"),
        validity=_validity(row),
        provenance=_provenance(row),
    )
