"""Benefits (manfaat) of JKK and JKM: which programme pays, the death benefit, claim expiry.

Everything is read from the effective-dated tables of :mod:`kawal.domain.benefit_tables`, using
the rows in force on the **event date** (day of death, accident or diagnosis). Amounts are whole
rupiah (``int``).

- :func:`programme_for_cause`: a death or injury from a work accident or an occupational disease
  is JKK; any other death is JKM (``domain-rules.md`` §2.3: branch on the cause, never one
  amount for all).
- :func:`death_benefit`: the named components with amounts and legal basis, their total (the
  cash paid at once) and the scholarship plan (paid yearly, so *not* in the total).

  - JKM: santunan sekaligus 20,000,000 + santunan berkala 12,000,000 + biaya pemakaman
    10,000,000 = **42,000,000**, for PU and BPU alike, with no waiting period.
  - JKK: santunan kematian **48 × upah** (BPU: the income basis of PP 44/2015 Lampiran II, so a
    reported income under Rp 1,000,000 counts as 1,000,000), never less than the JKM santunan
    sekaligus; plus santunan berkala 12,000,000 and biaya pemakaman 10,000,000. A BPU at basis
    1,000,000: 48,000,000 + 12,000,000 + 10,000,000 = **70,000,000**.

- :func:`claim_expired` / :func:`claim_deadline`: the right to claim lapses 5 years after the
  event (PP 82/2019 Pasal 26). **Boundary:** a claim filed *on* the 5th anniversary is still in
  time; from the next day it is expired ("lewat waktu 5 tahun" means more than 5 years have
  passed). An event on 29 February has its anniversary on 28 February in a common year.

Bad input raises :class:`BenefitError` (a ``ValueError``) with an Indonesian message.

>>> from datetime import date
>>> jkm = death_benefit(date(2025, 5, 10), "other", "bpu", None, 4)
>>> jkm.by_component(), jkm.total
({'lump_sum': 20000000, 'periodic': 12000000, 'funeral': 10000000}, 42000000)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kawal.domain.benefit_tables import (
    BenefitComponent,
    BenefitError,
    BenefitTableError,
    BenefitTables,
    NoBenefitRowInForce,
    add_years,
    default_benefit_tables,
)
from kawal.domain.contributions import SEGMENTS, round_rupiah
from kawal.domain.rates import Provenance, RateTableError, RateTables, default_rate_tables
from kawal.domain.scholarship import Child, ScholarshipPlan, scholarship_plan

__all__ = [
    "CAUSES",
    "BenefitError",
    "BenefitLine",
    "BenefitTableError",
    "Child",
    "DeathBenefit",
    "NoBenefitRowInForce",
    "ScholarshipPlan",
    "claim_deadline",
    "claim_expired",
    "death_benefit",
    "programme_for_cause",
    "scholarship_plan",
]

#: Cause of death or injury → (Indonesian label, programme that pays).
CAUSES: dict[str, tuple[str, str]] = {
    "work_accident": ("kecelakaan kerja", "jkk"),
    "occupational_disease": ("penyakit akibat kerja", "jkk"),
    "other": ("sebab lain, bukan akibat kerja", "jkm"),
}


def programme_for_cause(cause: str) -> str:
    """``"work_accident"`` / ``"occupational_disease"`` → ``"jkk"``; ``"other"`` → ``"jkm"``."""
    if cause not in CAUSES:
        choices = ", ".join(f"{code} ({label})" for code, (label, _) in CAUSES.items())
        raise BenefitError(f"Penyebab {cause!r} tidak dikenal; pilih dari {choices}.")
    return CAUSES[cause][1]


@dataclass(frozen=True)
class BenefitLine:
    """One named component of a benefit with its amount (rupiah) and where it comes from."""

    component: str
    label: str
    amount: int
    detail: str
    provenance: Provenance

    @property
    def legal_basis(self) -> str:
        return self.provenance.legal_basis


@dataclass(frozen=True)
class DeathBenefit:
    """The death benefit for one event: cash components (``total``) and the scholarship plan."""

    event_date: date
    cause: str
    programme: str
    segment: str
    base: int | None
    lines: tuple[BenefitLine, ...]
    scholarship: ScholarshipPlan
    notes: tuple[str, ...]

    @property
    def total(self) -> int:
        """The cash paid at once to the heirs (the scholarship is paid yearly and is apart)."""
        return sum(line.amount for line in self.lines)

    def by_component(self) -> dict[str, int]:
        return {line.component: line.amount for line in self.lines}

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data; amounts are integers of rupiah."""
        return {
            "event_date": self.event_date.isoformat(),
            "cause": self.cause,
            "programme": self.programme,
            "segment": self.segment,
            "base": self.base,
            "components": [
                {
                    "component": line.component,
                    "label": line.label,
                    "amount": line.amount,
                    "detail": line.detail,
                    "legal_basis": line.legal_basis,
                    "confidence": line.provenance.confidence,
                }
                for line in self.lines
            ],
            "total": self.total,
            "scholarship": {
                "trigger_met": self.scholarship.trigger_met,
                "reason": self.scholarship.trigger_reason,
                "total": self.scholarship.total,
                "children": [
                    {
                        "name": c.child.name,
                        "eligible": c.eligible,
                        "reason": c.reason,
                        "ends_on": c.ends_on.isoformat(),
                        "total": c.total,
                        "years": [
                            {
                                "year": y.year,
                                "starts_on": y.starts_on.isoformat() if y.starts_on else None,
                                "level": y.level,
                                "amount": y.amount,
                            }
                            for y in c.years
                        ],
                    }
                    for c in self.scholarship.children
                ],
            },
            "notes": list(self.notes),
        }


