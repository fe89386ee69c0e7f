"""Exchange pages: export a registration batch, upload the insurer's response or roster,
preview what will change, confirm, download the per-row result.

Who: the Dinas admin does everything; the insurer liaison (the person who receives BPJS's
files) may upload responses and rosters and read every page and report, but only the Dinas
admin exports, confirms a registration or applies a response, because those change statuses.
The Dinas admin also uploads and applies death extracts (Dukcapil or village lists), which end
memberships. Another pemda's batch or cohort is a 404.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kawal.accounts.services import audit_record, client_ip
from kawal.demo.insurer_response import simulated_response
from kawal.demo.intake_seed import demo_file_path
from kawal.enrolment.models import Cohort
from kawal.insurer.deaths import DEATH_ROLES, deaths_apply, deaths_preview
from kawal.insurer.forms import DeathsForm, ExportForm, ResponseForm, RosterForm
from kawal.insurer.models import ExchangeBatch
from kawal.insurer.reports import OUTCOME_LABELS, write_report
from kawal.insurer.response import response_apply, response_preview
from kawal.insurer.roster import roster_import
from kawal.insurer.services import (
    APPLY_ROLES,
    UPLOAD_ROLES,
    VIEW_ROLES,
    InsurerError,
    Received,
    registration_confirm,
    registration_file,
    registration_prepare,
)
from kawal.regions.models import Pemda

ROWS_PER_PAGE = 100


def _check(request: HttpRequest, roles: frozenset[str]) -> HttpResponse | None:
    if request.user.role not in roles or request.user.pemda_id is None:
        return HttpResponseForbidden(_("Peran Anda tidak boleh membuka halaman ini."))
    return None


def _batch_or_404(request: HttpRequest, batch_id: int) -> ExchangeBatch:
    batch = ExchangeBatch.objects.filter(pk=batch_id, pemda_id=request.user.pemda_id).first()
    if batch is None or request.user.role not in VIEW_ROLES:
        raise Http404(_("Data tidak ditemukan."))
    return batch


def _home_context(request: HttpRequest, **forms: object) -> dict[str, object]:
    user = request.user
    cohorts = (
        Cohort.objects.filter(pemda_id=user.pemda_id)
        .annotate(n=Count("memberships"))
        .order_by("-fiscal_year", "name")
    )
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Cohort.objects.filter(pemda_id=user.pemda_id)
        .values_list("id", "memberships__status")
        .annotate(n=Count("memberships"))
    )
    for cohort_id, status, n in rows:
        if status:
            counts.setdefault(cohort_id, {})[status] = n
    batches = ExchangeBatch.objects.filter(pemda_id=user.pemda_id).select_related(
        "cohort", "created_by"
    )
    return {
        "cohorts": [(c, counts.get(c.pk, {})) for c in cohorts],
        "page": Paginator(batches, 20).get_page(request.GET.get("page")),
        "query": "",
        "can_apply": user.role in APPLY_ROLES,
        "export_form": forms.get("export_form") or ExportForm(user=user),
        "response_form": forms.get("response_form") or ResponseForm(user=user),
        "roster_form": forms.get("roster_form") or RosterForm(),
        "deaths_form": forms.get("deaths_form") or DeathsForm(),
        "can_deaths": user.role in DEATH_ROLES,
    }


def home(request: HttpRequest) -> HttpResponse:
    if denied := _check(request, VIEW_ROLES):
        return denied
    return render(request, "insurer/home.html", _home_context(request))


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    if denied := _check(request, APPLY_ROLES):
        return denied
    form = ExportForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(
            request, "insurer/home.html", _home_context(request, export_form=form), status=400
        )
    batch = registration_prepare(
        actor=request.user,
        cohort=form.cleaned_data["cohort"],
        layout_code=form.cleaned_data["layout"] or None,
    )
    return redirect("insurer:detail", batch_id=batch.pk)


def _upload(
    request: HttpRequest, form_name: str, form: ResponseForm | RosterForm | DeathsForm
) -> HttpResponse:
    if not form.is_valid():
        context = _home_context(request, **{form_name: form})
        return render(request, "insurer/home.html", context, status=400)
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix if suffix in ('.csv', '.txt', '.xlsx') else '.csv'}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            received: Received
            if isinstance(form, ResponseForm):
                received = response_preview(
                    actor=request.user,
                    cohort=form.cleaned_data["cohort"],
                    source=path,
                    file_name=upload.name,
                )
            elif isinstance(form, DeathsForm):
                received = deaths_preview(
                    actor=request.user,
                    pemda=Pemda.objects.get(pk=request.user.pemda_id),
                    source=path,
                    file_name=upload.name,
                )
            else:
                received = roster_import(
                    actor=request.user,
                    pemda=Pemda.objects.get(pk=request.user.pemda_id),
                    source=path,
                    file_name=upload.name,
                )
        except InsurerError as error:
            form.add_error("file", error.message)
            context = _home_context(request, **{form_name: form})
            return render(request, "insurer/home.html", context, status=400)
    if not received.created:
        messages.info(
            request,
            _("Berkas yang sama sudah pernah diunggah (batch #%(id)s); tidak diproses lagi.")
            % {"id": received.batch.pk},
        )
    elif received.batch.status == ExchangeBatch.Status.REJECTED:
        messages.error(
            request, _("Berkas bermasalah: tidak ada yang diubah. Lihat laporan per baris.")
        )
    return redirect("insurer:detail", batch_id=received.batch.pk)


@require_POST
def response_upload(request: HttpRequest) -> HttpResponse:
    if denied := _check(request, UPLOAD_ROLES):
        return denied
    return _upload(
        request, "response_form", ResponseForm(request.POST, request.FILES, user=request.user)
    )


@require_POST
def roster_upload(request: HttpRequest) -> HttpResponse:
    if denied := _check(request, UPLOAD_ROLES):
        return denied
    return _upload(request, "roster_form", RosterForm(request.POST, request.FILES))


@require_POST
def deaths_upload(request: HttpRequest) -> HttpResponse:
    if denied := _check(request, DEATH_ROLES):
        return denied
    return _upload(request, "deaths_form", DeathsForm(request.POST, request.FILES))


def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    rows = batch.rows.order_by("outcome", "row", "id")
    outcome = request.GET.get("outcome", "")
    if outcome:
        rows = rows.filter(outcome=outcome)
    counts = dict(
        batch.rows.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    confirmable = batch.status == ExchangeBatch.Status.PREVIEW and batch.kind in (
        ExchangeBatch.Kind.REGISTRATION,
        ExchangeBatch.Kind.RESPONSE,
        ExchangeBatch.Kind.DEATHS,
    )
    return render(
        request,
        "insurer/batch_detail.html",
        {
            "batch": batch,
            "counts": [(code, OUTCOME_LABELS.get(code, code), n) for code, n in counts.items()],
            "outcome": outcome,
            "page": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
            "query": f"outcome={outcome}" if outcome else "",
            "labels": OUTCOME_LABELS,
            "can_confirm": confirmable and request.user.role in APPLY_ROLES,
            "has_file": request.user.role in APPLY_ROLES and registration_file(batch) is not None,
            "demo_response": request.user.role in UPLOAD_ROLES and _demo_response_offered(batch),
        },
    )


@require_POST
def batch_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    if denied := _check(request, APPLY_ROLES):
        return denied
    try:
        if batch.kind == ExchangeBatch.Kind.REGISTRATION:
            batch = registration_confirm(actor=request.user, batch=batch)
            messages.success(
                request,
                _("%(n)s peserta didaftarkan ke BPJS. Unduh berkas pendaftarannya.")
                % {"n": batch.summary.get("submitted", 0)},
            )
        elif batch.kind == ExchangeBatch.Kind.DEATHS:
            batch = deaths_apply(actor=request.user, batch=batch)
            messages.success(
                request,
                _(
                    "Data kematian diterapkan: %(p)s orang dicatat meninggal, "
                    "%(e)s kepesertaan berakhir."
                )
                % {"p": batch.summary.get("recorded", 0), "e": batch.summary.get("ended", 0)},
            )
        else:
            batch = response_apply(actor=request.user, batch=batch)
            messages.success(
                request,
                _("Jawaban BPJS diterapkan: %(a)s aktif, %(r)s ditolak.")
                % {"a": batch.summary.get("active", 0), "r": batch.summary.get("rejected", 0)},
            )
    except InsurerError as error:
        messages.error(request, error.message)
    return redirect("insurer:detail", batch_id=batch.pk)


def _audit_download(request: HttpRequest, batch: ExchangeBatch, what: str) -> None:
    audit_record(
        actor=request.user,
        action=f"insurer.download_{what}",
        object_type="insurer.exchangebatch",
        object_id=batch.pk,
        pemda_id=batch.pemda_id,
        ip_address=client_ip(request),
    )


def batch_report(request: HttpRequest, batch_id: int, fmt: str) -> HttpResponse:
    """The per-row result (masked NIK and KPJ) as XLSX or CSV, written when asked."""
    batch = _batch_or_404(request, batch_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Data tidak ditemukan."))
    folder = Path(tempfile.mkdtemp(prefix="kawal-insurer-"))
    path = folder / f"hasil-{batch.kind}-{batch.pk}.{fmt}"
    write_report(batch, path)
    _audit_download(request, batch, "report")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


def batch_file(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The registration file as sent (full NIKs: the insurer needs them): Dinas admin only."""
    batch = _batch_or_404(request, batch_id)
    if denied := _check(request, APPLY_ROLES):
        return denied
    path = registration_file(batch)
    if path is None:
        raise Http404(_("Data tidak ditemukan."))
    _audit_download(request, batch, "registration_file")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


def batch_demo_response(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The demo's simulated BPJS answer to a sent registration batch (full NIKs: audited)."""
    batch = _batch_or_404(request, batch_id)
    if denied := _check(request, UPLOAD_ROLES):
        return denied
    if not _demo_response_offered(batch):
        raise Http404(_("Data tidak ditemukan."))
    _audit_download(request, batch, "demo_response")
    content = simulated_response(batch, today=timezone.localdate())
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jawaban-bpjs-demo-{batch.pk}.csv"'
    return response


def _demo_response_offered(batch: ExchangeBatch) -> bool:
    """Only in the demo (its data folder holds the demo files), for a sent registration."""
    return (
        batch.kind == ExchangeBatch.Kind.REGISTRATION
        and batch.status == ExchangeBatch.Status.APPLIED
        and demo_file_path().exists()
    )
