from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _

from kawal.accounts.models import AuditEvent
from kawal.accounts.selectors import audit_events_visible, can_read_audit


def audit_log(request: HttpRequest) -> HttpResponse:
    """The pemda's audit trail: every change, every NIK reveal, filterable by action and user."""
    if not can_read_audit(request.user):
        return HttpResponseForbidden(_("Log audit hanya untuk auditor dan admin Dinas."))
    action = request.GET.get("action", "")[:60]
    actor = request.GET.get("actor", "")[:150]
    events = audit_events_visible(request.user, action=action, actor=actor)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    actions = (
        AuditEvent.objects.filter(pemda_id=request.user.pemda_id)
        .values_list("action", flat=True)
        .distinct()
        .order_by("action")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "action": action,
        "actor": actor,
        "actions": list(actions),
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_log.html", context)
