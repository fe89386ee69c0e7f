"""Row scope by role and region: the one place that decides which people a user may see.

Every selector that reads personal data filters with :func:`person_scope`; templates never decide.
"""

from __future__ import annotations

from django.db.models import Q

from kawal.accounts.models import Role, User

NOTHING = Q(pk__in=[])


def person_scope(user: User) -> Q:
    """A filter on ``registry.Person`` limiting rows to the user's role scope.

    A village operator sees residents of one desa/kelurahan, a kecamatan verifier residents of
    one kecamatan, and the pemda-wide roles (Dinas, finance, insurer liaison, auditor) the pemda's
    registry. A user without a role sees nobody, superuser or not.
    """
    if not user.is_authenticated or not user.role or user.pemda_id is None:
        return NOTHING
    in_pemda = Q(pemda_id=user.pemda_id)
    if user.role == Role.VILLAGE_OPERATOR:
        return in_pemda & Q(domicile_village_id=user.scope_region_id)
    if user.role == Role.DISTRICT_VERIFIER:
        return in_pemda & Q(domicile_village__parent_id=user.scope_region_id)
    return in_pemda


def region_scope(user: User) -> Q:
    """A filter on ``regions.Region`` (villages) the user may assign people to or browse."""
    if not user.is_authenticated or not user.role or user.pemda_id is None:
        return NOTHING
    if user.role == Role.VILLAGE_OPERATOR:
        return Q(code=user.scope_region_id)
    if user.role == Role.DISTRICT_VERIFIER:
        return Q(parent_id=user.scope_region_id)
    return Q(code__startswith=user.pemda.region_id)
