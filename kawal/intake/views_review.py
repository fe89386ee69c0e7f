"""The review queue: held rows beside their candidate, with the evidence; decide or undo."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from kawal.domain.nik import mask_nik
from kawal.intake.models import ReviewItem
from kawal.intake.review import (
    ReviewError,
    evidence_rows,
    review_different,
    review_reject,
    review_same,
    review_undo,
    reviewable,
)

_ACTIONS = {
    "same": review_same,
    "different": review_different,
    "reject": review_reject,
    "undo": review_undo,
}
#: Human labels of the comparisons and their levels (model labels are technical).
COMPARISON_LABELS = {
    "nik_rs": _lazy("NIK (kecamatan + nomor urut)"),
    "name": _lazy("Nama"),
    "dob": _lazy("Tanggal lahir"),
    "sex": _lazy("Jenis kelamin"),
    "birth_place": _lazy("Tempat lahir"),
    "mother": _lazy("Nama ibu kandung"),
    "village": _lazy("Desa/kelurahan"),
    "phone": _lazy("Nomor HP"),
}


def _level_label(label: str) -> str:
    if label == "exact":
        return _("sama persis")
    if label in ("null", ""):
        return _("tidak ada data")
    if label == "else":
        return _("berbeda")
    if label.startswith("jw>="):
        return _("mirip")
    return {
        "one edit": _("beda satu digit/tertukar"),
        "same words": _("kata sama, urutan beda"),
        "day and month swapped": _("hari dan bulan tertukar"),
        "one digit": _("beda satu digit"),
        "same year": _("tahun sama"),
        "same kecamatan": _("kecamatan sama"),
    }.get(label, label)


def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "pending")
    items = ReviewItem.objects.filter(reviewable(request.user)).select_related("job", "candidate")
    if status in ReviewItem.Status.values:
        items = items.filter(status=status)
    job = request.GET.get("job", "")
    if job.isdigit():
        items = items.filter(job_id=int(job))
    page = Paginator(items.order_by("-score", "pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/review_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": ReviewItem.Status.choices,
            "query": f"status={status}&job={job}",
        },
    )


def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = (
        ReviewItem.objects.filter(reviewable(request.user), pk=item_id)
        .select_related("job", "candidate", "candidate__domicile_village", "person")
        .first()
    )
    if item is None:
        raise Http404(_("Data tidak ditemukan."))
    record = item.record
    candidate = item.candidate
    same_nik = record.get("nik") == candidate.nik
    evidence = [
        (COMPARISON_LABELS.get(name, name), _level_label(label))
        for name, label in evidence_rows(item)
    ]
    return render(
        request,
        "intake/review_item.html",
        {
            "item": item,
            "record": record,
            "candidate": candidate,
            "record_nik": mask_nik(record.get("nik") or ""),
            "candidate_nik": mask_nik(candidate.nik),
            "same_nik": same_nik,
            "evidence": evidence,
            "members": item.evidence.get("members") or [item.row],
            "probability": item.evidence.get("probability"),
        },
    )


@require_POST
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")[:500]
    if action not in _ACTIONS:
        raise Http404(_("Data tidak ditemukan."))
    if action == "undo" and not reason.strip():
        messages.error(request, _("Tuliskan alasan pembatalan."))
        return redirect("intake:review_item", item_id=item_id)
    try:
        _ACTIONS[action](actor=request.user, item_id=item_id, reason=reason)
    except ReviewError as error:
        messages.error(request, str(error))
        return redirect("intake:review_item", item_id=item_id)
    messages.success(
        request,
        _("Keputusan disimpan.")
        if action != "undo"
        else _("Keputusan dibatalkan; item kembali ke antrean."),
    )
    if action == "undo":
        return redirect("intake:review_item", item_id=item_id)
    following = (
        ReviewItem.objects.filter(reviewable(request.user), status=ReviewItem.Status.PENDING)
        .order_by("-score", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if following:
        return redirect("intake:review_item", item_id=following)
    return redirect("intake:review_queue")
