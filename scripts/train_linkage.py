"""Re-create ``kawal/pipelines/linkage/model.json`` from synthetic data with ground truth.

    .venv/bin/python scripts/train_linkage.py [--people 200000] [--seed 11]

The training data is made by :mod:`kawal.demo.messy_people` / :mod:`kawal.demo.messy_records`
with a seed different from every benchmark and test, read and validated exactly as an
uploaded village file is, and the m probabilities are estimated from its true entities.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

from kawal.demo.messy_people import make_population
from kawal.demo.messy_records import make_records, write_village_file
from kawal.domain.regions import load_region_codes
from kawal.pipelines.intake.headers import map_headers
from kawal.pipelines.intake.read import read_table
from kawal.pipelines.intake.validate import validate_rows
from kawal.pipelines.intake.villages import villages_of_regency
from kawal.pipelines.linkage.features import link_features
from kawal.pipelines.linkage.model import MODEL_PATH
from kawal.pipelines.linkage.train import save_model, train_model

REGIONS = Path(__file__).resolve().parents[1] / "kawal" / "regions" / "data" / "regions.csv"
TODAY = date(2026, 11, 23)


def validated_records(people: int, seed: int, province: str = "74") -> pl.DataFrame:
    """Messy village records for ``people`` people, validated, with their true ``entity``."""
    regions = pl.read_csv(REGIONS, infer_schema=False)
    villages = villages_of_regency(regions, province)
    population = make_population(people, seed=seed, villages=villages, today=TODAY)
    records = make_records(population, seed=seed + 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.csv"
        write_village_file(records, path)
        table = read_table(path, max_bytes=2**31)
    mapping = map_headers([c for c in table.frame.columns if c != "row"], source="village")
    checked = validate_rows(
        table.frame,
        mapping=mapping,
        codes=load_region_codes(REGIONS),
        villages=villages,
        today=TODAY,
        source="village",
    )
    truth = records.select(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("row"), "entity")
    return checked.rows.filter("valid").join(truth, on="row")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = validated_records(args.people, args.seed)
    features = link_features(rows.with_columns(uid=pl.col("row"))).with_columns(
        rows.get_column("entity")
    )
    print(f"training records: {features.height:,} ({time.perf_counter() - started:.1f} s)")
    settings = train_model(features, label_column="entity")
    save_model(settings, args.out)
    print(f"model written to {args.out} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
