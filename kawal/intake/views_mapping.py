"""Column mapping pages: map a job's file columns by hand, and the saved mapping presets."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kawal.accounts.models import Role
from kawal.domain.intake_sources import FIELD_LABELS
from kawal.intake import mapping as services
from kawal.intake.forms_mapping import ColumnMappingForm
from kawal.intake.mapping import (
    MappingError,
    job_columns,
    job_map,
    mappable,
    mapping_errors,
    presets_manageable,
)
from kawal.intake.models import ImportJob, MappingPreset, Source
from kawal.intake.services import job_enqueue
from kawal.intake.views import jobs_visible
from kawal.pipelines.intake.headers import explicit_mapping, field_label, map_headers
from kawal.pipelines.intake.read_common import IntakeFileError


def job_mapping(request: HttpRequest, job_id: int) -> HttpResponse:
    """Choose the field of every column of a job's file; a valid choice queues the job."""
    job = ImportJob.objects.filter(jobs_visible(request.user), pk=job_id).first()
    if job is None:
        raise Http404(_("Data tidak ditemukan."))
    if not request.user.can_write:
        return HttpResponseForbidden(_("Peran Anda tidak boleh mengimpor data."))
    if not mappable(job):
        messages.info(request, _("Job ini tidak sedang menunggu pemetaan kolom."))
        return redirect("intake:detail", job_id=job.pk)
    try:
        file = job_columns(job)
    except (IntakeFileError, FileNotFoundError):
        messages.error(request, _("Berkas job ini tidak dapat dibaca; unggah ulang berkasnya."))
        return redirect("intake:detail", job_id=job.pk)
    suggestion = explicit_mapping(file.columns, file.mapping)
    form = ColumnMappingForm(
        request.POST or None,
        columns=file.columns,
        source=job.source,
        initial_mapping=suggestion,
    )
    if request.method == "POST" and form.is_valid():
        save = form.cleaned_data["save_preset"]
        try:
            job = job_map(
                actor=request.user,
                job=job,
                columns=form.cleaned_data["mapping"],
                preset_name=form.cleaned_data["preset_name"] if save else "",
            )
        except MappingError as error:
            for message in error.errors:
                form.add_error(None, message)
        else:
            job_enqueue(job)
            messages.success(request, _("Pemetaan kolom disimpan; berkas sedang diproses."))
            if save:
                messages.success(request, _("Format kolom disimpan untuk unggahan berikutnya."))
            return redirect("intake:detail", job_id=job.pk)
    if request.method == "POST":
        errors = list(form.non_field_errors())
    else:
        errors = mapping_errors(map_headers(file.columns, source=job.source, preset=suggestion))
    context = {
        "job": job,
        "form": form,
        "rows": [
            (column, field, file.samples.get(column, [])) for column, field in form.column_fields()
        ],
        "errors": errors,
        "doubled": []
        if request.method == "POST"
        else [(field_label(name), cols) for name, cols in file.mapping.duplicates.items()],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/job_mapping.html", context, status=status)


def preset_list(request: HttpRequest) -> HttpResponse:
    """Saved column formats of the user's pemda, per source; delete the ones one manages."""
    user = request.user
    sources = list(Source.choices)
    if user.role == Role.VILLAGE_OPERATOR:
        sources = [(Source.VILLAGE.value, Source.VILLAGE.label)]
    presets = MappingPreset.objects.filter(
        pemda_id=user.pemda_id, source__in=[value for value, _label in sources]
    ).select_related("created_by")
    groups = []
    for value, label in sources:
        items = [
            {
                "preset": preset,
                "columns": [
                    (column, field_label(name) if name in FIELD_LABELS else _("diabaikan"))
                    for column, name in preset.columns.items()
                ],
                "can_delete": presets_manageable(user, preset),
            }
            for preset in presets
            if preset.source == value
        ]
        groups.append({"source": value, "label": label, "items": items})
    return render(request, "intake/presets.html", {"groups": groups})


@require_POST
def preset_delete(request: HttpRequest, preset_id: int) -> HttpResponse:
    preset = MappingPreset.objects.filter(pemda_id=request.user.pemda_id, pk=preset_id).first()
    if preset is None or request.user.pemda_id is None:
        raise Http404(_("Data tidak ditemukan."))
    try:
        services.preset_delete(actor=request.user, preset=preset)
    except MappingError as error:
        return HttpResponseForbidden(str(error))
    messages.success(request, _("Format kolom “%(name)s” dihapus.") % {"name": preset.name})
    return redirect("intake:presets")
