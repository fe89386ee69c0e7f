"""Thin views: scoped fetch, form, service call, then a redirect or a partial template."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kawal.accounts.scope import region_scope
from kawal.accounts.services import client_ip
from kawal.domain.nik import check_nik, mask_nik
from kawal.findings_text import finding_text
from kawal.regions.models import Region
from kawal.regions.selectors import region_codes
from kawal.registry.errors import OutOfScope, RegistryError
from kawal.registry.forms import PersonEditForm, PersonForm, PovertyRecordForm, SegmentForm
from kawal.registry.models import Person, Segment, Sex
from kawal.registry.selectors import PersonFilters, person_get, person_history, person_search
from kawal.registry.services import (
    nik_reveal,
    person_register,
    person_update,
    poverty_record_add,
    segment_add,
)

PAGE_SIZE = 25


def _person_or_404(request: HttpRequest, person_id: int) -> Person:
    person = person_get(request.user, person_id)
    if person is None:
        raise Http404(_("Data tidak ditemukan."))
    return person


def person_list(request: HttpRequest) -> HttpResponse:
    filters = PersonFilters(
        q=request.GET.get("q", "")[:100],
        segment=request.GET.get("segment", ""),
        district=request.GET.get("district", ""),
        village=request.GET.get("village", ""),
        sex=request.GET.get("sex", ""),
    )
    page = Paginator(person_search(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    villages = Region.objects.filter(
        region_scope(request.user), level=Region.Level.VILLAGE, valid_to=None
    ).select_related("parent")
    districts = sorted({v.parent for v in villages if v.parent}, key=lambda r: r.name)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "segments": list(Segment),
        "districts": districts,
        "villages": sorted(villages, key=lambda v: (v.parent.name, v.name)),
        "sexes": list(Sex),
        "query": query.urlencode(),
    }
    template = (
        "registry/_person_table.html"
        if request.headers.get("HX-Request")
        else "registry/person_list.html"
    )
    return render(request, template, context)


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(request, person_id)
    context = {
        "person": person,
        "masked_nik": mask_nik(person.nik),
        "poverty_records": person.poverty_records.all(),
        "segments": person.segments.select_related("work_unit"),
        "history": person_history(person)[:50],
        "poverty_form": PovertyRecordForm(),
        "segment_form": SegmentForm(user=request.user),
    }
    return render(request, "registry/person_detail.html", context)


def person_create(request: HttpRequest) -> HttpResponse:
    if not request.user.can_write:
        return HttpResponseForbidden(_("Peran Anda tidak boleh menambah data."))
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_register(actor=request.user, data=form.to_data())
        except RegistryError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Data orang berhasil disimpan."))
            return redirect("registry:detail", person_id=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "creating": True})


def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(request, person_id)
    if not request.user.can_write:
        return HttpResponseForbidden(_("Peran Anda tidak boleh mengubah data."))
    initial = {
        name: getattr(person, name)
        for name in PersonForm.base_fields
        if name not in {"domicile_village", "nik"}
    } | {"domicile_village": person.domicile_village}
    form = PersonEditForm(
        request.POST or None, initial=initial, user=request.user, current_nik=person.nik
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_update(
                actor=request.user,
                person_id=person.pk,
                data=form.to_data(),
                reason=form.cleaned_data["reason"],
            )
        except RegistryError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return redirect("registry:detail", person_id=person.pk)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "person": person, "creating": False, "masked_nik": mask_nik(person.nik)},
    )


def nik_check(request: HttpRequest) -> HttpResponse:
    """HTMX partial: the NIK rules' verdict for what the user has typed so far."""
    data = request.POST if request.method == "POST" else request.GET
    raw = data.get("nik", "")[:40]
    birth = data.get("birth_date") or ""
    try:
        birth_date = date.fromisoformat(birth) if birth else None
    except ValueError:
        birth_date = None
    result = None
    if raw.strip():
        result = check_nik(
            raw,
            codes=region_codes(),
            birth_date=birth_date,
            sex=data.get("sex") or None,
            today=timezone.localdate(),
        )
    names = {}
    if result is not None:
        codes = [c for c in (result.province_code, result.regency_code, result.district_code) if c]
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    context = {
        "result": result,
        "errors": [finding_text(f) for f in result.errors] if result else [],
        "warnings": [finding_text(f) for f in result.warnings] if result else [],
        "region_names": [names[c] for c in sorted(names)],
    }
    return render(request, "registry/_nik_findings.html", context)


@require_POST
def nik_reveal_view(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        nik = nik_reveal(actor=request.user, person_id=person_id, ip_address=client_ip(request))
    except OutOfScope as exc:
        return HttpResponseForbidden(exc.message)
    return render(request, "registry/_nik_revealed.html", {"nik": nik})


def _form_errors(form: PovertyRecordForm | SegmentForm) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {', '.join(e)}"
        for f, e in form.errors.items()
    )


@require_POST
def poverty_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(request, person_id)
    form = PovertyRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("registry:detail", person_id=person.pk)
    try:
        poverty_record_add(actor=request.user, person=person, **form.cleaned_data)
    except RegistryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Data kemiskinan ditambahkan."))
    return redirect("registry:detail", person_id=person.pk)


@require_POST
def segment_add_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(request, person_id)
    form = SegmentForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("registry:detail", person_id=person.pk)
    try:
        segment_add(
            actor=request.user,
            person=person,
            segment=form.cleaned_data["segment"],
            **form.details(),
        )
    except RegistryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Segmen ditambahkan."))
    return redirect("registry:detail", person_id=person.pk)
