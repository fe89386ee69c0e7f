"""Benchmark: ``read_table`` on a messy 1,000,000-row CSV and a 100,000-row XLSX.

Generates, in a temporary directory, a village-style CSV as Indonesian Excel exports it
(UTF-8 with BOM, ``;``-separated, CRLF) with the usual mess: NIKs with spaces and dots, 15-digit
NIKs, Excel renderings (``7.41301E+15``, ``…0.0``), titles in names, accented names, dates in
four forms, quoted addresses holding ``;``, padded and white-space-only cells, blank lines. Then
an XLSX of 100,000 rows (xlsxwriter, constant_memory) where 10 % of NIKs are number cells and
birth dates are date cells. Times ``read_table`` (best of 3 for the CSV), and for reference the
same read followed by the NIK rules (``check_nik_frame``), the first part of validation.

    .venv/bin/python bench/intake_read.py [--rows 1000000] [--xlsx-rows 100000] [--cp1252]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import xlsxwriter

from kawal.domain.nik_frame import check_nik_frame
from kawal.domain.regions import load_region_codes
from kawal.pipelines.intake.read import ReadResult, read_table

TODAY = date(2026, 11, 23)
DISTRICTS = ["741301", "741303", "741310", "740306", "747101", "730101", "330101"]
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
    "M. Yusuf",
]
VILLAGES = ["Wakoila", "Lasama", "Lapolea", "Wuna", "Raha I", "Labasa"]
JOBS = ["PETANI", "Nelayan", "pedagang", "Buruh Harian Lepas", "", "Ojek"]


def _nik(rng: random.Random, birth: date, sex: str) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    serial = rng.randrange(1, 3000)
    nik = f"{rng.choice(DISTRICTS)}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
    roll = rng.random()
    if roll < 0.04:
        return f"{nik[:4]} {nik[4:8]}.{nik[8:12]} {nik[12:]}"
    if roll < 0.06:
        return nik[:15]
    if roll < 0.08:
        return f"{nik[0]}.{nik[1:6]}E+15"
    if roll < 0.09:
        return f"{nik[:15]}0.0"
    return nik


def _birth_text(rng: random.Random, birth: date) -> str:
    form = rng.randrange(4)
    if form == 0:
        return birth.strftime("%d-%m-%Y")
    if form == 1:
        return birth.strftime("%d/%m/%y")
    if form == 2:
        return birth.isoformat()
    return str((birth - date(1899, 12, 30)).days)  # Excel serial number


def write_csv(path: Path, rows: int, *, encoding: str, seed: int = 7413) -> None:
    """The messy CSV, written in chunks so generation stays small in memory."""
    rng = random.Random(seed)
    header = "NIK;Nama Lengkap;Tempat Lahir;Tgl Lahir;JK;Desa/Kel;Alamat;No HP;Pekerjaan;Desil"
    with open(path, "w", encoding=encoding, newline="") as handle:
        handle.write(header + "\r\n")
        chunk: list[str] = []
        for i in range(rows):
            if i and i % 5000 == 0:
                chunk.append("")  # a blank line now and then: a skipped row
            sex = rng.choice("LP")
            birth = date(1950, 1, 1) + timedelta(days=rng.randrange(27_000))
            address = f'"Jl. Poros {rng.randrange(1, 99)}; RT 0{rng.randrange(1, 9)}"'
            phone = rng.choice(["08", "+628", "628"]) + f"{rng.randrange(10**9, 10**10)}"
            job = rng.choice(JOBS) if rng.random() > 0.01 else "   "
            fields = [
                _nik(rng, birth, sex),
                rng.choice(NAMES),
                "Raha",
                _birth_text(rng, birth),
                sex,
                rng.choice(VILLAGES),
                address,
                phone,
                job,
                str(rng.randrange(1, 11)),
            ]
            chunk.append(";".join(fields))
            if len(chunk) >= 20_000:
                handle.write("\r\n".join(chunk) + "\r\n")
                chunk = []
        if chunk:
            handle.write("\r\n".join(chunk) + "\r\n")


def write_xlsx(path: Path, rows: int, seed: int = 7471) -> None:
    """The XLSX: typed cells as a village operator leaves them."""
    rng = random.Random(seed)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Data")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    header = ["NIK", "Nama Lengkap", "Tempat Lahir", "Tgl Lahir", "JK", "Desa/Kel"]
    sheet.write_row(0, 0, [*header, "Alamat", "No HP", "Pekerjaan", "Desil"])
    for r in range(1, rows + 1):
        sex = rng.choice("LP")
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(27_000))
        nik = _nik(rng, birth, sex)
        if rng.random() < 0.10 and nik.isdigit() and len(nik) == 16:
            sheet.write_number(r, 0, float(nik[:15] + "0"))  # Excel kept 15 digits
        else:
            sheet.write_string(r, 0, nik)
        sheet.write_string(r, 1, rng.choice(NAMES))
        sheet.write_string(r, 2, "Raha")
        if rng.random() < 0.8:
            sheet.write_datetime(r, 3, birth, date_format)
        else:
            sheet.write_string(r, 3, _birth_text(rng, birth))
        sheet.write_string(r, 4, sex)
        sheet.write_string(r, 5, rng.choice(VILLAGES))
        sheet.write_string(r, 6, f"Jl. Poros {rng.randrange(1, 99)}")
        sheet.write_string(r, 7, f"08{rng.randrange(10**9, 10**10)}")
        sheet.write_string(r, 8, rng.choice(JOBS) or "PETANI")
        sheet.write_number(r, 9, rng.randrange(1, 11))
    workbook.close()


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(label: str, path: Path, runs: int) -> ReadResult:
    """Time ``read_table`` ``runs`` times; peak RSS is taken after the first run, when at
    most one result is alive (later runs overlap the previous result)."""
    times: list[float] = []
    result: ReadResult | None = None
    rss_first = 0.0
    for _ in range(runs):
        result = None
        started = time.perf_counter()
        result = read_table(path, max_bytes=2 * 1024**3)
        times.append(time.perf_counter() - started)
        rss_first = rss_first or peak_rss_mb()
    assert result is not None
    best = min(times)
    size = path.stat().st_size / 1e6
    every = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label}: {size:,.1f} MB, {result.frame.height:,} rows x {result.frame.width - 1} cols")
    print(f"  read_table {best:.3f} s (runs: {every}) = {result.frame.height / best:,.0f} rows/s")
    frame_mb = result.frame.estimated_size("mb")
    print(f"  peak RSS after the first run {rss_first:,.0f} MB; frame {frame_mb:,.0f} MB")
    return result


def with_nik_rules(path: Path, runs: int) -> None:
    codes = load_region_codes()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = read_table(path, max_bytes=2 * 1024**3)
        check_nik_frame(result.frame, codes=codes, today=TODAY, nik_col="NIK")
        times.append(time.perf_counter() - started)
    best = min(times)
    rows = result.frame.height
    print(f"  read_table + check_nik_frame {best:.3f} s = {rows / best:,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--cp1252", action="store_true", help="also time a Windows-1252 CSV")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores")
    print(f"python {platform.python_version()}, polars {pl.__version__}")
    with tempfile.TemporaryDirectory(prefix="kawal-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        csv_path = directory / "desa.csv"
        write_csv(csv_path, args.rows, encoding="utf-8-sig")
        xlsx_path = directory / "desa.xlsx"
        write_xlsx(xlsx_path, args.xlsx_rows)
        print(f"generated in {time.perf_counter() - started:.1f} s; RSS {peak_rss_mb():,.0f} MB")

        # XLSX first: peak RSS is a high-water mark, and the XLSX is the smaller read.
        result = report("XLSX", xlsx_path, runs=3)
        numbers = int(result.numeric_mask("NIK").sum())
        print(f"  NIK cells stored as numbers: {numbers:,}")
        with_nik_rules(xlsx_path, runs=1)

        result = report("CSV utf-8-sig ;", csv_path, runs=3)
        last = result.frame["row"][-1]
        print(f"  blank lines skipped {last - result.frame.height}, last row number {last:,}")
        with_nik_rules(csv_path, runs=3)
        if args.cp1252:
            cp_path = directory / "desa-1252.csv"
            write_csv(cp_path, args.rows, encoding="cp1252")
            csv_path.unlink()
            report("CSV cp1252 ; (UTF-8 fails, decoded again)", cp_path, runs=3)


if __name__ == "__main__":
    main()
