"""Thin views of cohorts, work queues, bulk lifecycle actions and decree lists."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kawal.accounts.models import Role
from kawal.accounts.scope import region_scope
from kawal.claims.services import claims_for_deaths
from kawal.enrolment import decrees, life_events, recheck
from kawal.enrolment import selectors as sel
from kawal.enrolment import services as svc
from kawal.enrolment.errors import EnrolmentError
from kawal.enrolment.exports import decree_pdf, decree_xlsx
from kawal.enrolment.forms import CohortForm, DecreeForm, EndForm, LifeEventForm
from kawal.enrolment.models import Cohort, MembershipStatus
from kawal.regions.models import Region
from kawal.registry.selectors import person_get

PAGE_SIZE = 50
BULK_ACTIONS = {
    "verify": gettext_lazy("Verifikasi"),
    "approve": gettext_lazy("Setujui dan tetapkan SK"),
    "submit": gettext_lazy("Daftarkan ke BPJS"),
    "reject": gettext_lazy("Tolak"),
    "end": gettext_lazy("Akhiri"),
}


def _cohort_or_404(request: HttpRequest, cohort_id: int) -> Cohort:
    cohort = sel.cohort_get(request.user, cohort_id)
    if cohort is None:
        raise Http404(_("Kohort tidak ditemukan."))
    return cohort


def _filters(data) -> sel.MembershipFilters:  # noqa: ANN001 - a QueryDict
    return sel.MembershipFilters(
        status=data.get("status", ""),
        reserve=data.get("reserve", ""),
        village=data.get("village", ""),
        q=data.get("q", "")[:100],
        eligible=data.get("eligible", ""),
    )


def _villages(request: HttpRequest) -> list[Region]:
    qs = Region.objects.filter(
        region_scope(request.user), level=Region.Level.VILLAGE, valid_to=None
    )
    return sorted(qs.select_related("parent"), key=lambda v: (v.parent.name, v.name))


def cohort_list(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": sel.cohorts_with_funnel(request.user),
        "queue": sel.work_queue(request.user),
        "statuses": list(MembershipStatus),
    }
    return render(request, "enrolment/cohort_list.html", context)


def cohort_form(request: HttpRequest, cohort_id: int | None = None) -> HttpResponse:
    if request.user.role != Role.DINAS_ADMIN:
        return HttpResponseForbidden(_("Hanya Admin Dinas yang mengelola kohort."))
    cohort = _cohort_or_404(request, cohort_id) if cohort_id else None
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            saved = svc.cohort_save(actor=request.user, data=form.to_data(), cohort_id=cohort_id)
        except EnrolmentError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Kohort tersimpan."))
            return redirect("enrolment:detail", cohort_id=saved.pk)
    return render(request, "enrolment/cohort_form.html", {"form": form, "cohort": cohort})


def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort_or_404(request, cohort_id)
    filters = _filters(request.GET)
    matching = sel.membership_search(request.user, cohort, filters)
    page = Paginator(matching, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cohort": cohort,
        "funnel": sel.cohort_funnel(request.user, cohort),
        "page": page,
        "filters": filters,
        "statuses": list(MembershipStatus),
        "villages": _villages(request),
        "query": query.urlencode(),
        "actions": BULK_ACTIONS,
        "decrees": sel.decrees_of(cohort)[:10],
        "decree_form": DecreeForm(initial={"title": f"Lampiran SK Bupati: {cohort.name}"}),
        "end_form": EndForm(),
    }
    return render(request, "enrolment/cohort_detail.html", context)


@require_POST
def cohort_bulk(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """One action over the ticked memberships, or over every one matching the list's filter."""
    cohort = _cohort_or_404(request, cohort_id)
    action = request.POST.get("action", "")
    if request.POST.get("all_matching") == "1":
        ids = list(
            sel.membership_search(request.user, cohort, _filters(request.POST)).values_list(
                "pk", flat=True
            )
        )
    else:
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    try:
        count = _run_bulk(request, cohort, action, ids)
    except EnrolmentError as exc:
        messages.error(request, exc.message)
    else:
        if count is not None:
            messages.success(
                request,
                _("%(action)s: %(n)d kepesertaan.")
                % {"action": BULK_ACTIONS.get(action, action), "n": count},
            )
    return redirect(f"{request.path.rsplit('bulk/', 1)[0]}?{request.POST.get('query', '')}")


def _run_bulk(request: HttpRequest, cohort: Cohort, action: str, ids: list[int]) -> int | None:
    user, cid = request.user, cohort.pk
    if action == "verify":
        return svc.memberships_verify(actor=user, cohort_id=cid, membership_ids=ids)
    if action == "approve":
        form = DecreeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Isi judul dan tanggal SK untuk menyetujui."))
            return None
        count, _decree = svc.memberships_approve(
            actor=user, cohort_id=cid, membership_ids=ids, decree=form.to_data()
        )
        return count
    if action == "submit":
        return svc.memberships_submit(actor=user, cohort_id=cid, membership_ids=ids)
    if action == "reject":
        # not "reason": that name belongs to the end form's select in the same bulk form
        reason = request.POST.get("reject_reason", "")
        return svc.memberships_reject(actor=user, cohort_id=cid, membership_ids=ids, reason=reason)
    if action == "end":
        form = EndForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Pilih alasan dan tanggal berakhir."))
            return None
        data = form.cleaned_data
        return svc.memberships_end(actor=user, cohort_id=cid, membership_ids=ids, **data)
    messages.error(request, _("Tindakan tidak dikenal."))
    return None


