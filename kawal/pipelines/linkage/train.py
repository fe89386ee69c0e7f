"""Train the linkage model and persist it as Splink settings JSON.

u probabilities (how often two different people agree by chance) come from random pairs of
the training records. m probabilities (how often the same person agrees with itself) come
from a label column when one is given — synthetic data with ground truth, or a registry with
reviewed decisions — and otherwise from expectation maximisation on two blocking rules that
do not involve the compared field.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from kawal.pipelines.linkage.model import base_settings


def train_model(
    features: pl.DataFrame,
    *,
    label_column: str | None = None,
    max_pairs: float = 5e6,
    seed: int = 20_261_123,
    prior: float | None = None,
) -> dict[str, Any]:
    """A trained settings dict for ``features`` (FEATURE_SCHEMA, plus ``label_column``).

    ``prior`` is the probability that two random records are the same person; by default it
    is computed from the labels, or estimated by Splink from the deterministic rules.
    """
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("SET threads = 2")
        db_api = DuckDBAPI(connection)
        table = db_api.register(features.to_arrow(), table_name="kawal_training")
        settings = base_settings()
        if prior is None and label_column:
            prior = _prior_from_labels(features.get_column(label_column))
        if prior is not None:
            settings["probability_two_random_records_match"] = prior
        linker = Linker(table, settings, log_level=logging.WARNING)
        if prior is None:
            linker.training.estimate_probability_two_random_records_match(
                ["l.nik = r.nik", "l.name_key = r.name_key AND l.dob = r.dob"], recall=0.9
            )
        linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
        if label_column:
            linker.training.estimate_m_from_label_column(label_column)
        else:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on("name_key", "dob")
            )
            linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
        return linker.misc.save_model_to_json()
    finally:
        connection.close()


def _prior_from_labels(labels: pl.Series) -> float:
    n = labels.len()
    sizes = labels.value_counts().get_column("count").cast(pl.Float64)
    matches = float((sizes * (sizes - 1) / 2).sum())
    return max(matches / (n * (n - 1) / 2), 1e-9)


def save_model(settings: dict[str, Any], path: Path) -> None:
    """Write the model file (stable key order, so a retrain shows as a readable diff)."""
    path.write_text(json.dumps(settings, indent=2, sort_keys=True) + "\n", encoding="utf-8")
