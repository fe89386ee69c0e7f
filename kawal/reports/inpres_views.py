"""Pages of the Inpres 2/2021 report, the award dossier, and the regulations and innovations.

The Dinas admin, the auditor and the Bupati's office open them (other roles get a 404, like a
page that does not exist); only the Dinas admin adds or changes a regulation or an innovation.
Every download is audited with the figures it carried.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.reports.dossier import award_dossier
from kawal.reports.dossier_export import dossier_pdf
from kawal.reports.inpres import InpresReport, Signer, inpres_report, semester_of
from kawal.reports.inpres_export import inpres_pdf, inpres_xlsx
from kawal.reports.inpres_forms import DossierForm, InnovationForm, InpresForm, RegulationForm
from kawal.reports.inpres_regulations import (
    RegulationData,
    RegulationError,
    can_edit_regulations,
    can_read_reports,
    innovation_save,
    innovations_for,
    regulation_save,
    regulations_for,
    report_export_record,
)
from kawal.reports.models import Regulation

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _require_read(request: HttpRequest) -> None:
    if not can_read_reports(request.user):
        raise Http404(_("Data tidak ditemukan."))


def _forbidden() -> HttpResponse:
    return HttpResponseForbidden(_("Hanya Admin Dinas yang mencatat regulasi dan inovasi."))


# --- regulations and innovations ----------------------------------------------------------


def regulations(request: HttpRequest) -> HttpResponse:
    """The list of regulations and innovations, with the add forms for the Dinas admin."""
    _require_read(request)
    form = RegulationForm(request.POST or None, prefix="reg")
    if request.method == "POST":
        if not can_edit_regulations(request.user):
            return _forbidden()
        if form.is_valid() and _save_regulation(request, form, None):
            return redirect("inpres:regulations")
    return _regulations_page(request, form, InnovationForm(prefix="inv"))


def regulation_edit(request: HttpRequest, regulation_id: int) -> HttpResponse:
    _require_read(request)
    regulation = get_object_or_404(regulations_for(request.user), pk=regulation_id)
    if not can_edit_regulations(request.user):
        return _forbidden()
    initial = {
        f: getattr(regulation, f)
        for f in ("kind", "number", "title", "signed_on", "in_force_from", "in_force_to", "note")
    }
    form = RegulationForm(request.POST or None, initial=initial, prefix="reg")
    saved = request.method == "POST" and form.is_valid()
    if saved and _save_regulation(request, form, regulation):
        return redirect("inpres:regulations")
    context = {"form": form, "regulation": regulation}
    return render(request, "reports/inpres_regulation_form.html", context)


def _save_regulation(
    request: HttpRequest, form: RegulationForm, regulation: Regulation | None
) -> bool:
    try:
        regulation_save(
            actor=request.user,
            data=RegulationData(**form.cleaned_data),
            regulation=regulation,
        )
    except RegulationError as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, _("Regulasi disimpan."))
    return True


def innovation_add(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    if request.method != "POST":
        return redirect("inpres:regulations")
    if not can_edit_regulations(request.user):
        return _forbidden()
    form = InnovationForm(request.POST, prefix="inv")
    if form.is_valid():
        try:
            innovation_save(actor=request.user, **form.cleaned_data)
        except RegulationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Inovasi program disimpan."))
            return redirect("inpres:regulations")
    return _regulations_page(request, RegulationForm(prefix="reg"), form)


def _regulations_page(
    request: HttpRequest, form: RegulationForm, innovation_form: InnovationForm
) -> HttpResponse:
    context = {
        "regulations": regulations_for(request.user).order_by("-in_force_from", "-id"),
        "innovations": innovations_for(request.user).order_by("-year", "-id"),
        "form": form,
        "innovation_form": innovation_form,
        "can_edit": can_edit_regulations(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "reports/inpres_regulations.html", context)


# --- the Inpres report --------------------------------------------------------------------


def inpres_page(request: HttpRequest) -> HttpResponse:
    """Choose the semester, date, signer and notes; preview the figures; download."""
    _require_read(request)
    today = timezone.localdate()
    data = request.GET if "semester" in request.GET else None
    form = InpresForm(
        data,
        today=today,
        initial={"reporting_date": today, "semester": _default_semester(today)},
    )
    report = None
    if form.is_valid():
        report = _report(request, form)
    return render(request, "reports/inpres.html", {"form": form, "report": report})


def _default_semester(today: date) -> str:
    """The last finished semester: the one a report is usually made for."""
    return semester_of(today).previous().code


def _report(request: HttpRequest, form: InpresForm) -> InpresReport:
    data = form.cleaned_data
    return inpres_report(
        request.user,
        data["semester"],
        reporting_date=data["reporting_date"],
        notes=data["notes"],
        signer=Signer(data["signer_role"], data["signer_name"].strip(), data["signer_nip"]),
    )


def inpres_download(request: HttpRequest, kind: str) -> HttpResponse:
    """``?semester=2026-1&reporting_date=…`` as XLSX or PDF (audited)."""
    _require_read(request)
    if kind not in CONTENT_TYPES:
        raise Http404(_("Data tidak ditemukan."))
    form = InpresForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    report = _report(request, form)
    body = inpres_pdf(report) if kind == "pdf" else inpres_xlsx(report)
    report_export_record(
        actor=request.user,
        document="inpres",
        kind=kind,
        details={
            "semester": report.semester.code,
            "allocated": report.allocated_total,
            "paid": report.paid_total,
            "claims_amount": report.claims_amount,
        },
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    name = f"laporan-inpres-2-2021-{report.semester.code}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the award dossier --------------------------------------------------------------------


def dossier_page(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    form = DossierForm(initial={"as_of": timezone.localdate()})
    return render(request, "reports/inpres_dossier.html", {"form": form})


def dossier_download(request: HttpRequest) -> HttpResponse:
    """``?as_of=YYYY-MM-DD`` (default today) as a PDF (audited)."""
    _require_read(request)
    form = DossierForm(request.GET or {"as_of": timezone.localdate()})
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    as_of = form.cleaned_data["as_of"]
    dossier = award_dossier(request.user, as_of=as_of)
    body = dossier_pdf(dossier)
    report_export_record(
        actor=request.user,
        document="dossier",
        kind="pdf",
        details={"as_of": as_of.isoformat(), "regulations": len(dossier.regulations)},
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="dokumen-paritrana-{as_of}.pdf"'
    return response
