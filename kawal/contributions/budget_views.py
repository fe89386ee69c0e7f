"""Download of the budget proposal (RKA-style) as XLSX or PDF, for the Dinas admin and finance."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import User
from kawal.contributions import selectors
from kawal.contributions.models import BudgetStage
from kawal.contributions.proposal import budget_proposal
from kawal.contributions.proposal_export import proposal_pdf, proposal_xlsx
from kawal.contributions.services import budget_proposal_export_record

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def can_export(user: User) -> bool:
    """The proposal is the Dinas's and finance's document; the auditor and BPJS only read."""
    return selectors.can_write(user)


def budget_proposal_download(request: HttpRequest, kind: str) -> HttpResponse:
    """``?tahun=YYYY&tahapan=murni|perubahan``; default next year's APBD murni (audited)."""
    if not selectors.can_read(request.user) or kind not in CONTENT_TYPES:
        raise Http404(_("Data tidak ditemukan."))
    if not can_export(request.user):
        return HttpResponseForbidden(
            _("Hanya Admin Dinas dan Keuangan yang mengunduh usulan anggaran.")
        )
    try:
        year = int(request.GET.get("tahun") or timezone.localdate().year + 1)
    except ValueError:
        year = 0
    stage = request.GET.get("tahapan") or BudgetStage.MURNI
    if not 2015 <= year <= 2100 or stage not in BudgetStage.values:
        return HttpResponse(
            _("Tahun anggaran (2015–2100) atau tahapan (murni/perubahan) tidak valid."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    proposal = budget_proposal(request.user, year, stage=stage)
    body = proposal_pdf(proposal) if kind == "pdf" else proposal_xlsx(proposal)
    budget_proposal_export_record(
        actor=request.user,
        fiscal_year=year,
        stage=stage,
        kind=kind,
        total=proposal.total,
        rows=len(proposal.rows),
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    name = f"usulan-rka-iuran-{year}-{stage}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
