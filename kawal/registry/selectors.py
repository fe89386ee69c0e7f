"""Reads of the registry, always scoped by the requesting user's role and region."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from kawal.accounts.models import AuditEvent, User
from kawal.accounts.scope import person_scope
from kawal.domain.names import name_key
from kawal.domain.nik import normalise_nik
from kawal.registry.models import Person, PovertyRecord


@dataclass(frozen=True, kw_only=True)
class PersonFilters:
    q: str = ""
    segment: str = ""
    district: str = ""
    village: str = ""
    sex: str = ""


def persons_visible(user: User) -> QuerySet[Person]:
    """Every person the user may see, nothing more."""
    return Person.objects.filter(person_scope(user))


def person_search(user: User, filters: PersonFilters) -> QuerySet[Person]:
    """Search by NIK (whole or leading digits) or by name, tolerant of spelling variants."""
    qs = persons_visible(user)
    query = filters.q.strip()
    digits = normalise_nik(query)
    if query and digits.isdigit() and len(digits) >= 6:
        qs = qs.filter(nik=digits) if len(digits) == 16 else qs.filter(nik__startswith=digits)
    elif query:
        for token in name_key(query).split():
            qs = qs.filter(name_key__contains=token)
    if filters.segment:
        qs = qs.filter(segments__segment=filters.segment).distinct()
    if filters.village:
        qs = qs.filter(domicile_village_id=filters.village)
    elif filters.district:
        qs = qs.filter(domicile_village__parent_id=filters.district)
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    latest = PovertyRecord.objects.filter(person=OuterRef("pk")).order_by("-period", "-id")
    return qs.select_related("domicile_village__parent").annotate(
        latest_desil=Subquery(latest.values("desil")[:1])
    )


def person_get(user: User, person_id: int) -> Person | None:
    """One person if the user's scope reaches them; ``None`` otherwise (same as not existing)."""
    return (
        persons_visible(user)
        .select_related("domicile_village__parent", "pemda", "created_by")
        .filter(pk=person_id)
        .first()
    )


def person_history(person: Person) -> QuerySet[AuditEvent]:
    """The audit trail of one person; obtain ``person`` through :func:`person_get` first."""
    return AuditEvent.objects.filter(object_type="person", object_id=str(person.pk)).select_related(
        "actor"
    )
