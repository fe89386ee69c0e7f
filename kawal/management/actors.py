"""Who a command acts as: commands run as a person of the pemda, audited like the pages."""

from __future__ import annotations

from django.core.management.base import CommandError

from kawal.accounts.models import Role, User


def dinas_admin(pemda_id: int, username: str | None) -> User:
    """The active Dinas admin ``username`` of the pemda, or the first one when none is named;
    :class:`CommandError` (Indonesian) when there is none."""
    users = User.objects.filter(pemda_id=pemda_id, role=Role.DINAS_ADMIN, is_active=True)
    if username:
        users = users.filter(username=username)
    actor = users.order_by("id").first()
    if actor is None:
        raise CommandError("Tidak ada Admin Dinas aktif untuk pemda ini (lihat --user).")
    return actor
