"""The row-level checks of intake validation, as Boolean masks over the typed work frame.

Column conventions of the work frame (built by :mod:`kawal.pipelines.intake.validate`):
``in:<field>`` is the stripped text of a field checked row by row (names, address), a field
typed through a lookup has ``<field>.out``, ``<field>.given`` (non-blank) and
``<field>.formula``; villages have ``village.*`` outputs; the phone has ``phone.given``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

import polars as pl

from kawal.domain.intake_sources import PLAUSIBLE_AGE, REQUIRED
from kawal.pipelines.intake.headers import HeaderMapping, requirement_label
from kawal.pipelines.intake.villages import AMBIGUOUS, NOT_FOUND

#: Fields whose text is kept per row (nearly every value differs).
PER_ROW_FIELDS = ("full_name", "mother_name", "address")


class Check(NamedTuple):
    """One row-level check: rows where ``mask`` is true get finding ``code`` on ``field``."""

    code: str
    field: str
    mask: pl.Expr
    params: Mapping[str, object] | None = None


def given(columns: list[str], name: str) -> pl.Expr:
    """True where field ``name`` holds a non-blank value (false when it is not mapped)."""
    if name in PER_ROW_FIELDS:
        column = f"in:{name}"
        return pl.col(column).is_not_null() if column in columns else pl.lit(False)
    column = f"{name}.given"
    return pl.col(column).fill_null(False) if column in columns else pl.lit(False)


def formula_column(name: str) -> str:
    """The work-frame column flagging formula-like cells of field ``name``."""
    if name in ("village", "village_code"):
        return f"village.formula_{name}"
    return f"{name}.formula"


def anniversary(today: date, years: int) -> date:
    """``today`` ``years`` years earlier (29 February becomes 28 February).

    >>> anniversary(date(2024, 2, 29), 1)
    datetime.date(2023, 2, 28)
    """
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def required_checks(columns: list[str], mapping: HeaderMapping, source: str) -> list[Check]:
    """``FIELD_REQUIRED`` per requirement of ``source`` (the NIK has its own ``NIK_EMPTY``)."""
    checks = []
    for requirement in REQUIRED[source]:
        if requirement == ("nik",):
            continue
        blank = pl.lit(True)
        for name in requirement:
            blank = blank & ~given(columns, name)
        name = next((name for name in requirement if mapping.provides(name)), requirement[0])
        checks.append(
            Check("FIELD_REQUIRED", name, blank, {"label": requirement_label(requirement)})
        )
    return checks


def row_checks(columns: list[str], mapping: HeaderMapping, source: str, today: date) -> list[Check]:
    """Every row-level check of the file, in report order (after the NIK checks)."""

    def invalid(name: str, value: str) -> pl.Expr:
        return given(columns, name) & pl.col(value).is_null()

    low, high = PLAUSIBLE_AGE
    birth, status = pl.col("birth_date.out"), pl.col("village.status")
    implausible = (birth > anniversary(today, low)) | (birth <= anniversary(today, high + 1))
    checks = required_checks(columns, mapping, source)
    checks += [
        Check("SEX_INVALID", "sex", invalid("sex", "sex.out")),
        Check("DATE_INVALID", "birth_date", invalid("birth_date", "birth_date.out")),
        Check("BIRTH_DATE_IN_FUTURE", "birth_date", birth > today),
        Check("AGE_IMPLAUSIBLE", "birth_date", (birth <= today) & implausible),
        Check("VILLAGE_NOT_FOUND", "village", status == NOT_FOUND),
        Check("VILLAGE_AMBIGUOUS", "village", status == AMBIGUOUS),
        Check("VILLAGE_DISTRICT_MISMATCH", "village", pl.col("village.mismatch")),
        Check("PHONE_INVALID", "phone", invalid("phone", "phone")),
        Check("OCCUPATION_UNKNOWN", "occupation", invalid("occupation", "occupation.out")),
        Check("DESIL_INVALID", "desil", invalid("desil", "desil.out")),
        Check("WAGE_INVALID", "wage", invalid("wage", "wage.out")),
        Check("WAGE_NEGATIVE", "wage", pl.col("wage.out") < 0),
        Check("DATE_INVALID", "start_date", invalid("start_date", "start_date.out")),
        Check("DATE_INVALID", "end_date", invalid("end_date", "end_date.out")),
        Check("DATE_RANGE_INVALID", "end_date", pl.col("end_date.out") < pl.col("start_date.out")),
    ]
    for name in mapping.columns.values():
        checks.append(Check("FORMULA_LIKE", name, pl.col(formula_column(name))))
    return checks
