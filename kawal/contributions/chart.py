"""The realisation chart of the budget page: inline SVG drawn on the server, no JavaScript.

One group per budget line in force (perubahan where there is one, else murni), each with three
horizontal bars — pagu, billed (*ditagih*) and paid (*dibayar*) — scaled to the largest of the
three in that line (lines of very different size stay readable; the amounts are written out), the
amount and its share of the pagu written above each bar, in red when it exceeds the pagu. The
drawing is 360 units wide so that on a phone it is drawn at about its own size (text stays
readable) and on a wide screen it grows to at most 520 px. It is an ``img`` with a title and a
description that says every number; the table next to it on the page holds the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kawal.contributions.selectors import Realisation

WIDTH = 360
LABEL_H, METRIC_H, BAR_H, GROUP_GAP = 18, 27, 9, 14
COLOURS = {"pagu": "#8a96a3", "billed": "#6fb59b", "paid": "#0a6e4f"}
OVER = "#b3261e"


@dataclass(frozen=True)
class ChartBar:
    """One budget line: what the chart draws, in rupiah."""

    label: str
    pagu: int
    billed: int
    paid: int

    def percent(self, amount: int) -> float | None:
        return 100.0 * amount / self.pagu if self.pagu else None


def chart_bars(rows: list[Realisation]) -> list[ChartBar]:
    """The bars of the lines in force, in the order of ``rows``."""
    bars = []
    for row in rows:
        line = row.line
        parts = [line.account_code, line.get_stage_display()]
        if line.programme:
            parts.append(line.programme.upper())
        if line.cohort is not None:
            parts.append(line.cohort.name)
        bars.append(ChartBar(" · ".join(parts), line.amount, row.billed, row.paid))
    return bars


def _short(label: str, limit: int = 48) -> str:
    """``label`` cut to fit the drawing's width at the label's font size."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def bar_width(amount: int, scale: int) -> float:
    """The length of a bar, in drawing units (0 when the scale is 0)."""
    return round(WIDTH * amount / scale, 1) if scale else 0.0


def description(bars: list[ChartBar]) -> str:
    """Every number of the chart as one sentence per line (the SVG's text alternative)."""
    return " ".join(
        _("%(label)s: pagu %(pagu)s, ditagih %(billed)s, dibayar %(paid)s.")
        % {
            "label": bar.label,
            "pagu": rupiah(bar.pagu),
            "billed": _share_words(bar, bar.billed),
            "paid": _share_words(bar, bar.paid),
        }
        for bar in bars
    )


def _share_words(bar: ChartBar, amount: int) -> str:
    share = bar.percent(amount)
    return rupiah(amount) if share is None else f"{rupiah(amount)} ({_percent(share)})"


def _percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def realisation_svg(bars: list[ChartBar], *, title: str) -> SafeString:
    """The chart as an ``<svg>`` element; all text in it is escaped."""
    height = len(bars) * (LABEL_H + 3 * METRIC_H + GROUP_GAP)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:520px;display:block" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'font-family="system-ui, sans-serif" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description(bars))}</desc>',
    ]
    names = {"pagu": _("Pagu"), "billed": _("Ditagih"), "paid": _("Dibayar")}
    y = 0
    for bar in bars:
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="12" font-weight="600" fill="#1d2733">'
            f"{escape(_short(bar.label))}</text>"
        )
        y += LABEL_H
        scale = max(bar.pagu, bar.billed, bar.paid)
        for key in ("pagu", "billed", "paid"):
            amount = getattr(bar, key)
            share = bar.percent(amount)
            value = (
                rupiah(amount)
                if key == "pagu" or share is None
                else (f"{rupiah(amount)} ({_percent(share)})")
            )
            over = key != "pagu" and amount > bar.pagu
            parts += [
                f'<text x="0" y="{y + 11}" font-size="11" fill="#5d6b7a">'
                f"{escape(names[key])}</text>",
                f'<text x="{WIDTH}" y="{y + 11}" font-size="11" text-anchor="end" '
                f'fill="{OVER if over else "#1d2733"}">{escape(value)}</text>',
                f'<rect x="0" y="{y + 15}" width="{WIDTH}" height="{BAR_H}" rx="3" '
                f'fill="#eef1f4"/>',
                f'<rect x="0" y="{y + 15}" width="{bar_width(amount, scale)}" height="{BAR_H}" '
                f'rx="3" fill="{OVER if over else COLOURS[key]}" data-key="{key}"/>',
            ]
            y += METRIC_H
        y += GROUP_GAP
    parts.append("</svg>")
    # Every piece of text above went through html.escape; the rest is fixed markup and numbers.
    return mark_safe("".join(parts))  # noqa: S308
