"""Writes for the region tree: load a region list set-based, atomically, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.db import transaction

from kawal.accounts.models import User
from kawal.accounts.services import audit_record
from kawal.domain.places import place_key
from kawal.pipelines.regions_file import RegionFileError, read_region_file
from kawal.regions.models import Region
from kawal.regions.selectors import region_codes

BATCH = 5_000
SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "regions.csv"


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    retired: int


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def regions_load(
    *,
    path: Path = SHIPPED_FILE,
    actor: User | None = None,
    retire_missing_from: date | None = None,
) -> LoadResult:
    """Insert or update every region in ``path``; optionally retire codes the file no longer has.

    Retiring is limited to the provinces and levels the file covers, so a national list of
    kab/kota does not retire the kecamatan of Sulawesi Tenggara. Nothing is written when any row
    is wrong (the whole load is one transaction).
    """
    frame = read_region_file(path)
    existing = set(Region.objects.values_list("code", flat=True))
    known = existing | set(frame["code"].to_list())
    refs = pl.concat([frame["parent_code"], frame["replaced_by"]]).drop_nulls().unique()
    unknown = sorted(set(refs.to_list()) - known)
    if unknown:
        raise RegionFileError(f"Kode induk atau pengganti tidak dikenal: {', '.join(unknown[:5])}")
    rows = [
        Region(
            code=r["code"],
            name=r["name"],
            level=r["level"],
            kind=r["kind"],
            parent_id=r["parent_code"],
            valid_from=_parse_date(r["valid_from"]),
            valid_to=_parse_date(r["valid_to"]),
            replaced_by_id=r["replaced_by"],
            name_key=place_key(r["name"]),
        )
        for r in frame.iter_rows(named=True)
    ]
    with transaction.atomic():
        Region.objects.bulk_create(
            rows,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[
                "name",
                "level",
                "kind",
                "parent",
                "valid_from",
                "valid_to",
                "replaced_by",
                "name_key",
            ],
        )
        retired = 0
        if retire_missing_from is not None:
            retired = _retire_missing(frame, retire_missing_from)
        created = len(set(frame["code"].to_list()) - existing)
        result = LoadResult(created=created, updated=frame.height - created, retired=retired)
        audit_record(
            actor=actor,
            action="regions.load",
            object_type="region_list",
            object_id=path.name[:40],
            changes={"created": created, "updated": result.updated, "retired": retired},
        )
    region_codes.cache_clear()
    return result


def _retire_missing(frame: pl.DataFrame, as_of: date) -> int:
    covered = frame.select(
        pl.col("code").str.slice(0, 2).alias("province"), pl.col("level")
    ).unique()
    retired = 0
    for province, level in covered.iter_rows():
        missing = Region.objects.filter(
            code__startswith=province, level=level, valid_to__isnull=True
        ).exclude(code__in=frame.filter(pl.col("level") == level)["code"].to_list())
        retired += missing.update(valid_to=as_of)
    return retired


def regions_ensure_loaded() -> bool:
    """Load the shipped list when the table is empty; True when it loaded something."""
    if Region.objects.exists():
        return False
    regions_load()
    return True
