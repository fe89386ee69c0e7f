"""Writes for accounts: the audit log, throttled sign-in bookkeeping."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from kawal.accounts.models import AuditEvent, LoginFailure, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: str | int = "",
    pemda_id: int | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    ip_address: str | None = None,
) -> AuditEvent:
    """Write one audit row; ``changes`` is ``{field: [old, new]}`` and carries masked NIKs only."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        pemda_id=pemda_id,
        changes=changes or {},
        reason=reason,
        ip_address=ip_address,
    )


def login_is_locked(*, username: str, ip_address: str | None) -> bool:
    """True when this username has failed too often inside the lockout window."""
    window = timezone.now() - timedelta(minutes=settings.KAWAL_LOGIN_LOCKOUT_MINUTES)
    failures = LoginFailure.objects.filter(username=username.lower(), at__gte=window).count()
    return failures >= settings.KAWAL_LOGIN_MAX_FAILURES


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), ip_address=ip_address)
    pemda_id = (
        User.objects.filter(username__iexact=username).values_list("pemda_id", flat=True).first()
    )
    audit_record(
        actor=None,
        action="login.failed",
        object_type="user",
        object_id=username[:40],
        pemda_id=pemda_id,
        ip_address=ip_address,
    )


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


def client_ip(request: Any) -> str | None:
    """The client address as the server saw it (a proxy must set REMOTE_ADDR correctly)."""
    return request.META.get("REMOTE_ADDR") or None
