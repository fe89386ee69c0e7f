"""Lookup parsers per field: how each low-cardinality field is typed on its distinct values.

Every parser returns, per distinct raw value, ``out`` (the typed value), ``given`` (the value
is not blank) and ``formula`` (it starts like a spreadsheet formula); see
:mod:`kawal.pipelines.intake.lookups` for how the results are mapped back onto the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import polars as pl

from kawal.pipelines.intake import lookups
from kawal.pipelines.intake.dates import parse_dates
from kawal.pipelines.intake.values import (
    blank_to_null,
    collapse_spaces,
    formula_like,
    marital_status,
    occupation_code,
    parse_desil,
    parse_wage,
    sex_code,
)
from kawal.pipelines.intake.villages import resolve_villages

#: Fields kept as whitespace-collapsed text, typed on their distinct values.
_TEXT_LOOKUPS = (
    "birth_place", "rt", "rw", "district", "data_period", "work_unit", "adhoc_body", "election",
)  # fmt: skip
Typer = Callable[[pl.Series], pl.Series]


def _text(values: pl.Series) -> pl.Series:
    return values.to_frame("v").select(collapse_spaces(pl.col("v"))).to_series()


def _single(typer: Typer, *, keep_raw: bool = False, number: bool = False) -> lookups.Parser:
    """A lookup parser for one field: ``out``, ``given``, ``formula`` (and ``raw``).

    With ``number``, a value that parses (``-500000``) is not reported as formula-like.
    """

    def parse(distinct: pl.DataFrame) -> pl.DataFrame:
        raw = distinct.to_series(0)
        text = raw.to_frame("v").select(blank_to_null(pl.col("v"))).to_series()
        out = pl.DataFrame({"out": typer(text), "given": text.is_not_null()})
        if keep_raw:
            out = out.with_columns(raw=_text(text))
        formula = raw.to_frame("v").select(formula_like(pl.col("v"))).to_series()
        if number:
            return out.with_columns(formula=formula & pl.col("out").is_null())
        return out.with_columns(formula=formula)

    return parse


def _village_parser(villages: pl.DataFrame, sources: tuple[str, ...]) -> lookups.Parser:
    def parse(distinct: pl.DataFrame) -> pl.DataFrame:
        null = pl.lit(None, pl.String)
        text = {
            name: blank_to_null(pl.col(f"raw:{name}")) if f"raw:{name}" in sources else null
            for name in ("village_code", "village", "district")
        }
        pairs = distinct.select(
            pl.coalesce(text["village_code"], text["village"]).alias("village"),
            text["district"].alias("district"),
            text["village_code"].is_not_null().alias("from_code"),
        )
        resolved = resolve_villages(pairs.select("village", "district"), villages)
        formulas = {
            f"formula_{name}": formula_like(pl.col(f"raw:{name}"))
            if f"raw:{name}" in sources
            else pl.lit(False)
            for name in ("village", "village_code")
        }
        return pl.DataFrame(
            {
                "code": resolved.get_column("village_code"),
                "status": resolved.get_column("status"),
                "mismatch": resolved.get_column("district_mismatch"),
                "given": pairs.get_column("village").is_not_null(),
                "from_code": pairs.get_column("from_code"),
            }
        ).hstack(distinct.select(**formulas))

    return parse


def field_lookups(fields: set[str], villages: pl.DataFrame, today: date) -> list[lookups.Lookup]:
    """The lookups typing ``fields`` (those with a ``raw:<field>`` column) and villages."""
    parsers: dict[str, lookups.Parser] = {
        "sex": _single(sex_code),
        "birth_date": _single(partial(parse_dates, today=today, birth=True)),
        "marital_status": _single(marital_status),
        "occupation": _single(occupation_code, keep_raw=True),
        "desil": _single(parse_desil),
        "wage": _single(parse_wage, number=True),
        "start_date": _single(partial(parse_dates, today=today)),
        "end_date": _single(partial(parse_dates, today=today)),
        **{name: _single(_text) for name in _TEXT_LOOKUPS},
    }
    specs = [
        lookups.Lookup((f"raw:{name}",), f"{name}.", parser)
        for name, parser in parsers.items()
        if name in fields
    ]
    if fields & {"village", "village_code"}:
        sources = tuple(
            f"raw:{name}" for name in ("village_code", "village", "district") if name in fields
        )
        specs.append(lookups.Lookup(sources, "village.", _village_parser(villages, sources)))
    return specs
