from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kawal.registry.models import Segment
from kawal.registry.selectors import persons_visible
from kawal.reports.selectors import district_table, segment_counts


def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts by segment and kecamatan within the user's scope; each figure links to its list."""
    persons = persons_visible(request.user)
    counts = segment_counts(persons)
    rows = district_table(request.user)
    top = max((r.total for r in rows), default=0)
    context = {
        "segments": [(s.value, s.label, counts[s.value]) for s in Segment],
        "total": persons.filter(date_of_death__isnull=True).count(),
        "rows": rows,
        "segment_choices": list(Segment),
        "top": top,
    }
    return render(request, "reports/dashboard.html", context)
