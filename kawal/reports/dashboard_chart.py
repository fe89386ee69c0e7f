"""The dashboard's inline SVG charts, drawn on the server (no JavaScript, no internet).

* :func:`trend_svg` — active members per month, one column per month, the number above each
  column; every column is a link to the list of the people it counts.
* :func:`coverage_bar` — a thin horizontal bar of active ÷ potential for table cells.

Like :mod:`kawal.contributions.chart`, each drawing is 360 units wide (readable on a phone, at
most 560 px on a wide screen), carries a title and a description that states every number, and
escapes all of its text.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kawal.reports.dashboard import TrendPoint

WIDTH, HEIGHT, TOP, BOTTOM = 360, 170, 18, 30
BRAND, TRACK, INK, MUTED = "#0a6e4f", "#eef1f4", "#1d2733", "#5d6b7a"


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def trend_svg(
    points: list[TrendPoint], *, title: str, link: Callable[[TrendPoint], str]
) -> SafeString:
    """Columns of active members per month; ``link(point)`` is the URL of each column's list."""
    top = max((p.active for p in points), default=0)
    slot = WIDTH / max(len(points), 1)
    plot = HEIGHT - TOP - BOTTOM
    desc = " ".join(
        _("%(month)s: %(n)s aktif.")
        % {"month": date_format(p.month, "F Y"), "n": _number(p.active)}
        for p in points
    )
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="trend-title trend-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" style="max-width:560px;display:block" '
        f'font-family="system-ui, sans-serif" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(desc)}</desc>',
        f'<line x1="0" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - BOTTOM}" '
        f'stroke="{TRACK}"/>',
    ]
    for i, point in enumerate(points):
        h = round(plot * point.active / top, 1) if top else 0.0
        x = round(i * slot + slot * 0.15, 1)
        w = round(slot * 0.7, 1)
        y = round(HEIGHT - BOTTOM - h, 1)
        centre = round(i * slot + slot / 2, 1)
        label = date_format(point.month, "M")
        parts += [
            f'<a href="{escape(link(point))}" data-month="{point.month:%Y-%m}">',
            f"<title>{escape(date_format(point.month, 'F Y'))}: {_number(point.active)}</title>",
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="2" fill="{BRAND}"/>',
            f'<text x="{centre}" y="{max(y - 3, 10)}" font-size="7" text-anchor="middle" '
            f'fill="{INK}">{_number(point.active)}</text>',
            f'<text x="{centre}" y="{HEIGHT - BOTTOM + 12}" font-size="9" text-anchor="middle" '
            f'fill="{MUTED}">{escape(label)}</text>',
            "</a>",
        ]
        if i == 0 or point.month.month == 1:
            parts.append(
                f'<text x="{centre}" y="{HEIGHT - BOTTOM + 24}" font-size="8.5" '
                f'text-anchor="middle" fill="{MUTED}">{point.month.year}</text>'
            )
    parts.append("</svg>")
    # All text above went through html.escape; the rest is fixed markup and numbers.
    return mark_safe("".join(parts))  # noqa: S308


def coverage_bar(percent: float | None) -> SafeString:
    """A 100-unit bar filled to ``percent`` (capped at 100), for a table cell."""
    filled = 0.0 if percent is None else round(min(percent, 100.0), 1)
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg viewBox="0 0 100 6" width="100%" height="6" preserveAspectRatio="none" '
        f'aria-hidden="true" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="100" height="6" rx="3" fill="{TRACK}"/>'
        f'<rect width="{filled}" height="6" rx="3" fill="{BRAND}"/></svg>'
    )
