"""Benchmark: ``write_report_xlsx`` on a realistic 100,000-row intake report.

Builds the report with ``row_report`` from a synthetic file of 13 columns (19 report columns
with ``Baris`` and the report's own five), findings on about 10 % of the rows (an error on the
NIK, warnings on the phone and birth date, some without a column), and one outcome per row.
Prints the best of 3 wall times of ``write_report_xlsx``, the file size and the peak RSS.

    .venv/bin/python bench/report_xlsx.py [--rows 100000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import polars as pl

from kawal.pipelines.intake.findings_frame import FINDINGS_SCHEMA
from kawal.pipelines.intake.report import row_report
from kawal.pipelines.intake.report_xlsx import write_report_xlsx

NAMES = [
    "Budi Santoso",
    "SITI AMINAH",
    "La Ode Muhammad Rasyid",
    "Wa Ode Nurlina",
    "Hj. Ratna Sari",
    "Drs. Muhamad Ali, S.Pd",
    'Andi "Ucok" Rahman',
    "André Wijaya",
    "  Nurhayati ",
    "M. Yusuf & Istri",
]
PLACES = ["Raha", "Kendari", "Lawa", "Makassar", "Bau-Bau", "Wakoila"]
VILLAGES = ["Wakoila", "Lasama", "Lapolea", "Wuna", "Raha I", "Labasa"]
DISTRICTS = ["Lawa", "Barangka", "Tiworo Kepulauan", "Kusambi", "Sawerigadi"]
JOBS = ["PETANI", "Nelayan", "pedagang", "Buruh Harian Lepas", "", "Ojek"]
STATUSES = ["created", "linked", "duplicate", "review", "invalid"]


def synthetic_report(rows: int, seed: int = 7413) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(report, findings)`` for ``rows`` data rows, as ``row_report`` makes them."""
    rng = random.Random(seed)
    numbers = list(range(1, rows + 1))
    pick = rng.choice
    file = pl.DataFrame(
        {
            "row": numbers,
            "Nama": [pick(NAMES) for _ in numbers],
            "NIK": [f"7413{rng.randrange(10**12):012d}" for _ in numbers],
            "Jenis Kelamin": [pick(["L", "P", "Laki-laki", "Perempuan"]) for _ in numbers],
            "Tempat Lahir": [pick(PLACES) for _ in numbers],
            "Tanggal Lahir": [
                f"{rng.randrange(1, 29):02d}-{rng.randrange(1, 13):02d}-{rng.randrange(1950, 2008)}"
                for _ in numbers
            ],
            "Alamat": [
                f"Jl. Poros Lawa No. {rng.randrange(1, 200)} <dekat pasar>" for _ in numbers
            ],
            "RT": [f"{rng.randrange(1, 20):03d}" for _ in numbers],
            "RW": [f"{rng.randrange(1, 10):03d}" for _ in numbers],
            "Desa": [pick(VILLAGES) for _ in numbers],
            "Kecamatan": [pick(DISTRICTS) for _ in numbers],
            "Pekerjaan": [pick(JOBS) or None for _ in numbers],
            "Telepon": [f"+62812{rng.randrange(10**7):07d}" for _ in numbers],
            "Status Kawin": [pick(["Kawin", "Belum Kawin", "Cerai Hidup", None]) for _ in numbers],
        },
        schema_overrides={"row": pl.Int64},
    )
    found: list[tuple[int, str | None, str, str, str, str]] = []
    for row in numbers:
        roll = rng.random()
        if roll < 0.10:
            found.append((row, "NIK", "nik", "NIK_LENGTH", "error", "NIK harus 16 digit."))
        if roll < 0.04 or roll > 0.97:
            found.append((row, "Telepon", "phone", "PHONE_PLUS", "warning", "Telepon memakai +."))
        if 0.5 < roll < 0.53:
            found.append((row, "Tanggal Lahir", "birth_date", "DATE_ODD", "warning", "Tanggal?"))
        if 0.6 < roll < 0.62:
            found.append((row, None, "village", "VILLAGE_MISSING", "error", "Desa belum diisi."))
    findings = pl.DataFrame(found, schema=FINDINGS_SCHEMA, orient="row")
    statuses = [pick(STATUSES) for _ in numbers]
    outcomes = pl.DataFrame(
        {
            "row": numbers,
            "status": statuses,
            "person": [None if s == "invalid" else rng.randrange(1, 10**6) for s in statuses],
            "score": [None if s == "invalid" else rng.random() for s in statuses],
            "reasons": [
                pick(["", "NAME_DIFFERS", "LINK_REVIEW;PHONE_PLUS", None]) for _ in numbers
            ],
        },
        schema_overrides={"row": pl.Int64, "person": pl.Int64, "score": pl.Float64},
    )
    return row_report(file, findings, outcomes), findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="copy the written report here")
    args = parser.parse_args()
    report, findings = synthetic_report(args.rows)
    print(f"report: {report.height:,} rows x {report.width} columns, {findings.height:,} findings")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "laporan.xlsx"
        times, cpu = [], []
        for _ in range(3):
            started, used = time.perf_counter(), time.process_time()
            write_report_xlsx(report, findings, path)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        size = path.stat().st_size
        if args.keep is not None:
            shutil.copyfile(path, args.keep)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs = ", ".join(f"{t:.3f}" for t in times)
    print(f"write_report_xlsx: best {min(times):.3f} s wall (runs: {runs})")
    print(f"CPU time of the best run (all threads): {cpu[times.index(min(times))]:.3f} s")
    print(f"file size: {size:,} bytes ({size / 1e6:.1f} MB)")
    print(f"peak RSS of the process: {before:.0f} MB before writing, {peak:.0f} MB after")


if __name__ == "__main__":
    main()
