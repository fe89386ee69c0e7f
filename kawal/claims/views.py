"""Claim pages: report an event (answered at once), the claim file, the lists.

Every role with a region scope reads the claims of the people it may see; another region's
claim is a 404. Writes go through :mod:`kawal.claims.services`, which check the roles again.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kawal.accounts.models import User
from kawal.accounts.scope import region_scope
from kawal.accounts.services import audit_record, client_ip
from kawal.claims import services, tracking
from kawal.claims.checklist import required_documents
from kawal.claims.forms import (
    HEIR_ROWS,
    DocumentForm,
    HeirFormSet,
    PayForm,
    RejectForm,
    ReportForm,
    SubmitForm,
)
from kawal.claims.models import Claim, ClaimStatus
from kawal.claims.selectors import ClaimFilters, claim_search, claim_totals, person_candidates
from kawal.contributions.reconcile import upload_dir
from kawal.regions.models import Region
from kawal.registry.errors import OutOfScope, RegistryError
from kawal.registry.selectors import person_get

PAGE_SIZE = 50


def _claim_or_404(request: HttpRequest, claim_id: int) -> Claim:
    try:
        return services.claim_for(request.user, claim_id)
    except OutOfScope:
        raise Http404(_("Data tidak ditemukan.")) from None


def _districts(user: User) -> list[Region]:
    villages = Region.objects.filter(
        region_scope(user), level=Region.Level.VILLAGE, valid_to=None
    ).select_related("parent")
    return sorted({v.parent for v in villages if v.parent}, key=lambda r: r.name)


def _list_context(request: HttpRequest, filters: ClaimFilters) -> dict[str, object]:
    qs = claim_search(request.user, filters)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "totals": claim_totals(qs),
        "filters": filters,
        "statuses": list(ClaimStatus),
        "districts": _districts(request.user),
        "query": query.urlencode(),
        "can_report": request.user.role in services.REPORT_ROLES,
    }


def claim_list(request: HttpRequest) -> HttpResponse:
    filters = ClaimFilters(
        status=request.GET.get("status", ""),
        covered=request.GET.get("covered", ""),
        district=request.GET.get("district", ""),
        kind=request.GET.get("kind", ""),
    )
    return render(request, "claims/claim_list.html", _list_context(request, filters))


def uncovered_list(request: HttpRequest) -> HttpResponse:
    """Uncovered events, with why: the argument for next year's budget."""
    filters = ClaimFilters(covered="no", district=request.GET.get("district", ""))
    context = _list_context(request, filters)
    rows = (
        claim_search(request.user, filters)
        .select_related(None)
        .values_list("benefit_breakdown", flat=True)
    )
    context["potential"] = sum(int((row or {}).get("total") or 0) for row in rows)
    return render(request, "claims/uncovered_list.html", context)


def person_search(request: HttpRequest) -> HttpResponse:
    people = person_candidates(request.user, request.GET.get("q", "")[:100])
    return render(request, "claims/_person_pick.html", {"people": people})


def claim_report_view(request: HttpRequest) -> HttpResponse:
    if request.user.role not in services.REPORT_ROLES:
        raise Http404(_("Data tidak ditemukan."))
    form = ReportForm(request.POST or None, initial={"event_date": timezone.localdate()})
    person = None
    if form.data.get("person", "").isdigit():
        person = person_get(request.user, int(form.data["person"]))
    elif request.GET.get("person", "").isdigit():
        person = person_get(request.user, int(request.GET["person"]))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_report(
                actor=request.user,
                person_id=data["person"],
                kind=data["kind"],
                event_date=data["event_date"],
                cause=data["cause"],
                place=data["place"],
                source=data["source"],
                note=data["note"],
            )
        except OutOfScope:
            form.add_error("person", _("Data orang ini tidak ditemukan di wilayah kerja Anda."))
        except RegistryError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            return redirect(f"{claim.get_absolute_url()}?baru=1")
    return render(request, "claims/report_form.html", {"form": form, "person": person})


def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim_or_404(request, claim_id)
    return render(request, "claims/claim_detail.html", _detail_context(request, claim))


def _detail_context(request: HttpRequest, claim: Claim, **forms: object) -> dict[str, object]:
    user = request.user
    uploaded: dict[str, list[object]] = {}
    for doc in claim.documents.select_related("uploaded_by"):
        uploaded.setdefault(doc.kind, []).append(doc)
    checklist = [
        (code, uploaded.get(code, [])) for code in required_documents(claim.kind, claim.programme)
    ]
    heirs = list(claim.heirs.all())
    initial = [
        {
            "name": h.name,
            "relation": h.relation,
            "birth_date": h.birth_date,
            "alive": h.alive,
            "married": h.married,
            "working": h.working,
            "school_level": h.school_level,
            "school_year": h.school_year,
        }
        for h in heirs
    ]
    initial += [{"alive": True}] * (HEIR_ROWS - len(initial))
    handlers = (
        User.objects.filter(
            pemda_id=user.pemda_id, is_active=True, role__in=services.HANDLER_ROLES
        ).order_by("username")
        if user.role in services.ASSIGN_ROLES
        else []
    )
    open_ = claim.status not in (ClaimStatus.PAID, ClaimStatus.REJECTED)
    can_decide = user.role in services.DECIDE_ROLES and claim.reported_by_id != user.pk
    return {
        "claim": claim,
        "person": claim.person,
        "new": request.GET.get("baru") == "1",
        "breakdown": claim.benefit_breakdown or {},
        "checklist": checklist,
        "missing": sum(1 for _c, docs in checklist if not docs),
        "heirs": heirs,
        "heir_formset": forms.get("heir_formset") or HeirFormSet(initial=initial, prefix="heir"),
        "can_edit": open_ and user.role in services.REPORT_ROLES,
        "can_upload": open_ and user.role in (services.REPORT_ROLES | services.SUBMIT_ROLES),
        "can_submit": claim.covered
        and claim.status == ClaimStatus.DOCUMENTS_COMPLETE
        and user.role in services.SUBMIT_ROLES,
        "can_pay": claim.status == ClaimStatus.SUBMITTED and can_decide,
        "can_reject": open_ and can_decide,
        "submit_form": forms.get("submit_form")
        or SubmitForm(initial={"submitted_on": timezone.localdate()}),
        "pay_form": forms.get("pay_form")
        or PayForm(
            initial={"amount": claim.benefit_total or None, "paid_on": timezone.localdate()}
        ),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "handlers": handlers,
        "today": timezone.localdate(),
    }