def death_benefit(
    event_date: date,
    cause: str,
    segment: str,
    wage_or_basis: int | Decimal | None,
    contribution_months: int,
    children: Iterable[Child] = (),
    *,
    tables: BenefitTables | None = None,
    rate_tables: RateTables | None = None,
) -> DeathBenefit:
    """The benefit paid when a participant dies on ``event_date`` of ``cause``.

    ``segment`` is ``pu`` or ``bpu``. ``wage_or_basis`` is the monthly upah (PU) or the reported
    income (BPU); JKK needs it, JKM ignores it (it may be ``None``). ``contribution_months`` is
    the masa iur (the JKM scholarship needs 36). ``children`` are declared in the heirs' order.
    """
    tables = default_benefit_tables() if tables is None else tables
    programme = programme_for_cause(cause)
    if segment not in SEGMENTS:
        raise BenefitError(f"Segmen harus pu atau bpu, bukan {segment!r}.")
    amount = _rupiah(wage_or_basis, segment)
    notes: list[str] = []
    base = None
    if programme == "jkk":
        base = _jkk_base(segment, amount, event_date, rate_tables, notes)
    lines = [
        _line(row, base, event_date, tables, notes)
        for row in tables.components_for(programme, "death", event_date)
    ]
    plan = scholarship_plan(
        event_date=event_date,
        programme=programme,
        event="death",
        contribution_months=contribution_months,
        children=children,
        tables=tables,
    )
    used = [line.provenance for line in lines] + [row.provenance for row in plan.rules]
    if plan.recipients:
        used += [level.provenance for level in plan.levels]
    notes += _confidence_notes(used)
    return DeathBenefit(
        event_date=event_date,
        cause=cause,
        programme=programme,
        segment=segment,
        base=base,
        lines=tuple(lines),
        scholarship=plan,
        notes=tuple(dict.fromkeys(notes)),
    )


def claim_deadline(
    event_date: date, programme: str = "jkk", *, tables: BenefitTables | None = None
) -> date:
    """The last day a claim for an event on ``event_date`` is in time (the 5th anniversary)."""
    tables = default_benefit_tables() if tables is None else tables
    if programme not in ("jkk", "jkm"):
        raise BenefitError(f"Program harus jkk atau jkm, bukan {programme!r}.")
    rule = tables.rule("claim_expiry_years", programme, event_date)
    return add_years(event_date, rule.value)


