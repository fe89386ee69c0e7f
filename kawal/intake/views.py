"""Import pages: upload, job list, live progress, report downloads, templates."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kawal.accounts.models import Role, User
from kawal.accounts.services import audit_record, client_ip
from kawal.demo.intake_seed import DEMO_FILE_NAME, demo_file_path
from kawal.intake import files
from kawal.intake.forms import UploadForm
from kawal.intake.models import ImportJob, ReviewItem
from kawal.intake.services import IntakeError, job_enqueue, job_submit
from kawal.intake.templates_xlsx import template_workbook

PAGE_SIZE = 20


def jobs_visible(user: User) -> Q:
    """Village operators and verifiers see their own uploads; pemda-wide roles all of it."""
    if not user.is_authenticated or user.pemda_id is None:
        return Q(pk__in=[])
    if user.role in (Role.VILLAGE_OPERATOR, Role.DISTRICT_VERIFIER):
        return Q(pemda_id=user.pemda_id, uploaded_by=user)
    return Q(pemda_id=user.pemda_id)


def _job_or_404(request: HttpRequest, job_id: int) -> ImportJob:
    job = ImportJob.objects.filter(jobs_visible(request.user), pk=job_id).first()
    if job is None:
        raise Http404(_("Data tidak ditemukan."))
    return job


def job_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if not request.user.can_write:
            return HttpResponseForbidden(_("Peran Anda tidak boleh mengimpor data."))
        if form.is_valid():
            return _submit(request, form)
    jobs = ImportJob.objects.filter(jobs_visible(request.user)).select_related("uploaded_by")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/job_list.html",
        {"form": form, "page": page, "query": "", "demo_file": _demo_file(request.user)},
    )


def _demo_file(user: User) -> str:
    """The link to the demo's village file, for users who can import, where the demo wrote it."""
    return reverse("intake:demo_file") if user.can_write and demo_file_path().exists() else ""


def demo_file_download(request: HttpRequest) -> HttpResponse:
    """The demo's messy 5,000-row village proposal, to try an import with (audited)."""
    if not request.user.can_write:
        return HttpResponseForbidden(_("Peran Anda tidak boleh mengimpor data."))
    path = demo_file_path()
    if not path.exists():
        raise Http404(_("Data tidak ditemukan."))
    audit_record(
        actor=request.user,
        action="intake.demo_download",
        object_type="intake.demofile",
        object_id=DEMO_FILE_NAME,
        pemda_id=request.user.pemda_id,
        ip_address=client_ip(request),
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=DEMO_FILE_NAME)


def _submit(request: HttpRequest, form: UploadForm) -> HttpResponse:
    upload = form.cleaned_data["file"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            submitted = job_submit(
                actor=request.user,
                path=path,
                file_name=upload.name,
                source=form.cleaned_data["source"],
                preset=form.cleaned_data.get("preset"),
                data_period=form.cleaned_data.get("data_period"),
            )
        except IntakeError as error:
            form.add_error("file", str(error))
            jobs = ImportJob.objects.filter(jobs_visible(request.user))
            page = Paginator(jobs, PAGE_SIZE).get_page(1)
            return render(request, "intake/job_list.html", {"form": form, "page": page}, status=400)
    if submitted.job.status == ImportJob.Status.MAPPING:  # new, or the same file waiting
        messages.warning(
            request, _("Berkas diterima, tetapi kolomnya perlu dipetakan dulu sebelum diproses.")
        )
        return redirect("intake:mapping", job_id=submitted.job.pk)
    if submitted.created:
        job_enqueue(submitted.job)
        messages.success(request, _("Berkas diterima dan sedang diproses."))
    else:
        messages.info(request, _("Berkas yang sama sudah pernah diunggah; tidak diimpor lagi."))
    return redirect("intake:detail", job_id=submitted.job.pk)


def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    return render(request, "intake/job_detail.html", _detail_context(job))


def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress card alone, polled by the page while the job runs."""
    job = _job_or_404(request, job_id)
    response = render(request, "intake/_job_progress.html", _detail_context(job))
    if job.is_finished:
        response["HX-Refresh"] = "true"  # swap in the whole page with the report once
    return response


def _detail_context(job: ImportJob) -> dict[str, object]:
    summary = job.summary or {}
    reasons = sorted((summary.get("invalid_by_reason") or {}).items(), key=lambda kv: -kv[1])
    pending = ReviewItem.objects.filter(job=job, status=ReviewItem.Status.PENDING).count()
    return {
        "job": job,
        "summary": summary,
        "reasons": reasons,
        "pending": pending,
        "downloads": [
            k
            for k in ("xlsx", "csv", "rows")
            if job.status == "done" and files.report_path(job, k).exists()
        ],
    }


def job_download(request: HttpRequest, job_id: int, kind: str) -> FileResponse:
    job = _job_or_404(request, job_id)
    if kind not in ("xlsx", "csv", "rows"):
        raise Http404(_("Data tidak ditemukan."))
    path = files.report_path(job, kind)
    if not path.exists():
        raise Http404(_("Laporan belum tersedia."))
    audit_record(
        actor=request.user,
        action="intake.report_download",
        object_type="intake.importjob",
        object_id=job.pk,
        pemda_id=job.pemda_id,
        changes={"kind": [None, kind]},
        ip_address=client_ip(request),
    )
    stem = Path(job.file_name).stem
    name = {
        "xlsx": f"laporan-{stem}.xlsx",
        "csv": f"laporan-{stem}.csv",
        "rows": f"baris-{stem}.csv",
    }[kind]
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


def template_download(request: HttpRequest, source: str) -> HttpResponse:
    try:
        content = template_workbook(source)
    except ValueError as error:
        raise Http404(_("Data tidak ditemukan.")) from error
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="templat-{source}.xlsx"'
    return response


@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    if not request.user.can_write or job.status != ImportJob.Status.FAILED:
        return HttpResponseForbidden(_("Job ini tidak dapat dijalankan ulang."))
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.FAILED).update(
        status=ImportJob.Status.QUEUED, phase=ImportJob.Phase.WAITING, progress=0
    )
    if updated:
        job_enqueue(job)
    return redirect("intake:detail", job_id=job.pk)
