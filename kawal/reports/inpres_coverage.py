"""Coverage per segment for the Inpres report and the award dossier, from ``coverage_figures``.

The definitions (active, potential, the denominator text per segment) are those of
:mod:`kawal.reports.coverage`; this module only flattens them into printable lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kawal.accounts.models import User
from kawal.reports.coverage import coverage_figures


@dataclass(frozen=True)
class CoverageLine:
    """One segment (or the total): active ÷ potential, with the denominator stated."""

    segment: str
    label: str
    active: int
    potential: int
    covered: int
    denominator: str

    @property
    def percent(self) -> float | None:
        return 100.0 * self.active / self.potential if self.potential else None

    @property
    def percent_text(self) -> str:
        """``96,6 %`` (Indonesian decimal comma), ``-`` without a denominator."""
        pct = self.percent
        return "-" if pct is None else f"{pct:.1f} %".replace(".", ",")


TOTAL = "total"


def coverage_lines(user: User, *, as_of: date) -> list[CoverageLine]:
    """Per segment, then the pemda total (each person counted once across segments)."""
    figures = coverage_figures(user, as_of=as_of)
    lines = [
        CoverageLine(
            segment=s.segment,
            label=str(s.label),
            active=s.cell.active,
            potential=s.cell.potential,
            covered=s.cell.covered,
            denominator=str(s.denominator),
        )
        for s in figures.segments
    ]
    total = figures.total
    lines.append(
        CoverageLine(
            segment=TOTAL,
            label="Jumlah (orang, tanpa hitung ganda)",
            active=total.active,
            potential=total.potential,
            covered=total.covered,
            denominator="Setiap orang dihitung sekali walaupun berada di lebih dari satu segmen.",
        )
    )
    return lines
