"""Shape validated intake rows into registry columns (Polars only, no ORM).

The validated frame (``kawal.pipelines.intake.validate.ROW_SCHEMA``) says what the file said;
this module decides what a new Person row holds: a missing sex or birth date is taken from
the NIK (which encodes both), spreadsheet spellings become the model's choice values.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from kawal.domain.occupations import OCCUPATIONS
from kawal.pipelines.linkage.name_frame import name_keys

MARITAL_CODES = {
    "BELUM KAWIN": "belum_kawin",
    "KAWIN": "kawin",
    "CERAI HIDUP": "cerai_hidup",
    "CERAI MATI": "cerai_mati",
}


def nik_birth_date(nik: pl.Expr, today: date) -> pl.Expr:
    """The birth date a 16-digit NIK encodes (day + 40 for women; two-digit year put in the
    latest century that is not in the future)."""
    day = nik.str.slice(6, 2).cast(pl.Int32, strict=False)
    month = nik.str.slice(8, 2).cast(pl.Int32, strict=False)
    year = nik.str.slice(10, 2).cast(pl.Int32, strict=False)
    century = pl.when(year > today.year % 100).then(1900).otherwise(2000)
    return pl.date(century + year, month, pl.when(day > 40).then(day - 40).otherwise(day))


def nik_sex(nik: pl.Expr) -> pl.Expr:
    """L or P from the NIK's day digits."""
    return (
        pl.when(nik.str.slice(6, 2).cast(pl.Int32, strict=False) > 40)
        .then(pl.lit("P"))
        .otherwise(pl.lit("L"))
    )


def _text(name: str, limit: int) -> pl.Expr:
    return pl.col(name).fill_null("").str.slice(0, limit).alias(name)


def person_columns(rows: pl.DataFrame, *, today: date) -> pl.DataFrame:
    """``row`` plus the Person table's data columns for each validated row."""
    keys = name_keys(rows.get_column("full_name").fill_null(""))
    occupation = pl.col("occupation")
    return rows.select(
        "row",
        "nik",
        _text("full_name", 150),
        pl.coalesce("sex", nik_sex(pl.col("nik"))).alias("sex"),
        pl.coalesce("birth_date", nik_birth_date(pl.col("nik"), today)).alias("birth_date"),
        _text("birth_place", 80),
        _text("mother_name", 150),
        pl.col("marital_status").replace_strict(MARITAL_CODES, default="").fill_null(""),
        _text("address", 250),
        _text("rt", 3),
        _text("rw", 3),
        pl.col("village_code").alias("domicile_village_id"),
        _text("phone", 16),
        pl.when(occupation.is_in(list(OCCUPATIONS)))
        .then(occupation)
        .otherwise(pl.lit(""))
        .alias("occupation"),
    ).with_columns(
        name_normalised=keys.get_column("name_normalised").str.slice(0, 150),
        name_key=keys.get_column("name_key").str.slice(0, 150),
    )
