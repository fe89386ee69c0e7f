"""Kemendagri region codes as plain sets, for validating NIKs without a database.

The code table is ``kawal/regions/data/regions.csv`` with the header
``code,name,level,kind,parent_code,valid_from,valid_to,replaced_by``. Codes are written
without dots (``7413012001``); ``level`` is ``province``, ``regency``, ``district`` or
``village``. Rows with a ``valid_to`` date are retired codes; they stay in the sets because
a NIK keeps the code of the place where it was first issued.

Loading reads the whole file; callers that validate often should load once and reuse the
(immutable) result.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

HEADER = ("code", "name", "level", "kind", "parent_code", "valid_from", "valid_to", "replaced_by")
CODE_LENGTHS = {"province": 2, "regency": 4, "district": 6, "village": 10}


@dataclass(frozen=True)
class RegionCodes:
    """Known province (2-digit), regency (4-digit) and district (6-digit) codes.

    ``regencies`` and ``districts`` hold current and retired codes. ``retired`` maps a
    retired regency or district code to ``(valid_to, replaced_by)``; ``replaced_by`` is the
    raw CSV value (``None`` when empty). ``regencies_with_districts`` is derived: the
    regencies for which at least one district is loaded (the table may carry kecamatan for
    some provinces only).
    """

    provinces: frozenset[str]
    regencies: frozenset[str]
    districts: frozenset[str]
    retired: Mapping[str, tuple[date, str | None]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    regencies_with_districts: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "regencies_with_districts", frozenset(code[:4] for code in self.districts)
        )


def default_regions_path() -> Traversable:
    """The packaged code table, ``kawal/regions/data/regions.csv``."""
    return files("kawal") / "regions" / "data" / "regions.csv"


def load_region_codes(path: str | Path | Traversable | None = None) -> RegionCodes:
    """Read the code table at ``path`` (default: :func:`default_regions_path`).

    Raises ``ValueError`` (with the line number) for a wrong header, an unknown level, a
    code whose length does not match its level, or a date that is not ISO ``YYYY-MM-DD``.
    """
    source = default_regions_path() if path is None else path
    if isinstance(source, str):
        source = Path(source)
    text = source.read_text(encoding="utf-8-sig")
    return _parse_rows(csv.reader(io.StringIO(text, newline="")))


def _parse_rows(rows: Iterable[list[str]]) -> RegionCodes:
    iterator = iter(rows)
    header = tuple(cell.strip() for cell in next(iterator, []))
    if header != HEADER:
        raise ValueError(f"regions CSV header must be {','.join(HEADER)!r}, got {header!r}")
    found: dict[str, set[str]] = {level: set() for level in CODE_LENGTHS}
    retired: dict[str, tuple[date, str | None]] = {}
    for line, row in enumerate(iterator, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise ValueError(f"regions CSV line {line}: expected {len(HEADER)} columns")
        code = row[0].strip().replace(".", "")
        level = row[2].strip()
        if level not in CODE_LENGTHS:
            raise ValueError(f"regions CSV line {line}: unknown level {level!r}")
        if len(code) != CODE_LENGTHS[level] or not code.isascii() or not code.isdigit():
            raise ValueError(f"regions CSV line {line}: bad {level} code {code!r}")
        found[level].add(code)
        valid_to = _parse_date(row[6], line)
        if valid_to is not None and level in ("regency", "district"):
            replaced_by = row[7].strip().replace(".", "") or None
            retired[code] = (valid_to, replaced_by)
    return RegionCodes(
        provinces=frozenset(found["province"]),
        regencies=frozenset(found["regency"]),
        districts=frozenset(found["district"]),
        retired=MappingProxyType(retired),
    )


def _parse_date(text: str, line: int) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"regions CSV line {line}: bad date {text!r}") from None


def format_code(code: str) -> str:
    """Write a Kemendagri code with dots; codes that already have dots are accepted.

    >>> format_code("7413012001")
    '74.13.01.2001'
    >>> format_code("741301")
    '74.13.01'
    """
    digits = code.replace(".", "")
    if len(digits) not in (2, 4, 6, 10) or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a region code: {code!r}")
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(part for part in parts if part)
