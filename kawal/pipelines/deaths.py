"""Death extracts (Dukcapil or the villages' lists) checked against the registry, on frames.

Pure Polars, no Django. :func:`check_deaths` says for every data row what applying the file
would do: record a death, nothing (already recorded), nothing (NIK not in the registry — an
extract covers the whole population, most of whom Kawal does not hold), or flag a date that
differs from the one Kawal holds (an officer decides; the file does not overwrite it). Rows
with problems (codes in :data:`kawal.pipelines.insurer.PROBLEMS`) make the whole file refused,
like the insurer's files.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from kawal.pipelines.insurer import codes_expr, normal_nik
from kawal.pipelines.intake.dates import parse_dates
from kawal.pipelines.intake.read import ROW

#: Outcomes -> Indonesian label.
DEATH_OUTCOMES: dict[str, str] = {
    "death": "Dicatat meninggal",
    "already": "Sudah tercatat meninggal",
    "date_differs": "Tanggal berbeda dengan data Kawal",
    "unknown": "NIK tidak ada di registri",
}


def check_deaths(incoming: pl.DataFrame, *, persons: pl.DataFrame, today: date) -> pl.DataFrame:
    """One line per data row: ``row``, ``nik``, ``person_id``, ``full_name``, ``outcome``
    (``death``/``already``/``date_differs``/``unknown``/``invalid``), ``date_of_death``
    (Date), ``recorded`` (the date Kawal held, Date) and ``problems`` (codes joined by ``;``).

    ``persons`` has ``person_id``, ``nik``, ``birth_date`` and ``date_of_death`` of the
    registry (the pemda's people).
    """
    frame = incoming.with_columns(
        normal_nik(pl.col("nik")).alias("nik"),
        parse_dates(incoming["date_of_death"].cast(pl.String), today=today).alias("date_of_death"),
    ).join(
        persons.select(
            "nik",
            "person_id",
            pl.col("birth_date").alias("__born"),
            pl.col("date_of_death").alias("recorded"),
        ),
        on="nik",
        how="left",
    )
    died = pl.col("date_of_death")
    problems = codes_expr(
        {
            "NIK_INVALID": ~pl.col("nik").str.contains(r"^[0-9]{16}$"),
            "NIK_DUPLICATE": pl.col("nik").is_duplicated(),
            "DEATH_DATE_INVALID": died.is_null(),
            "DEATH_DATE_FUTURE": died > pl.lit(today),
            "DEATH_BEFORE_BIRTH": died < pl.col("__born"),
        }
    )
    outcome = (
        pl.when(pl.col("problems").is_not_null())
        .then(pl.lit("invalid"))
        .when(pl.col("person_id").is_null())
        .then(pl.lit("unknown"))
        .when(pl.col("recorded").is_null())
        .then(pl.lit("death"))
        .when(pl.col("recorded") == died)
        .then(pl.lit("already"))
        .otherwise(pl.lit("date_differs"))
    )
    return (
        frame.with_columns(problems.alias("problems"))
        .with_columns(outcome.alias("outcome"))
        .select(
            ROW,
            "nik",
            "person_id",
            pl.col("full_name").fill_null(""),
            "outcome",
            "date_of_death",
            "recorded",
            "problems",
        )
        .sort(ROW)
    )
