"""Reads of the region tree."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from types import MappingProxyType

from django.db.models import QuerySet

from kawal.domain.regions import RegionCodes
from kawal.regions.models import Region


@lru_cache(maxsize=1)
def region_codes() -> RegionCodes:
    """The code sets the NIK rules need, built from the database (cleared when a list loads)."""
    found: dict[str, set[str]] = {"province": set(), "regency": set(), "district": set()}
    retired: dict[str, tuple[date, str | None]] = {}
    rows = Region.objects.exclude(level=Region.Level.VILLAGE).values_list(
        "code", "level", "valid_to", "replaced_by_id"
    )
    for code, level, valid_to, replaced_by in rows:
        found[level].add(code)
        if valid_to is not None and level != Region.Level.PROVINCE:
            retired[code] = (valid_to, replaced_by)
    return RegionCodes(
        provinces=frozenset(found["province"]),
        regencies=frozenset(found["regency"]),
        districts=frozenset(found["district"]),
        retired=MappingProxyType(retired),
    )


def villages_of(region_code: str) -> QuerySet[Region]:
    """Current desa/kelurahan under a regency or kecamatan code."""
    return Region.objects.filter(
        level=Region.Level.VILLAGE, code__startswith=region_code, valid_to__isnull=True
    ).select_related("parent")


def districts_of(regency_code: str) -> QuerySet[Region]:
    return Region.objects.filter(
        level=Region.Level.DISTRICT, parent_id=regency_code, valid_to__isnull=True
    )