def cohort_candidates(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """People in scope not yet in the cohort, with their eligibility; propose some or all."""
    cohort = _cohort_or_404(request, cohort_id)
    data = request.POST if request.method == "POST" else request.GET
    matching = sel.candidates(
        request.user, cohort, q=data.get("q", "")[:100], village=data.get("village", "")
    )
    if request.method == "POST":
        if data.get("all_matching") == "1":
            ids = list(matching.values_list("pk", flat=True))
        else:
            ids = [int(i) for i in data.getlist("ids") if i.isdigit()]
        try:
            result = svc.memberships_propose(
                actor=request.user, cohort_id=cohort.pk, person_ids=ids
            )
        except EnrolmentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Diusulkan %(p)d, masuk cadangan %(r)d, tidak layak %(x)d.")
                % {"p": len(result.proposed), "r": len(result.reserved), "x": len(result.refused)},
            )
        return redirect("enrolment:detail", cohort_id=cohort.pk)
    page = Paginator(matching, PAGE_SIZE).get_page(request.GET.get("page"))
    verdicts = sel.eligibility_of(cohort, [p.pk for p in page], on=timezone.localdate())
    codes = {r["person_id"]: r["codes"] for r in verdicts.iter_rows(named=True)}
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cohort": cohort,
        "page": page,
        "rows": [(p, codes.get(p.pk, [])) for p in page],
        "villages": _villages(request),
        "q": data.get("q", ""),
        "village": data.get("village", ""),
        "query": query.urlencode(),
    }
    return render(request, "enrolment/candidates.html", context)


def work_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "enrolment/queue.html", {"queue": sel.work_queue(request.user)})


@require_POST
def cohort_recheck(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort_or_404(request, cohort_id)
    try:
        result = recheck.cohort_recheck(actor=request.user, cohort_id=cohort.pk)
    except EnrolmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Diperiksa %(n)d: menjadi tidak layak %(lost)d, kembali layak %(back)d.")
            % {
                "n": result.checked,
                "lost": len(result.now_ineligible),
                "back": len(result.now_eligible),
            },
        )
    return redirect("enrolment:detail", cohort_id=cohort.pk)


def decree_detail(request: HttpRequest, decree_id: int) -> HttpResponse:
    decree = sel.decree_get(request.user, decree_id)
    if decree is None:
        raise Http404(_("Daftar SK tidak ditemukan."))
    previous = sel.decree_previous(decree)
    page = Paginator(decree.entries.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "decree": decree,
        "previous": previous,
        "diff": sel.decree_diff(previous, decree) if previous else None,
        "page": page,
        "query": "",
        "can_download": request.user.role == Role.DINAS_ADMIN,
    }
    return render(request, "enrolment/decree_detail.html", context)


def decree_download(request: HttpRequest, decree_id: int, kind: str) -> HttpResponse:
    """XLSX or PDF of a frozen list (full NIKs: Dinas admin only, audited)."""
    decree = sel.decree_get(request.user, decree_id)
    if decree is None or kind not in ("xlsx", "pdf"):
        raise Http404(_("Daftar SK tidak ditemukan."))
    if request.user.role != Role.DINAS_ADMIN:
        return HttpResponseForbidden(_("Hanya Admin Dinas yang mengunduh lampiran SK."))
    decrees.decree_export_record(actor=request.user, decree=decree, kind=kind)
    name = f"lampiran-sk-{decree.cohort_id}-v{decree.version}"
    if kind == "pdf":
        response = HttpResponse(decree_pdf(decree), content_type="application/pdf")
    else:
        response = HttpResponse(
            decree_xlsx(decree),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def person_eligibility(request: HttpRequest, person_id: int) -> HttpResponse:
    """HTMX fragment for the person page: the explained verdict for every cohort."""
    person = person_get(request.user, person_id)
    if person is None:
        raise Http404(_("Data tidak ditemukan."))
    memberships = {
        m.cohort_id: m for m in sel.memberships_visible(request.user).filter(person=person)
    }
    verdicts = sel.person_eligibility(request.user, person, on=timezone.localdate())
    context = {
        "person": person,
        "rows": [(c, v, memberships.get(c.pk)) for c, v in verdicts],
        "event_form": LifeEventForm(),
        "can_report": request.user.can_write,
    }
    return render(request, "enrolment/_person_eligibility.html", context)


@require_POST
def person_event(request: HttpRequest, person_id: int) -> HttpResponse:
    """A death or a move reported from the person page."""
    form = LifeEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih peristiwa dan tanggalnya."))
        return redirect("registry:detail", person_id=person_id)
    try:
        if form.cleaned_data["event"] == "death":
            with transaction.atomic():
                n = life_events.person_death_report(
                    actor=request.user, person_id=person_id, date_of_death=form.cleaned_data["on"]
                )
                # The claim record (cause unknown here, so JKM): issue 6.
                claims_for_deaths(
                    actor=request.user,
                    pemda_id=request.user.pemda_id,
                    deaths={person_id: form.cleaned_data["on"]},
                    source="village",
                )
        else:
            n = life_events.person_move_report(
                actor=request.user, person_id=person_id, moved_on=form.cleaned_data["on"]
            )
    except EnrolmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tercatat; %(n)d kepesertaan diakhiri.") % {"n": n})
    return redirect("registry:detail", person_id=person_id)
