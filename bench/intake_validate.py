"""Benchmark: read + map headers + validate a 1,000,000-row messy village CSV (or XLSX).

Uses the generators of ``bench/intake_read.py``. Prints the time of each phase (best of 3) and
the overall rows/s against the issue's targets: 1,000,000 rows/s for a CSV, and 100,000 XLSX
rows in at most 5 s (``--xlsx``, where 10 % of NIKs are number cells).

    .venv/bin/python bench/intake_validate.py [--rows 1000000]
    .venv/bin/python bench/intake_validate.py --xlsx --rows 100000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake_read import peak_rss_mb, write_csv, write_xlsx  # noqa: E402 - sibling script

from kawal.domain.regions import default_regions_path, load_region_codes  # noqa: E402
from kawal.pipelines.intake.headers import map_headers  # noqa: E402
from kawal.pipelines.intake.read import read_table  # noqa: E402
from kawal.pipelines.intake.validate import validate_rows  # noqa: E402
from kawal.pipelines.intake.villages import villages_of_regency  # noqa: E402

TODAY = date(2026, 11, 23)


def muna_barat_villages() -> pl.DataFrame:
    regions = pl.read_csv(default_regions_path().read_bytes(), infer_schema=False)
    return villages_of_regency(regions, "7413")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx", action="store_true", help="an XLSX file instead of a CSV")
    args = parser.parse_args()
    codes = load_region_codes()
    villages = muna_barat_villages()
    with tempfile.TemporaryDirectory() as tmp:
        if args.xlsx:
            path = Path(tmp) / "desa.xlsx"
            write_xlsx(path, args.rows)
        else:
            path = Path(tmp) / "desa.csv"
            write_csv(path, args.rows, encoding="utf-8-sig")
        reads, validations = [], []
        for _ in range(3):
            started = time.perf_counter()
            result = read_table(path, max_bytes=1 << 30)
            reads.append(time.perf_counter() - started)
            mapping = map_headers(result.frame.columns[1:], source="village")
            started = time.perf_counter()
            checked = validate_rows(
                result.frame,
                mapping=mapping,
                codes=codes,
                villages=villages,
                today=TODAY,
                source="village",
                numeric=result.numeric_cells,
            )
            validations.append(time.perf_counter() - started)
    read_s, validate_s = min(reads), min(validations)
    total = read_s + validate_s
    print(f"rows {args.rows:,}; unmapped columns {list(mapping.unmapped)}")
    print(f"read      {read_s:.2f} s (runs {', '.join(f'{r:.2f}' for r in reads)})")
    print(f"validate  {validate_s:.2f} s (runs {', '.join(f'{r:.2f}' for r in validations)})")
    target = "5 s per 100,000 rows" if args.xlsx else "1,000,000 rows/s"
    print(f"read + validate {total:.2f} s = {args.rows / total:,.0f} rows/s (target {target})")
    errors = checked.findings.filter(pl.col("severity") == "error")
    print(f"findings {checked.findings.height:,} (errors {errors.height:,})")
    print(f"peak RSS {peak_rss_mb():,.0f} MB")
    for code, n in checked.findings.group_by("code").len().sort("len", descending=True).iter_rows():
        print(f"  {code:<24} {n:>9,}")


if __name__ == "__main__":
    main()