def claim_expired(
    event_date: date,
    claim_date: date,
    *,
    programme: str = "jkk",
    tables: BenefitTables | None = None,
) -> bool:
    """Whether a claim filed on ``claim_date`` is past the expiry (daluwarsa) of the event.

    ``False`` up to and including the 5th anniversary of ``event_date``, ``True`` after it.
    """
    if claim_date < event_date:
        raise BenefitError(
            f"Tanggal klaim {claim_date.isoformat()} lebih awal dari tanggal kejadian "
            f"{event_date.isoformat()}."
        )
    return claim_date > claim_deadline(event_date, programme, tables=tables)


# --- helpers ------------------------------------------------------------------------------


def _rupiah(value: int | Decimal | None, segment: str) -> Decimal | None:
    what = "Upah" if segment == "pu" else "Penghasilan (dasar iuran)"
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise BenefitError(f"{what} harus angka rupiah utuh.")
    amount = Decimal(value)
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise BenefitError(f"{what} harus angka rupiah utuh.")
    if amount < 0:
        raise BenefitError(f"{what} tidak boleh negatif: {value}.")
    return amount


def _jkk_base(
    segment: str,
    amount: Decimal | None,
    event_date: date,
    rate_tables: RateTables | None,
    notes: list[str],
) -> int:
    if segment == "pu":
        if amount is None or amount == 0:
            raise BenefitError("Untuk santunan JKK peserta PU, upah sebulan wajib diisi (> 0).")
        return int(amount)
    if amount is None:
        raise BenefitError(
            "Untuk santunan JKK peserta BPU, penghasilan yang dilaporkan (dasar iuran) wajib diisi."
        )
    rates = default_rate_tables() if rate_tables is None else rate_tables
    try:
        bracket = rates.bpu_bracket(amount, event_date.replace(day=1))
    except RateTableError as exc:
        raise BenefitError(str(exc)) from exc
    basis = bracket.basis_for(amount)
    if basis != amount:
        notes.append(
            f"Dasar penghasilan BPU Rp {_rp(basis)} untuk penghasilan dilaporkan "
            f"Rp {_rp(amount)} ({bracket.provenance.legal_basis})."
        )
    if bracket.provenance.confidence != "V":
        notes.append(
            f"[{bracket.provenance.confidence}] {bracket.provenance.legal_basis}; "
            f"sumber: {bracket.provenance.source}; {bracket.provenance.note}"
        )
    return int(basis)


def _line(
    row: BenefitComponent,
    base: int | None,
    event_date: date,
    tables: BenefitTables,
    notes: list[str],
) -> BenefitLine:
    if row.kind == "fixed":
        assert row.value is not None  # the loader guarantees a value for fixed rows
        return BenefitLine(row.component, row.label, int(row.value), "", row.provenance)
    if row.kind != "wage_multiple" or base is None or row.value is None:
        raise BenefitTableError(
            f"Komponen {row.key} ({row.kind}) tidak dapat dihitung sebagai uang sekaligus."
        )
    amount = round_rupiah(row.value * base)
    detail = f"{row.value.normalize():f} x Rp {_rp(base)} = Rp {_rp(amount)}"
    if row.minimum_of:
        floor_row = tables.component(row.minimum_of, event_date)
        floor = int(floor_row.value or 0)
        if amount < floor:
            detail += f"; dinaikkan ke paling sedikit {floor_row.label} JKM Rp {_rp(floor)}"
            notes.append(
                f"{row.label}: {row.value.normalize():f} x upah kurang dari {floor_row.label} "
                f"JKM, jadi dibayar Rp {_rp(floor)} ({row.provenance.legal_basis})."
            )
            amount = floor
    return BenefitLine(row.component, row.label, amount, detail, row.provenance)


def _confidence_notes(rows: Iterable[Provenance]) -> list[str]:
    """One note per row marked S or ? that the result rests on."""
    return [
        f"[{row.confidence}] {row.legal_basis}; sumber: {row.source}"
        + (f"; {row.note}" if row.note else "")
        for row in rows
        if row.confidence != "V"
    ]


def _rp(amount: Decimal | int) -> str:
    """``1000000`` → ``"1.000.000"`` (Indonesian thousands separator)."""
    return f"{int(amount):,}".replace(",", ".")
