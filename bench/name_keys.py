"""Benchmark: name keys for a whole column (Polars) against the scalar functions.

Generates N names as they are typed in village spreadsheets (Muna prefixes written out or
abbreviated, titles, degrees after a comma or not, random case and spacing, a few typos and
accents), then times ``name_keys`` on all of them (median of 3) and the scalar functions in a
Python loop on a sample (all three, then ``normalise_name`` alone), and checks that both
agree on that sample. The names come from ``random.Random`` with a fixed seed (numpy is not a
dependency of the project).

    .venv/bin/python bench/name_keys.py [--rows 1000000] [--sample 50000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time

import polars as pl

from kawal.demo.names import (
    FEMALE_GIVEN,
    MALE_GIVEN,
    MIGRANT_FEMALE,
    MIGRANT_MALE,
    SURNAME_LIKE,
)
from kawal.domain.names import name_key, name_tokens_key, normalise_name
from kawal.pipelines.linkage.name_frame import name_keys

PREFIXES = (
    "La Ode",
    "Laode",
    "LA ODE",
    "L.M.",
    "LD.",
    "La",
    "Wa Ode",
    "Waode",
    "W.O.",
    "WD.",
    "Wa",
)
TITLES = ("H.", "Hj.", "Drs.", "Dra.", "Ir.", "Dr.", "H.M.", "Prof. Dr.")
DEGREES = (", S.Pd.", ", S.E.", " S.Pd", ", M.Si.", " S.T.", ", A.Md.Kep", ", S.H., M.H.", " SE")
SPELLINGS = ("Muh.", "M.", "Moh.", "Mochammad", "St.", "Sitti", "Abd.", "Djoko", "Soetjipto")
GIVEN = MALE_GIVEN + FEMALE_GIVEN + MIGRANT_MALE + MIGRANT_FEMALE + SPELLINGS


def _typo(rng: random.Random, word: str) -> str:
    at = rng.randrange(len(word))
    return word[:at] + rng.choice("abdehiklmnorstuy") + word[at + 1 :]


def messy_name(rng: random.Random) -> str:
    parts = []
    if rng.random() < 0.08:
        parts.append(rng.choice(TITLES))
    if rng.random() < 0.45:
        parts.append(rng.choice(PREFIXES))
    parts.append(rng.choice(GIVEN))
    parts.append(rng.choice(GIVEN))
    if rng.random() < 0.6:
        parts.append(rng.choice(SURNAME_LIKE))
    if rng.random() < 0.15:
        parts[-1] = _typo(rng, parts[-1])
    name = " ".join(parts)
    if rng.random() < 0.1:
        name += rng.choice(DEGREES)
    roll = rng.random()
    if roll < 0.3:
        name = name.upper()
    elif roll < 0.35:
        name = name.lower()
    if rng.random() < 0.1:
        name = "  " + name.replace(" ", "  ", 1) + " "
    if rng.random() < 0.005:
        name = name.replace("e", "é", 1)  # folded per character
    if rng.random() < 0.0005:
        name = name.replace("o", "ø", 1)  # no ASCII fold: the scalar functions
    return name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=50_000)
    args = parser.parse_args()
    rng = random.Random(7413)
    names = pl.Series("name", [messy_name(rng) for _ in range(args.rows)])
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores")
    print(f"python {platform.python_version()}, polars {pl.__version__}")
    print(f"{args.rows:,} names, {names.n_unique():,} distinct")

    runs = []
    for _ in range(3):
        started = time.perf_counter()
        result = name_keys(names)
        runs.append(time.perf_counter() - started)
    median = statistics.median(runs)
    all_runs = ", ".join(f"{r:.2f}" for r in runs)
    print(f"vectorised: {args.rows:,} names in {median:.2f} s (median of 3: {all_runs})")
    print(f"  = {args.rows / median:,.0f} names/s")

    sample = names.head(args.sample).to_list()
    started = time.perf_counter()
    scalar = [(normalise_name(n), name_key(n), name_tokens_key(n)) for n in sample]
    elapsed = time.perf_counter() - started
    rate = args.sample / elapsed
    print(f"scalar loop, 3 keys: {args.sample:,} names in {elapsed:.2f} s = {rate:,.0f} names/s")
    print(f"  = {args.rows / rate:.0f} s for {args.rows:,} names, {args.rows / rate / median:.0f}x")
    started = time.perf_counter()
    for name in sample:
        normalise_name(name)
    alone = time.perf_counter() - started
    print(f"scalar normalise_name alone: {args.sample:,} names in {alone:.2f} s")
    print(f"  = {args.rows * alone / args.sample:.0f} s for {args.rows:,} names")

    agree = sum(s == v for s, v in zip(scalar, result.head(args.sample).rows(), strict=True))
    print(f"agreement on the sample: {agree:,}/{args.sample:,}")


if __name__ == "__main__":
    main()
