"""Aggregates for dashboards and ``kawal stats``: one grouped query each, never a loop of counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from kawal.accounts.models import User
from kawal.regions.models import Pemda, Region
from kawal.registry.models import Person, Segment, SegmentMembership
from kawal.registry.selectors import persons_visible


@dataclass
class DistrictRow:
    code: str
    name: str
    total: int = 0
    by_segment: dict[str, int] = field(default_factory=dict)


def segment_counts(persons: QuerySet[Person]) -> dict[str, int]:
    """Living people per segment (a person in two segments counts in both)."""
    rows = (
        SegmentMembership.objects.filter(person__in=persons.filter(date_of_death__isnull=True))
        .values("segment")
        .annotate(n=Count("person", distinct=True))
    )
    counts = {s.value: 0 for s in Segment}
    counts.update({r["segment"]: r["n"] for r in rows})
    return counts


def district_table(user: User) -> list[DistrictRow]:
    """Living people per kecamatan of the user's scope, split by segment."""
    persons = persons_visible(user).filter(date_of_death__isnull=True)
    totals = persons.values("domicile_village__parent_id").annotate(n=Count("id"))
    split = (
        SegmentMembership.objects.filter(person__in=persons)
        .values("person__domicile_village__parent_id", "segment")
        .annotate(n=Count("person", distinct=True))
    )
    codes = [t["domicile_village__parent_id"] for t in totals]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    table = {
        t["domicile_village__parent_id"]: DistrictRow(
            code=t["domicile_village__parent_id"],
            name=names.get(t["domicile_village__parent_id"], ""),
            total=t["n"],
        )
        for t in totals
    }
    for row in split:
        table[row["person__domicile_village__parent_id"]].by_segment[row["segment"]] = row["n"]
    return sorted(table.values(), key=lambda r: r.code)


def registry_stats() -> list[dict[str, object]]:
    """Counts per pemda and segment for ``kawal stats`` (operators' view, not user-scoped)."""
    result = []
    for pemda in Pemda.objects.select_related("region"):
        persons = Person.objects.filter(pemda=pemda)
        result.append(
            {
                "pemda_code": pemda.region_id,
                "pemda": pemda.name,
                "persons": persons.count(),
                "deceased": persons.filter(~Q(date_of_death=None)).count(),
                "segments": segment_counts(persons),
            }
        )
    return result
