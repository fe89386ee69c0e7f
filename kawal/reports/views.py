"""The regency dashboard: coverage against the eligible population, trend, budget, arrears and
claims — every figure a link to the named list behind it, all scoped by the user's region."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import Role
from kawal.contributions.chart import chart_bars, realisation_svg
from kawal.registry.models import Person, Segment
from kawal.reports.coverage import AreaFigures, CoverageFigures, SegmentFigure, coverage_figures
from kawal.reports.dashboard import (
    CLAIM_GROUPS,
    arrears_by_cohort,
    budget_rows,
    claim_figures,
    claims_for,
    monthly_active,
)
from kawal.reports.dashboard_chart import trend_svg
from kawal.reports.dashboard_lists import (
    Drill,
    DrillError,
    drill_people,
    measure_label,
    parse_as_of,
    parse_drill,
)

PAGE_SIZE = 50


def _as_of(request: HttpRequest) -> tuple[date, str]:
    today = timezone.localdate()
    try:
        return parse_as_of(request.GET.get("tanggal"), today), ""
    except DrillError as error:
        return today, str(error)


def _segments_shown(figures: CoverageFigures) -> list[SegmentFigure]:
    """Table columns: the segments with any figure (pekerja rentan always)."""
    return [
        s
        for s in figures.segments
        if s.cell.potential or s.cell.active or s.segment == Segment.PEKERJA_RENTAN
    ]


def _rows(areas: list[AreaFigures], shown: list[SegmentFigure]) -> list[dict[str, object]]:
    """Table rows: each area with its cells in the order of the columns shown."""
    return [{"area": a, "cells": [(s.segment, a.cell(s.segment)) for s in shown]} for a in areas]


def _links(as_of: date) -> dict[str, str]:
    return {"people_url": reverse("reports:people"), "as_of_iso": as_of.isoformat()}


def dashboard(request: HttpRequest) -> HttpResponse:
    """Coverage by segment, kecamatan and desa as of a date, with the other figures below."""
    user = request.user
    as_of, error = _as_of(request)
    figures = coverage_figures(user, as_of=as_of)
    shown = _segments_shown(figures)
    people_url = reverse("reports:people")
    trend = monthly_active(user, as_of=as_of)
    budget = budget_rows(user, as_of.year)
    context = {
        "as_of": as_of,
        "error": error,
        "figures": figures,
        "segments_shown": shown,
        "district_rows": _rows(figures.districts, shown),
        "village_rows": _rows(figures.villages, shown),
        "one_village": user.role == Role.VILLAGE_OPERATOR,
        "trend": trend,
        "trend_chart": trend_svg(
            trend,
            title=_("Peserta aktif per bulan"),
            link=lambda p: f"{people_url}?{Drill('active', p.day).query()}",
        ),
        "budget": budget,
        "budget_year": as_of.year,
        "budget_chart": realisation_svg(
            chart_bars(budget), title=_("Serapan anggaran %(y)s") % {"y": as_of.year}
        )
        if budget
        else "",
        "arrears": arrears_by_cohort(user, as_of=as_of),
        "claims": claim_figures(user),
    } | _links(as_of)
    return render(request, "reports/dashboard.html", context)


def dashboard_villages(request: HttpRequest, district: str) -> HttpResponse:
    """HTMX partial: the desa rows of one kecamatan (only those in the user's scope)."""
    as_of, _error = _as_of(request)
    figures = coverage_figures(request.user, as_of=as_of)
    if figures.district(district) is None:
        raise Http404(_("Data tidak ditemukan."))
    shown = _segments_shown(figures)
    context = {
        "as_of": as_of,
        "rows": _rows(figures.villages_of(district), shown),
        "segments_shown": shown,
        "district": district,
    } | _links(as_of)
    return render(request, "reports/dashboard_villages.html", context)


def dashboard_people(request: HttpRequest) -> HttpResponse:
    """The named list behind one coverage figure (masked NIK, desa, cohort, desil)."""
    try:
        drill = parse_drill(request.GET, timezone.localdate())
    except DrillError as error:
        return render(request, "reports/dashboard_people.html", {"error": str(error)}, status=400)
    people = drill_people(request.user, drill)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    area = ""
    if drill.village or drill.district:
        code = drill.village or drill.district
        area = next(
            (
                p.domicile_village.label if drill.village else p.domicile_village.parent.name
                for p in page.object_list[:1]
            ),
            code,
        )
    context = {
        "drill": drill,
        "page": page,
        "query": drill.query(),
        "measure_label": measure_label(drill.measure),
        "segment_label": Segment(drill.segment).label if drill.segment else _("Semua segmen"),
        "area": area,
    }
    return render(request, "reports/dashboard_people.html", context)


def dashboard_arrears(request: HttpRequest) -> HttpResponse:
    """The members 2 or 3+ months unpaid of one cohort, with their names (masked NIK)."""
    as_of, _error = _as_of(request)
    level = request.GET.get("tingkat", "lapse")
    cohort_id = request.GET.get("kohort", "")
    found = {str(a.cohort.pk): a for a in arrears_by_cohort(request.user, as_of=as_of)}
    if level not in ("warn", "lapse") or cohort_id not in found:
        raise Http404(_("Data tidak ditemukan."))
    rows = getattr(found[cohort_id], level)
    unpaid = {r.person_id: r.unpaid_months for r in rows}
    people = (
        Person.objects.filter(pk__in=list(unpaid))
        .select_related("domicile_village__parent")
        .order_by("domicile_village__parent__name", "domicile_village__name", "name_normalised")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page.object_list:
        person.unpaid_months = unpaid[person.pk]
    context = {
        "cohort": found[cohort_id].cohort,
        "level": level,
        "as_of": as_of,
        "page": page,
        "count": len(unpaid),
        "query": f"kohort={cohort_id}&tingkat={level}&tanggal={as_of.isoformat()}",
    }
    return render(request, "reports/dashboard_arrears.html", context)


def dashboard_claims(request: HttpRequest) -> HttpResponse:
    """The claims behind one claims figure (paid, pending, rejected, not covered)."""
    group = request.GET.get("kelompok", "")
    if group not in CLAIM_GROUPS:
        raise Http404(_("Data tidak ditemukan."))
    claims = (
        claims_for(request.user)
        .filter(CLAIM_GROUPS[group])
        .select_related("person__domicile_village__parent")
        .order_by("-event_date", "-id")
    )
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    titles = {
        "paid": _("Klaim dibayar"),
        "pending": _("Klaim dalam proses"),
        "rejected": _("Klaim ditolak"),
        "uncovered": _("Peristiwa tanpa perlindungan"),
    }
    context = {"page": page, "title": titles[group], "query": f"kelompok={group}", "group": group}
    return render(request, "reports/dashboard_claims.html", context)
