"""Reads of the audit log, for the roles that oversee the registry."""

from __future__ import annotations

from django.db.models import QuerySet

from kawal.accounts.models import AuditEvent, Role, User

AUDIT_READERS = frozenset({Role.AUDITOR, Role.DINAS_ADMIN})


def can_read_audit(user: User) -> bool:
    return user.is_authenticated and user.role in AUDIT_READERS and user.pemda_id is not None


def audit_events_visible(user: User, *, action: str = "", actor: str = "") -> QuerySet[AuditEvent]:
    """Audit rows of the user's pemda (and its users' sign-in failures), newest first."""
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(pemda_id=user.pemda_id).select_related("actor")
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor__username=actor)
    return events