def _fail(request: HttpRequest, claim_id: int, exc: RegistryError) -> HttpResponse:
    if isinstance(exc, OutOfScope) and not request.user.role:
        raise Http404(_("Data tidak ditemukan."))
    messages.error(request, exc.message)
    return redirect("claims:detail", claim_id)


@require_POST
def document_upload(request: HttpRequest, claim_id: int) -> HttpResponse:
    _claim_or_404(request, claim_id)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas yang akan diunggah."))
        return redirect("claims:detail", claim_id)
    try:
        tracking.claim_document_add(
            actor=request.user,
            claim_id=claim_id,
            kind=form.cleaned_data["kind"],
            document=form.cleaned_data["file"],
        )
    except RegistryError as exc:
        return _fail(request, claim_id, exc)
    messages.success(request, _("Dokumen tersimpan."))
    return redirect("claims:detail", claim_id)


def document_file(request: HttpRequest, claim_id: int, document_id: int) -> HttpResponse:
    claim = _claim_or_404(request, claim_id)
    doc = claim.documents.filter(pk=document_id).first()
    if doc is None:
        raise Http404(_("Data tidak ditemukan."))
    path = (upload_dir() / doc.file).resolve()
    if not path.is_relative_to(upload_dir().resolve()) or not path.exists():
        raise Http404(_("Data tidak ditemukan."))
    audit_record(
        actor=request.user,
        action="claim.document_read",
        object_type="claims.claim",
        object_id=claim.pk,
        pemda_id=claim.pemda_id,
        changes={"document": [None, doc.kind]},
        ip_address=client_ip(request),
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=doc.file_name)


@require_POST
def heirs_save(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim_or_404(request, claim_id)
    formset = HeirFormSet(request.POST, prefix="heir")
    if not formset.is_valid():
        messages.error(request, _("Periksa isian ahli waris."))
        return render(
            request,
            "claims/claim_detail.html",
            _detail_context(request, claim, heir_formset=formset),
        )
    heirs = [
        services.HeirInput(
            name=f["name"],
            relation=f["relation"],
            alive=f["alive"],
            married=f["married"],
            birth_date=f["birth_date"],
            school_level=f["school_level"],
            school_year=f["school_year"] or 1,
            working=f["working"],
        )
        for f in formset.cleaned_data
        if f and (f.get("name") or "").strip()
    ]
    missing = [i for i, h in enumerate(heirs, start=1) if not h.relation]
    if missing:
        messages.error(request, _("Ahli waris baris %(n)d: pilih hubungannya.") % {"n": missing[0]})
        return redirect("claims:detail", claim_id)
    try:
        tracking.claim_heirs_set(actor=request.user, claim_id=claim_id, heirs=heirs)
    except RegistryError as exc:
        return _fail(request, claim_id, exc)
    messages.success(request, _("Ahli waris tersimpan."))
    return redirect("claims:detail", claim_id)


@require_POST
def status_change(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim_or_404(request, claim_id)
    action = request.POST.get("action")
    forms_by_action = {"submit": SubmitForm, "pay": PayForm, "reject": RejectForm}
    if action not in forms_by_action:
        raise Http404(_("Data tidak ditemukan."))
    form = forms_by_action[action](request.POST)
    if not form.is_valid():
        return render(
            request,
            "claims/claim_detail.html",
            _detail_context(request, claim, **{f"{action}_form": form}),
        )
    data = form.cleaned_data
    try:
        if action == "submit":
            tracking.claim_submit(
                actor=request.user, claim_id=claim_id, submitted_on=data["submitted_on"]
            )
        elif action == "pay":
            tracking.claim_pay(
                actor=request.user,
                claim_id=claim_id,
                amount=data["amount"],
                paid_on=data["paid_on"],
                reference=data["reference"],
            )
        else:
            tracking.claim_reject(actor=request.user, claim_id=claim_id, reason=data["reason"])
    except RegistryError as exc:
        return _fail(request, claim_id, exc)
    messages.success(request, _("Status klaim diperbarui."))
    return redirect("claims:detail", claim_id)


@require_POST
def handler_assign(request: HttpRequest, claim_id: int) -> HttpResponse:
    _claim_or_404(request, claim_id)
    raw = request.POST.get("handler", "")
    try:
        tracking.claim_assign(
            actor=request.user, claim_id=claim_id, handler_id=int(raw) if raw.isdigit() else None
        )
    except RegistryError as exc:
        return _fail(request, claim_id, exc)
    messages.success(request, _("Penanggung jawab klaim diperbarui."))
    return redirect("claims:detail", claim_id)
