"""A job's rows by outcome, and splitting an automatic link that was wrong."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kawal.accounts.scope import person_scope
from kawal.intake.models import RowOutcome, RowStatus
from kawal.intake.unlink import UNLINKABLE, UnlinkError, outcome_unlink
from kawal.intake.views import _job_or_404
from kawal.registry.models import Person

PAGE_SIZE = 50


def job_rows(request: HttpRequest, job_id: int) -> HttpResponse:
    """Rows of a job with one outcome (default: linked), people masked and scoped."""
    job = _job_or_404(request, job_id)
    status = request.GET.get("status", RowStatus.LINKED)
    if status not in RowStatus.values:
        status = RowStatus.LINKED
    visible = Person.objects.filter(person_scope(request.user)).values("pk")
    rows = (
        RowOutcome.objects.filter(job=job, status=status, person__in=visible)
        .select_related("person")
        .order_by("row")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/job_rows.html",
        {
            "job": job,
            "page": page,
            "status": status,
            "statuses": [(s, RowStatus(s).label) for s in ("linked", "duplicate", "created")],
            "can_unlink": request.user.can_write and status in UNLINKABLE,
            "query": f"status={status}",
        },
    )


@require_POST
def row_unlink(request: HttpRequest, job_id: int, outcome_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    if not request.user.can_write:
        return HttpResponseForbidden(_("Peran Anda tidak boleh mengubah hasil impor."))
    outcome = RowOutcome.objects.filter(job=job, pk=outcome_id).first()
    try:
        if outcome is None:
            raise UnlinkError(_("Data tidak ditemukan."))
        person = outcome_unlink(
            actor=request.user, outcome_id=outcome.pk, reason=request.POST.get("reason", "")
        )
    except UnlinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Baris %(row)s dipisahkan dan didaftarkan sebagai orang baru: %(name)s.")
            % {"row": outcome.row, "name": person.full_name},
        )
    status = outcome.status if outcome else RowStatus.LINKED  # the list the user came from
    return redirect(f"{reverse('intake:rows', args=[job.pk])}?status={status}")
