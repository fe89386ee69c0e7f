"""Benchmark: NIK rules over a messy file, vectorised (Polars) against the scalar loop.

Generates N rows of NIKs as they arrive from villages (valid ones, typed with spaces and dots,
wrong lengths, impossible dates, women's +40 days, unknown codes, serial 0000, Excel-damaged
numbers), with recorded birth dates and sexes that sometimes disagree, then times
``check_nik_frame`` on all rows and ``check_nik`` in a Python loop on a sample, and checks that
both agree on that sample.

    .venv/bin/python bench/nik_validation.py [--rows 1000000] [--sample 100000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from datetime import date, timedelta

import polars as pl

from kawal.domain.nik import check_nik
from kawal.domain.nik_frame import check_nik_frame
from kawal.domain.regions import load_region_codes

TODAY = date(2026, 11, 23)
# Mostly real codes; 741399 is an unknown kecamatan (a warning) and 910100 has kecamatan 00.
DISTRICTS = [
    "741301",
    "741303",
    "741310",
    "740306",
    "747101",
    "730101",
    "330101",
    "910100",
    "741399",
]


def messy_rows(n: int, seed: int = 7413) -> pl.DataFrame:
    rng = random.Random(seed)
    niks, births, sexes = [], [], []
    for _ in range(n):
        sex = rng.choice("LP")
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(27_000))
        district = rng.choice(DISTRICTS)
        day = birth.day + (40 if sex == "P" else 0)
        serial = rng.randrange(0, 3000)
        nik = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
        roll = rng.random()
        if roll < 0.05:
            nik = f"{nik[:4]} {nik[4:8]}.{nik[8:12]}-{nik[12:]}"
        elif roll < 0.08:
            nik = nik[:15]
        elif roll < 0.10:
            nik = f"{nik[:15]}0.0"  # Excel ate the last digit
        elif roll < 0.12:
            nik = nik[:6] + "3213" + nik[10:]  # 32 Dec-th
        recorded = birth if rng.random() < 0.9 else birth + timedelta(days=rng.choice((1, 31, 365)))
        niks.append(nik)
        births.append(recorded if rng.random() < 0.95 else None)
        sexes.append(sex if rng.random() < 0.97 else ("P" if sex == "L" else "L"))
    return pl.DataFrame({"nik": niks, "birth_date": births, "sex": sexes})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=100_000)
    args = parser.parse_args()
    codes = load_region_codes()
    frame = messy_rows(args.rows)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores")
    print(f"python {platform.python_version()}, polars {pl.__version__}")

    runs = []
    for _ in range(3):
        started = time.perf_counter()
        result = check_nik_frame(
            frame, codes=codes, today=TODAY, birth_date_col="birth_date", sex_col="sex"
        )
        runs.append(time.perf_counter() - started)
    best = min(runs)
    valid = result["nik_valid"].sum()
    all_runs = ", ".join(f"{r:.2f}" for r in runs)
    print(f"vectorised: {args.rows:,} rows in {best:.2f} s (best of 3: {all_runs})")
    print(f"  = {args.rows / best:,.0f} rows/s; valid NIKs {valid:,}")

    sample = frame.head(args.sample)
    started = time.perf_counter()
    scalar = [
        check_nik(r["nik"], codes=codes, birth_date=r["birth_date"], sex=r["sex"], today=TODAY)
        for r in sample.iter_rows(named=True)
    ]
    elapsed = time.perf_counter() - started
    rate = args.sample / elapsed
    print(f"scalar loop: {args.sample:,} rows in {elapsed:.2f} s = {rate:,.0f} rows/s")

    head = result.head(args.sample)
    mismatches = sum(
        1
        for s, valid_flag, errors, warnings in zip(
            scalar, head["nik_valid"], head["nik_errors"], head["nik_warnings"], strict=True
        )
        if (s.valid, [f.code for f in s.errors], [f.code for f in s.warnings])
        != (valid_flag, list(errors), list(warnings))
    )
    print(f"agreement on the sample: {args.sample - mismatches:,}/{args.sample:,}")
    counts = (
        result.select(pl.col("nik_errors").list.first().alias("first_error"))
        .group_by("first_error")
        .len()
        .sort("len", descending=True)
    )
    for code, n in counts.iter_rows():
        print(f"  {code or 'valid':<24} {n:>9,}")


if __name__ == "__main__":
    main()
