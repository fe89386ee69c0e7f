"""Dates as people type them into spreadsheets, parsed by Polars expressions.

Accepted forms (whitespace around separators is allowed, a trailing time is ignored):

* day-month-year with ``-``, ``/`` or ``.``: ``17-08-1985``, ``17/8/1985``, ``17.08.85``;
* ISO year-month-day: ``1985-08-17``, ``1985-08-17 00:00:00`` (how date cells come out of
  a spreadsheet reader);
* a month name or abbreviation (Indonesian, old spelling or English, any case):
  ``17 Agustus 1985``, ``17-Agt-85``, ``17 Ags 1985``, ``1 Mei 1990``, ``5 Okt 2001``;
* eight digits ``17081985`` (DDMMYYYY) or ``19850817`` (YYYYMMDD);
* an Excel serial number (1900 date system) from 1 to 60000, also with a fraction (a
  date-time; the integer part counts, and only from three digits on, so ``17.08`` is not a
  serial): ``31276`` → 1985-08-17. Serial 60 is Excel's non-existent 29 February 1900 and is
  invalid; serials 1–59 count from 1 January 1900. A four-digit number from 1800 to 2200 is a
  bare year, not a serial, and is invalid (``1985`` is not 7 June 1905).

A two-digit year ``yy`` is resolved against ``today``: for birth dates, the latest century
that does not put the date after ``today``, then one century earlier if the person would be
younger than ``TWO_DIGIT_MIN_AGE`` (10) — ``17/08/20`` read on 2025-06-15 is 1920, not 2020.
For other dates (start and end of work, which may lie ahead) the year is taken in the window
``today.year - 79`` … ``today.year + 20``.

Years outside 1800–2200, months outside 1–12 and days that do not exist give null.

The parse runs on the distinct values of a column (a million birth dates hold a few tens of
thousands of distinct strings), in stages so that no intermediate is computed twice.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from kawal.domain.intake_sources import MONTHS, TWO_DIGIT_MIN_AGE
from kawal.pipelines.intake.values import map_unique

_SEP = r"[ \t]*[-/.][ \t]*"
_TIME = r"(?:[T \t]+[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2}(?:[.,][0-9]+)?)?)?"
#: One pattern for all forms; the classes are ASCII so the regex stays fast.
DATE_PATTERN = (
    r"^[ \t]*(?:"
    rf"(?P<d1>[0-9]{{1,2}}){_SEP}(?P<m1>[0-9]{{1,2}}){_SEP}(?P<y1>[0-9]{{4}}|[0-9]{{2}})"
    rf"|(?P<y2>[0-9]{{4}}){_SEP}(?P<m2>[0-9]{{1,2}}){_SEP}(?P<d2>[0-9]{{1,2}})"
    r"|(?P<d3>[0-9]{1,2})[ \t\-/.]*(?P<mn>[A-Za-z]{3,9})\.?[ \t\-/.,]*(?P<y3>[0-9]{4}|[0-9]{2})"
    r"|(?P<d4>[0-3][0-9])(?P<m4>[01][0-9])(?P<y4>(?:18|19|20|21)[0-9][0-9])"
    r"|(?P<y5>(?:18|19|20|21)[0-9][0-9])(?P<m5>[01][0-9])(?P<d5>[0-3][0-9])"
    r"|(?P<s1>[0-9]{1,5})(?:\.0*)?|(?P<s2>[0-9]{3,5})\.[0-9]+"
    rf"){_TIME}[ \t]*$"
)
#: Excel's day 0 for serials from 61 on (1899-12-30: the 1900 leap-year bug shifts by one).
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_MAX_SERIAL = 60000


def _after(year: pl.Expr, month: pl.Expr, day: pl.Expr, today: date) -> pl.Expr:
    """(year, month, day) > today, on integers (the date may not exist)."""
    return (year > today.year) | (
        (year == today.year)
        & ((month > today.month) | ((month == today.month) & (day > today.day)))
    )


def _resolve_year(today: date, *, birth: bool) -> pl.Expr:
    """The full year from columns ``y`` (as typed), ``yl`` (its length), ``m`` and ``d``."""
    y, m, d = pl.col("y"), pl.col("m"), pl.col("d")
    year = y + (today.year - today.year % 100)
    if birth:
        too_young = _after(year + TWO_DIGIT_MIN_AGE, m, d, today)
        two_digit = pl.when(too_young).then(year - 100).otherwise(year)
    else:
        two_digit = (
            pl.when(year > today.year + 20)
            .then(year - 100)
            .when(year <= today.year - 80)
            .then(year + 100)
            .otherwise(year)
        )
    return pl.when(pl.col("yl") == 2).then(two_digit).otherwise(y)


def _stages(today: date, *, birth: bool) -> list[dict[str, pl.Expr]]:
    g = pl.col("g")

    def number(*names: str) -> pl.Expr:
        return pl.coalesce([g.struct.field(n).cast(pl.Int32, strict=False) for n in names])

    year_text = pl.coalesce([g.struct.field(f"y{i}") for i in range(1, 6)])
    month_name = g.struct.field("mn").str.to_lowercase()
    y, m, d = pl.col("y"), pl.col("m"), pl.col("d")
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_days = (
        pl.when(m == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(m.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    real = pl.col("real")
    s = pl.col("s")
    serial = (
        pl.when(s.is_between(61, EXCEL_MAX_SERIAL))
        .then(pl.lit(EXCEL_EPOCH) + pl.duration(days=s))
        .when(s.is_between(1, 59))
        .then(pl.lit(EXCEL_EPOCH) + pl.duration(days=s + 1))
    )
    typed = pl.date(
        pl.when(real).then(y).otherwise(2000),
        pl.when(real).then(m).otherwise(1),
        pl.when(real).then(d).otherwise(1),
    )
    return [
        {"g": pl.col("v").str.extract_groups(DATE_PATTERN)},
        {
            "d": number("d1", "d2", "d3", "d4", "d5"),
            "m": pl.coalesce(
                number("m1", "m2", "m4", "m5"),
                month_name.replace_strict(MONTHS, default=None, return_dtype=pl.Int32),
            ),
            "y": year_text.cast(pl.Int32, strict=False),
            "yl": year_text.str.len_bytes(),
            "s": number("s1", "s2"),
        },
        {"y": _resolve_year(today, birth=birth), "s": pl.when(~s.is_between(1800, 2200)).then(s)},
        {"real": y.is_between(1800, 2200) & m.is_between(1, 12) & d.is_between(1, month_days)},
        {"out": pl.when(real).then(typed).otherwise(serial.cast(pl.Date))},
    ]


def parse_dates(values: pl.Series, *, today: date, birth: bool = False) -> pl.Series:
    """Parse a String Series of dates in any of the module's forms into a Date Series.

    ``birth`` selects the two-digit-year rule for birth dates. The result is null for a
    blank or unreadable value; callers tell the two apart with the input.
    """

    def compute(lf: pl.LazyFrame) -> pl.LazyFrame:
        for stage in _stages(today, birth=birth):
            lf = lf.with_columns(**stage)
        return lf

    return map_unique(values, compute, pl.Date())
