"""Comparison features of a person record, computed for a whole frame at once.

Both sides of linkage go through :func:`link_features`: the validated rows of an import file
and the registry extract. The NIK is split because it embeds the birth date: comparing the
whole NIK counts the birth date twice and merges people born the same day in the same
kecamatan (their NIKs differ only in the serial). The model compares ``nik_rs`` (kecamatan +
serial) and the birth date separately.
"""

from __future__ import annotations

import polars as pl

from kawal.pipelines.intake.values import place_key
from kawal.pipelines.linkage.name_frame import name_keys

#: Columns a record frame must have to be linked (``uid`` is unique across both sides).
INPUT_COLUMNS = (
    "uid", "nik", "full_name", "sex", "birth_date", "birth_place", "mother_name",
    "village_code", "phone",
)  # fmt: skip
#: The feature frame handed to the linkage model.
FEATURE_SCHEMA: dict[str, pl.DataType] = {
    "unique_id": pl.Int64(),
    "nik": pl.String(),
    "nik_rs": pl.String(),
    "nik_head": pl.String(),
    "nik_tail": pl.String(),
    "name_key": pl.String(),
    "name_core": pl.String(),
    "name_tokens": pl.String(),
    "dob": pl.String(),
    "dob_swapped": pl.String(),
    "birth_year": pl.String(),
    "sex": pl.String(),
    "birth_place": pl.String(),
    "mother": pl.String(),
    "village": pl.String(),
    "district": pl.String(),
    "phone": pl.String(),
}
_PREFIX = r"^(?:LA ODE|WA ODE|LA|WA|ODE)\s+"


def _blank(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.len_chars() > 0).then(expr)


def link_features(records: pl.DataFrame) -> pl.DataFrame:
    """Features of ``records`` (columns :data:`INPUT_COLUMNS`) as :data:`FEATURE_SCHEMA`.

    Empty strings become null so that a missing value is "no evidence", never a match.
    ``name_key``, ``mother`` and ``birth_place`` are spelling-tolerant keys; ``name_core`` is
    the name key without its La/Wa (Ode) prefix, ``name_tokens`` its sorted words.
    """
    names = name_keys(records.get_column("full_name"))
    mothers = name_keys(records.get_column("mother_name")).get_column("name_key")
    places = place_key(records.get_column("birth_place").cast(pl.String))
    nik = pl.col("nik")
    dob = pl.col("birth_date").cast(pl.Date)
    day, month = dob.dt.day(), dob.dt.month()
    frame = records.select(
        pl.col("uid").cast(pl.Int64).alias("unique_id"),
        pl.when(nik.str.contains(r"^\d{16}$")).then(nik).alias("nik"),
        pl.col("sex").cast(pl.String),
        pl.col("village_code").cast(pl.String).alias("village"),
        pl.col("phone").cast(pl.String),
        dob.dt.strftime("%Y-%m-%d").alias("dob"),
        pl.when(day <= 12)
        .then(
            pl.format(
                "{}-{}-{}",
                dob.dt.year(),
                day.cast(pl.String).str.zfill(2),
                month.cast(pl.String).str.zfill(2),
            )
        )
        .alias("dob_swapped"),
        dob.dt.year().cast(pl.String).alias("birth_year"),
    ).with_columns(
        name_key=names.get_column("name_key"),
        name_tokens=names.get_column("name_tokens_key"),
        mother=mothers,
        birth_place=places,
    )
    return frame.with_columns(
        nik_rs=nik.str.slice(0, 6) + nik.str.slice(12, 4),
        nik_head=nik.str.slice(0, 12),
        nik_tail=nik.str.slice(6, 10),
        name_core=pl.col("name_key").str.replace(_PREFIX, ""),
        district=pl.col("village").str.slice(0, 6),
        **{
            name: _blank(pl.col(name))
            for name in (
                "name_key",
                "name_tokens",
                "mother",
                "birth_place",
                "sex",
                "phone",
                "village",
            )
        },
    ).select(pl.col(name).cast(dtype) for name, dtype in FEATURE_SCHEMA.items())
