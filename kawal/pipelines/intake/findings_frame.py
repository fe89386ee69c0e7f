"""Turn row-level check masks and NIK results into the findings frame of an intake file.

One row per problem: ``row`` (the data row number), ``column`` (the file's header, for the
report), ``field`` (canonical), ``code``, ``severity`` and ``message_id`` (Indonesian, from
:data:`kawal.domain.findings.MESSAGES`; never contains the cell's value).
"""

from __future__ import annotations

import polars as pl

from kawal.domain.findings import MESSAGES, finding
from kawal.domain.intake_sources import PLAUSIBLE_AGE
from kawal.domain.nik_frame import ERROR_CODES, WARNING_CODES
from kawal.pipelines.intake.checks import Check
from kawal.pipelines.intake.headers import HeaderMapping, field_label

FINDINGS_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "column": pl.String(),
    "field": pl.String(),
    "code": pl.String(),
    "severity": pl.String(),
    "message_id": pl.String(),
}
#: Fields whose file column may be a composite one, in order of preference.
_COLUMN_FIELDS = {
    "birth_date": ("birth_date", "birth_place_date"),
    "birth_place": ("birth_place", "birth_place_date"),
    "rt": ("rt", "rt_rw"),
    "rw": ("rw", "rt_rw"),
}
_NIK_CODES = ERROR_CODES + WARNING_CODES
_NIK_FIELDS = {"NIK_BIRTH_DATE_MISMATCH": "birth_date", "NIK_SEX_MISMATCH": "sex"}
_PARAMS = {"AGE_IMPLAUSIBLE": {"min_age": PLAUSIBLE_AGE[0], "max_age": PLAUSIBLE_AGE[1]}}


def column_of(name: str, mapping: HeaderMapping) -> pl.Expr:
    """The file column holding field ``name`` (may depend on the row for the village)."""
    if name == "village":
        by_code, by_name = mapping.column_for("village_code"), mapping.column_for("village")
        if by_code and by_name:
            return (
                pl.when(pl.col("village.from_code"))
                .then(pl.lit(by_code))
                .otherwise(pl.lit(by_name))
            )
        return pl.lit(by_code or by_name, pl.String)
    for candidate in _COLUMN_FIELDS.get(name, (name,)):
        column = mapping.column_for(candidate)
        if column is not None:
            return pl.lit(column, pl.String)
    return pl.lit(None, pl.String)


def _message(check: Check) -> str:
    params = dict(_PARAMS.get(check.code, {}))
    params.update(check.params or {})
    params.setdefault("label", field_label(check.field))
    return finding(check.code, **params).message_id


def _nik_message(code: pl.Expr, nik: pl.Expr) -> pl.Expr:
    """The Indonesian NIK message, with ``{length}`` and ``{code}`` filled per row."""
    template = code.replace_strict(
        {name: MESSAGES[name][1] for name in _NIK_CODES}, return_dtype=pl.String
    )
    region = (
        pl.when(code == "NIK_PROVINCE_UNKNOWN")
        .then(nik.str.slice(0, 2))
        .when(code == "NIK_REGENCY_UNKNOWN")
        .then(pl.concat_str(nik.str.slice(0, 2), nik.str.slice(2, 2), separator="."))
        .otherwise(
            pl.concat_str(
                nik.str.slice(0, 2), nik.str.slice(2, 2), nik.str.slice(4, 2), separator="."
            )
        )
    )
    length = nik.str.len_chars().cast(pl.String)
    return template.str.replace("{length}", length, literal=True).str.replace(
        "{code}", region, literal=True
    )


def _nik_findings(nik: pl.DataFrame, mapping: HeaderMapping) -> pl.LazyFrame:
    code = pl.col("code")
    field = code.replace_strict(_NIK_FIELDS, default="nik", return_dtype=pl.String)
    columns = {name: mapping.column_for(name) for name in ("nik", "sex")}
    birth_column = column_of("birth_date", mapping)
    return (
        nik.lazy()
        .filter(~pl.col("nik_valid") | (pl.col("nik_warnings").list.len() > 0))
        .select(
            "row",
            "nik_normalised",
            pl.concat_list("nik_errors", "nik_warnings").alias("code"),
        )
        .explode("code")
        .select(
            "row",
            pl.when(field == "birth_date")
            .then(birth_column)
            .when(field == "sex")
            .then(pl.lit(columns["sex"], pl.String))
            .otherwise(pl.lit(columns["nik"], pl.String))
            .alias("column"),
            field.alias("field"),
            code,
            code.replace_strict(
                {name: MESSAGES[name][0] for name in _NIK_CODES}, return_dtype=pl.String
            ).alias("severity"),
            _nik_message(code, pl.col("nik_normalised")).alias("message_id"),
            code.replace_strict(
                {name: index for index, name in enumerate(_NIK_CODES)}, return_dtype=pl.Int32
            ).alias("__order"),
        )
    )


def build(
    work: pl.DataFrame, nik: pl.DataFrame, checks: list[Check], mapping: HeaderMapping
) -> pl.DataFrame:
    """All findings of the file, sorted by row, then by the column's place in the file (left
    to right), then by check order (NIK checks first).

    ``work`` carries ``row``, ``village.from_code`` and the mask of ``checks[i]`` in
    Boolean column ``__check{i}``; ``nik`` is the output of ``check_nik_frame``.
    """
    masks = work.select("row", "village.from_code", pl.col("^__check[0-9]+$"))
    parts = [_nik_findings(nik, mapping)]
    for index, check in enumerate(checks):
        parts.append(
            masks.lazy()
            .filter(pl.col(f"__check{index}"))
            .select(
                "row",
                column_of(check.field, mapping).alias("column"),
                pl.lit(check.field, pl.String).alias("field"),
                pl.lit(check.code, pl.String).alias("code"),
                pl.lit(MESSAGES[check.code][0], pl.String).alias("severity"),
                pl.lit(_message(check), pl.String).alias("message_id"),
                pl.lit(len(_NIK_CODES) + index, pl.Int32).alias("__order"),
            )
        )
    positions = {column: index for index, column in enumerate(mapping.columns)}
    position = pl.col("column").replace_strict(
        positions, default=len(positions), return_dtype=pl.Int32
    )
    findings = (
        pl.concat(parts)
        .with_columns(position.alias("__position"))
        .sort("row", "__position", "__order")
        .drop("__position", "__order")
        .collect()
    )
    return findings.cast(FINDINGS_SCHEMA)  # type: ignore[arg-type]
