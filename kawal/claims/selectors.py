"""Reads of the claims app, always scoped by the user's pemda, region and role."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from kawal.accounts.models import User
from kawal.accounts.scope import NOTHING, person_scope
from kawal.claims.models import Claim
from kawal.registry.models import Person

#: Every role reads claims in its own scope (finance and the auditor too: they report on them).


@dataclass(frozen=True)
class ClaimFilters:
    status: str = ""
    covered: str = ""  # "", "yes", "no"
    district: str = ""
    kind: str = ""


def claims_visible(user: User) -> QuerySet[Claim]:
    scope = person_scope(user)
    if scope == NOTHING:
        return Claim.objects.none()
    return Claim.objects.filter(
        pemda_id=user.pemda_id, person__in=Person.objects.filter(scope).values("pk")
    )


def claim_search(user: User, filters: ClaimFilters) -> QuerySet[Claim]:
    qs = claims_visible(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.covered in ("yes", "no"):
        qs = qs.filter(covered=filters.covered == "yes")
    if filters.district:
        qs = qs.filter(person__domicile_village__parent_id=filters.district)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.select_related("person__domicile_village__parent", "handler").order_by(
        "-event_date", "-id"
    )


def claim_totals(qs: QuerySet[Claim]) -> dict[str, int]:
    """Counts and amounts of a claim list (one grouped query)."""
    row = qs.order_by().aggregate(
        n=Count("id"),
        benefit=Sum("benefit_total"),
        paid=Sum("paid_amount"),
    )
    return {k: int(v or 0) for k, v in row.items()}


def person_candidates(user: User, q: str, limit: int = 15) -> list[Person]:
    """People in scope matching a NIK prefix or name, for the report form's picker."""
    from kawal.registry.selectors import PersonFilters, person_search

    if len(q.strip()) < 3:
        return []
    return list(person_search(user, PersonFilters(q=q))[:limit])
