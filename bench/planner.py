"""Benchmark: the pure budget planner (``kawal.domain.planner.plan``) on many candidates.

Builds ``--candidates`` synthetic candidates (random desil, occupation and one of 86 villages,
seeded) and plans Muna Barat's 2023 ceiling, Rp 2,101,478,400 for 12 months at Rp 16,800, with
the default priority (desil, occupation risk, village share). Prints the best of 3 wall times
and the selected and reserve counts.

    .venv/bin/python bench/planner.py [--candidates 200000]
"""

from __future__ import annotations

import argparse
import json
import random
import time

from kawal.domain.planner import Candidate, occupation_risks, plan

BUDGET = 2_101_478_400
UNIT = 16_800


def candidates(n: int) -> list[Candidate]:
    rng = random.Random(42)
    villages = [f"741303{k:04d}" for k in range(1001, 1087)]
    occupations = list(occupation_risks())
    people = []
    for i in range(1, n + 1):
        village = rng.choice(villages)
        people.append(
            Candidate(
                i,
                rng.choice([None, *range(1, 11)]),
                rng.choice(occupations),
                village,
                village[:6],
                "Lawa",
            )
        )
    return people


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=200_000)
    args = parser.parse_args()
    people = candidates(args.candidates)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        result = plan(people, budget=BUDGET, months=12, unit_cost=UNIT)
        times.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "candidates": args.candidates,
                "best_s": round(min(times), 3),
                "runs_s": [round(t, 3) for t in times],
                "selected": len(result.selected),
                "reserve": len(result.reserve),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
