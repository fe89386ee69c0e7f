"""Aggregates for ``kawal stats``: one grouped query each (the dashboard reads
:mod:`kawal.reports.coverage`)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from kawal.regions.models import Pemda
from kawal.registry.models import Person, Segment, SegmentMembership


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
