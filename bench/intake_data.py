"""Benchmark data for record linkage: a registry, a messy village import, and the truth.

Makes a synthetic population (:mod:`kawal.demo.messy_people`) over the villages of ``--region``
and splits it three ways: people only in the registry, people in the registry and in the
import, and new people only in the import. ``--people`` is the number of people in the import,
``--registry-share`` the share of them already in the registry, ``--registry-only`` the number
of registry people absent from the import as a share of ``--people`` (candidates that must
not be matched). Households are split at random, so a twin can be in the registry while the
other twin arrives as a new person. The import is typed by :mod:`kawal.demo.messy_records`
with ``--duplicate-rate`` extra records.

``--region`` defaults to the province of Sulawesi Tenggara (74: 2,287 villages, 221 kecamatan),
where 1,000,000 adults is close to the real population, so namesakes and people sharing a
kecamatan and birth date (NIKs differing only in the serial) come at a realistic density.
``--region 7413`` puts them all in Muna Barat's 86 villages (about 12 times its population): a
much harder set, where most people share their name with someone in the village.

Writes to ``--out``:

* ``registry.parquet``: the registry's clean fields ``entity``, ``nik``, ``full_name``,
  ``sex``, ``birth_date``, ``birth_place``, ``mother_name``, ``village_code``, ``phone``;
* ``import.csv``: the village file (UTF-8, comma), headers of the village template;
* ``truth.parquet``: ``row`` (the 1-based data row number of ``import.csv``, as
  :func:`kawal.pipelines.intake.read.read_table` numbers rows) and ``entity``.

    .venv/bin/python bench/intake_data.py --people 1000000 --registry-share 0.4 --out DIR \\
        [--seed 7] [--duplicate-rate 0.1] [--mess 1.0] [--registry-only 0.1] [--region 74]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from datetime import date
from pathlib import Path

import polars as pl

from kawal.demo.messy_people import load_villages, make_population, uniform
from kawal.demo.messy_records import make_records, write_village_file

TODAY = date(2026, 11, 23)
REGISTRY_COLUMNS = (
    "entity", "nik", "full_name", "sex", "birth_date", "birth_place", "mother_name",
    "village_code", "phone",
)  # fmt: skip


def split(population: pl.DataFrame, *, seed: int, registry: int, registry_only: int) -> pl.Series:
    """Per person: ``"registry"`` (registry only), ``"both"`` or ``"import"`` (new), chosen at
    random with exactly ``registry_only`` and ``registry`` people of the first two kinds."""
    rank = uniform(seed, "bench/split", population.height).rank("ordinal")
    part = (
        pl.when(rank <= registry_only)
        .then(pl.lit("registry"))
        .when(rank <= registry_only + registry)
        .then(pl.lit("both"))
        .otherwise(pl.lit("import"))
    )
    return pl.select(part=part).to_series()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000, help="people in the import")
    parser.add_argument("--registry-share", type=float, default=0.4)
    parser.add_argument("--registry-only", type=float, default=0.1)
    parser.add_argument("--duplicate-rate", type=float, default=0.1)
    parser.add_argument("--mess", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--region", default="74", help="village code prefix (74, 7413, ...)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if not 0 <= args.registry_share <= 1 or args.registry_only < 0:
        parser.error("--registry-share must be in [0, 1] and --registry-only not negative")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores")
    print(f"python {platform.python_version()}, polars {pl.__version__}")
    args.out.mkdir(parents=True, exist_ok=True)

    registry_only = round(args.people * args.registry_only)
    in_both = round(args.people * args.registry_share)
    villages = load_villages(args.region)
    if villages.is_empty():
        parser.error(f"no villages under region {args.region}")
    started = time.perf_counter()
    population = make_population(
        args.people + registry_only, seed=args.seed, villages=villages, today=TODAY
    )
    made_population = time.perf_counter()
    part = split(population, seed=args.seed, registry=in_both, registry_only=registry_only)
    population = population.with_columns(part=part)
    imported = population.filter(pl.col("part") != "registry")
    records = make_records(
        imported, seed=args.seed, duplicate_rate=args.duplicate_rate, mess=args.mess
    )
    made_records = time.perf_counter()

    registry = population.filter(pl.col("part") != "import").select(REGISTRY_COLUMNS)
    registry.write_parquet(args.out / "registry.parquet")
    write_village_file(records, args.out / "import.csv")
    truth = records.select(row=pl.int_range(1, pl.len() + 1, dtype=pl.Int64), entity="entity")
    truth.write_parquet(args.out / "truth.parquet")
    written = time.perf_counter()

    size = (args.out / "import.csv").stat().st_size / 1e6
    print(
        f"population {population.height:,} people in {villages.height:,} villages of region "
        f"{args.region} (seed {args.seed}, today {TODAY})"
    )
    print(f"registry {registry.height:,} people: {registry_only:,} not in the import")
    print(
        f"import {imported.height:,} people: {in_both:,} in the registry, "
        f"{imported.height - in_both:,} new"
    )
    print(
        f"import.csv {records.height:,} records ({records.height - imported.height:,} "
        f"duplicates), {size:,.1f} MB"
    )
    print(f"make_population {made_population - started:.2f} s")
    print(f"make_records {made_records - made_population:.2f} s")
    print(f"make_population + make_records {made_records - started:.2f} s")
    print(f"writing {written - made_records:.2f} s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
