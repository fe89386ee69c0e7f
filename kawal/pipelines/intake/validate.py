"""Validate every row of an intake file at once, with Polars expressions only.

Input: the file as a frame of String columns (named as in the file) plus ``row`` (Int64,
1-based data row number), and optionally Boolean ``__numeric__<column>`` flags telling that
the cell was stored as a number in an XLSX file. The header mapping comes from
:func:`kawal.pipelines.intake.headers.map_headers`.

Output (:class:`ValidatedRows`): a clean frame with canonical typed columns and ``valid``,
and a findings frame with one row per problem. Person names are only trimmed and
whitespace-collapsed here: :func:`kawal.domain.names.normalise_name` has no cheap
vectorised equivalent (titles, degrees, comma tails, prefix expansion), so name keys are
left to the linkage step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl

from kawal.domain.nik_frame import check_nik_frame
from kawal.domain.regions import RegionCodes
from kawal.pipelines.intake import findings_frame, lookups
from kawal.pipelines.intake.checks import PER_ROW_FIELDS, row_checks
from kawal.pipelines.intake.headers import HeaderMapping
from kawal.pipelines.intake.parsers import field_lookups
from kawal.pipelines.intake.values import (
    NOT_BLANK,
    blank_to_null,
    collapse_spaces,
    formula_like,
    phone_digits,
    phone_from_digits,
)

NUMERIC_PREFIX = "__numeric__"
#: The clean frame's columns, their types and the work-frame column each comes from.
ROW_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "nik": pl.String(),
    "full_name": pl.String(),
    "sex": pl.String(),
    "birth_date": pl.Date(),
    "birth_place": pl.String(),
    "mother_name": pl.String(),
    "marital_status": pl.String(),
    "address": pl.String(),
    "rt": pl.String(),
    "rw": pl.String(),
    "village_code": pl.String(),
    "district": pl.String(),
    "phone": pl.String(),
    "occupation": pl.String(),
    "occupation_raw": pl.String(),
    "desil": pl.Int8(),
    "data_period": pl.String(),
    "work_unit": pl.String(),
    "wage": pl.Int64(),
    "adhoc_body": pl.String(),
    "election": pl.String(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
    "valid": pl.Boolean(),
}
_SOURCE_COLUMNS = {
    "village_code": "village.code",
    "occupation_raw": "occupation.raw",
    **{name: name for name in ("row", "birth_date", "wage", "phone", *PER_ROW_FIELDS)},
}
#: Work columns the checks read, with their type when the field is not mapped.
_WORK_DEFAULTS: dict[str, pl.DataType] = {
    "sex.out": pl.String(),
    "birth_date.out": pl.Date(),
    "village.status": pl.String(),
    "village.mismatch": pl.Boolean(),
    "village.from_code": pl.Boolean(),
    "occupation.out": pl.String(),
    "desil.out": pl.Int8(),
    "wage.out": pl.Int64(),
    "start_date.out": pl.Date(),
    "end_date.out": pl.Date(),
    "phone": pl.String(),
}
_TTL = (
    r"^(?P<place>.*?)[\s,;/]*(?P<date>\d{1,2}\s*[-/.\s]\s*(?:\d{1,2}|[A-Za-z]{3,9}\.?)"
    r"\s*[-/.\s,]\s*\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{8}|\d{5})\s*$"
)


@dataclass(frozen=True)
class ValidatedRows:
    """Result of :func:`validate_rows`.

    ``rows`` follows :data:`ROW_SCHEMA`, one row per input row in input order. A typed
    column holds the value when it could be read and passed its own check (else null);
    ``nik`` is the normalised NIK whatever its findings. ``valid`` is false when the row
    has an error-severity finding. ``findings`` follows
    :data:`~kawal.pipelines.intake.findings_frame.FINDINGS_SCHEMA`, sorted by row.
    """

    rows: pl.DataFrame
    findings: pl.DataFrame


def validate_rows(
    df: pl.DataFrame,
    *,
    mapping: HeaderMapping,
    codes: RegionCodes,
    villages: pl.DataFrame,
    today: date,
    source: str,
    numeric: Mapping[str, pl.Series] | None = None,
) -> ValidatedRows:
    """Validate and type every row of ``df`` (see the module docstring for the layout).

    ``numeric`` maps a file column to a Boolean Series aligned with ``df``, true where the
    cell was stored as a number (``ReadResult.numeric_cells`` from
    :func:`kawal.pipelines.intake.read.read_table`); a ``__numeric__<column>`` column of
    ``df`` says the same. ``villages`` has ``code`` (10 digits), ``name``, ``district_code`` and
    ``district_name``: the current desa/kelurahan of the pemda. Raises ``ValueError`` when
    the mapping has header errors, was made for another source, or names absent columns.

    1. Stage: file columns renamed by field; per-row text stripped; TTL and RT/RW split.
    2. Type low-cardinality fields and villages on their distinct values
       (:mod:`~kawal.pipelines.intake.lookups`) while names and phones are normalised per
       row, in one parallel Polars plan.
    3. Compute the check masks; check NIKs with
       :func:`kawal.domain.nik_frame.check_nik_frame` against the typed birth date and sex
       (a NIK cell stored as a number is ``NIK_NUMBER_FORMAT``).
    4. Gather the findings; ``valid`` is "no error-severity finding".
    """
    _check_inputs(df, mapping, source)
    fields = _available(mapping)
    specs = field_lookups(fields, villages, today)
    if numeric:
        df = df.with_columns(
            pl.Series(NUMERIC_PREFIX + column, flags, dtype=pl.Boolean)
            for column, flags in numeric.items()
            if column in mapping.columns
        )
    work = _stage(df, mapping, specs)
    work = lookups.apply(work, specs, extra=_per_row(work.columns))
    work = work.with_columns(
        pl.lit(None, dtype).alias(name)
        for name, dtype in _WORK_DEFAULTS.items()
        if name not in work.columns
    ).with_columns(
        birth_date=pl.when(pl.col("birth_date.out") <= today).then("birth_date.out"),
        wage=pl.when(pl.col("wage.out") >= 0).then("wage.out"),
    )
    checks = row_checks(work.columns, mapping, source, today)
    work = work.with_columns(
        check.mask.fill_null(False).alias(f"__check{index}") for index, check in enumerate(checks)
    )
    nik = check_nik_frame(
        work.select("row", "raw:nik", "birth_date", pl.col("sex.out").alias("sex")),
        codes=codes,
        today=today,
        nik_col="raw:nik",
        birth_date_col="birth_date",
        sex_col="sex",
    )
    nik = _numeric_nik(nik, work)
    findings = findings_frame.build(work, nik, checks, mapping)
    return ValidatedRows(rows=_rows(work, nik, findings), findings=findings)


def _rows(work: pl.DataFrame, nik: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    errors = findings.filter(pl.col("severity") == "error").get_column("row").unique()
    exprs = []
    for name, dtype in ROW_SCHEMA.items():
        column = _SOURCE_COLUMNS.get(name, f"{name}.out")
        if name == "nik":
            exprs.append(nik.get_column("nik_normalised").replace("", None).alias(name))
        elif name == "valid":
            exprs.append((~pl.col("row").is_in(errors.implode())).alias(name))
        elif column in work.columns:
            exprs.append(pl.col(column).cast(dtype).alias(name))
        else:
            exprs.append(pl.lit(None, dtype).alias(name))
    return work.select(exprs)


def _check_inputs(df: pl.DataFrame, mapping: HeaderMapping, source: str) -> None:
    if mapping.source != source:
        raise ValueError(f"mapping was made for source {mapping.source!r}, not {source!r}")
    if not mapping.ok:
        raise ValueError("the header mapping has errors; report them instead of validating")
    absent = [column for column in (*mapping.columns, "row") if column not in df.columns]
    if absent:
        raise ValueError(f"columns {absent} are not in the frame")


def _available(mapping: HeaderMapping) -> set[str]:
    """Fields with a ``raw:<field>`` column after staging (mapped, or split from TTL/RT-RW)."""
    fields = set(mapping.columns.values())
    if "birth_place_date" in fields:
        fields |= {"birth_place", "birth_date"}
    if "rt_rw" in fields:
        fields |= {"rt", "rw"}
    return fields


def _stage(df: pl.DataFrame, mapping: HeaderMapping, specs: list[lookups.Lookup]) -> pl.DataFrame:
    """``row``, ``raw:<field>``, ``num:<field>``, per-row text and the lookup hashes."""
    exprs: list[pl.Expr] = [pl.col("row").cast(pl.Int64)]
    for column, name in mapping.columns.items():
        exprs.append(pl.col(column).cast(pl.String).alias(f"raw:{name}"))
        flag = NUMERIC_PREFIX + column
        if flag in df.columns:
            exprs.append(pl.col(flag).cast(pl.Boolean).fill_null(False).alias(f"num:{name}"))
    work = df.lazy().select(exprs)
    fields = set(mapping.columns.values())
    if "birth_place_date" in fields:
        work = _split_ttl(work, fields)
    if "rt_rw" in fields:
        split = pl.col("raw:rt_rw").str.split_exact("/", 1)
        derived = {"rt": split.struct.field("field_0"), "rw": split.struct.field("field_1")}
        work = work.with_columns(
            **{f"raw:{name}": e for name, e in derived.items() if name not in fields}
        )
    per_row = [blank_to_null(pl.col(f"raw:{n}")).alias(f"in:{n}") for n in PER_ROW_FIELDS]
    per_row = [e for e, n in zip(per_row, PER_ROW_FIELDS, strict=True) if n in fields]
    if "phone" in fields:
        phone, flagged = (
            pl.col("raw:phone"),
            pl.col("num:phone") if "num:phone" in work.collect_schema() else pl.lit(False),
        )
        text = pl.when(flagged).then(phone.str.replace(r"\.0+\s*$", "")).otherwise(phone)
        per_row += [
            phone_digits(text).alias("__phone_digits"),
            phone.str.contains(NOT_BLANK).fill_null(False).alias("phone.given"),
        ]
    hashes = [expr for spec in specs for expr in spec.hash_exprs()]
    return work.with_columns(*per_row, *hashes).collect()


def _split_ttl(work: pl.LazyFrame, fields: set[str]) -> pl.LazyFrame:
    """Split "Raha, 17-08-1985" into place and date; mapped place/date columns win."""
    ttl = pl.col("raw:birth_place_date").str.strip_chars()
    targets = [name for name in ("birth_place", "birth_date") if name not in fields]
    work = work.with_columns(
        ttl.str.extract_groups(_TTL).alias("__ttl"), ttl.str.contains(",").alias("__comma")
    )
    parts = pl.col("__ttl")
    derived = {
        "birth_place": pl.coalesce(
            parts.struct.field("place"), ttl.str.replace(r",[^,]*$", "")
        ).str.strip_chars(" ,;/"),
        "birth_date": pl.coalesce(
            parts.struct.field("date"), pl.when("__comma").then(ttl.str.extract(r",([^,]*)$"))
        ),
    }
    work = work.with_columns(**{f"raw:{name}": derived[name] for name in targets})
    return work.drop("__ttl", "__comma")


def _per_row(columns: list[str]) -> list[pl.Expr]:
    """Expressions for the fields typed row by row, and their formula flags."""
    exprs = [
        collapse_spaces(pl.col(f"in:{n}")).alias(n) for n in PER_ROW_FIELDS if f"in:{n}" in columns
    ]
    if "__phone_digits" in columns:
        plus_number = pl.col("raw:phone").str.contains(r"^\s*\+[0-9\s().\-/]*$").fill_null(False)
        exprs += [
            phone_from_digits("__phone_digits").alias("phone"),
            (formula_like(pl.col("raw:phone")) & ~plus_number).alias("phone.formula"),
        ]
    for name in (*PER_ROW_FIELDS, "nik", "birth_place_date", "rt_rw"):
        if f"raw:{name}" in columns:
            exprs.append(formula_like(pl.col(f"raw:{name}")).alias(f"{name}.formula"))
    return exprs


def _numeric_nik(nik: pl.DataFrame, work: pl.DataFrame) -> pl.DataFrame:
    """A NIK cell stored as a number lost digits, whatever it shows: ``NIK_NUMBER_FORMAT``."""
    if "num:nik" not in work.columns:
        return nik
    flag = work.get_column("num:nik")
    return nik.with_columns(
        (pl.col("nik_valid") & ~flag).alias("nik_valid"),
        pl.when(flag)
        .then(pl.lit(["NIK_NUMBER_FORMAT"]))
        .otherwise("nik_errors")
        .alias("nik_errors"),
        pl.when(flag)
        .then(pl.lit([], pl.List(pl.String)))
        .otherwise("nik_warnings")
        .alias("nik_warnings"),
    )
