"""Score candidate pairs with the trained Splink model on an in-process DuckDB.

Two passes, as in incremental record linkage: the incoming records against each other
(``predict_within``) and against the registry (``predict_between``). The registry is only
read: its own pairs are never compared.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb
import polars as pl

#: Columns of the scored pairs frame.
PAIR_SCHEMA: dict[str, pl.DataType] = {
    "uid_l": pl.Int64(),
    "uid_r": pl.Int64(),
    "probability": pl.Float64(),
    "weight": pl.Float64(),
}


def _quiet_splink() -> None:
    for name in ("splink", "duckdb"):
        logging.getLogger(name).setLevel(logging.WARNING)


def gamma_columns(settings: dict[str, Any]) -> list[str]:
    """The comparison-vector columns of the scored pairs, in model order."""
    return [f"gamma_{c['output_column_name']}" for c in settings["comparisons"]]


def _pairs(frame: Any, settings: dict[str, Any]) -> pl.DataFrame:
    relation = frame.as_duckdbpyrelation()
    table = relation.pl()  # an empty result keeps its schema (from_arrow of no batches fails)
    gammas = gamma_columns(settings)
    if table.height == 0:
        return pl.DataFrame(
            schema={**PAIR_SCHEMA, "same_nik": pl.Boolean(), **dict.fromkeys(gammas, pl.Int8())}
        )
    return table.select(
        pl.col("unique_id_l").cast(pl.Int64).alias("uid_l"),
        pl.col("unique_id_r").cast(pl.Int64).alias("uid_r"),
        pl.col("match_probability").cast(pl.Float64).alias("probability"),
        pl.col("match_weight").cast(pl.Float64).alias("weight"),
        (pl.col("nik_l") == pl.col("nik_r")).fill_null(False).alias("same_nik"),
        *(pl.col(g).cast(pl.Int8) for g in gammas),
    )


def score_pairs(
    incoming: pl.DataFrame,
    registry: pl.DataFrame,
    *,
    settings: dict[str, Any],
    threshold: float,
    threads: int = 2,
) -> pl.DataFrame:
    """Scored pairs with probability ≥ ``threshold``: within ``incoming``, and incoming × registry.

    Both frames follow :data:`kawal.pipelines.linkage.features.FEATURE_SCHEMA` with disjoint
    ``unique_id`` values. Returns :data:`PAIR_SCHEMA` plus one ``gamma_<comparison>`` column
    per comparison (-1 = a value missing, else the level's index counted from "else" = 0)
    and ``same_nik`` (the full NIKs are equal).
    """
    from splink import DuckDBAPI, Linker  # imported late: Splink is slow to import

    _quiet_splink()
    connection = duckdb.connect(":memory:")
    try:
        connection.execute(f"SET threads = {int(threads)}")
        db_api = DuckDBAPI(connection)
        new = db_api.register(incoming.to_arrow(), table_name="kawal_incoming")
        linker = Linker(new, settings, log_level=logging.WARNING)
        within = linker.inference.predict_within(
            new, threshold_match_probability=threshold, warning_mode="never"
        )
        frames = [_pairs(within, settings)]
        if registry.height:
            known = db_api.register(registry.to_arrow(), table_name="kawal_registry")
            between = linker.inference.predict_between(
                new, known, threshold_match_probability=threshold, warning_mode="never"
            )
            frames.append(_pairs(between, settings))
        return pl.concat(frames)
    finally:
        connection.close()
