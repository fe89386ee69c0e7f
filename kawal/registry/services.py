"""Writes to the registry: keyword-only, atomic, audited, scoped to the acting user."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import User
from kawal.accounts.scope import person_scope, region_scope
from kawal.accounts.services import audit_record
from kawal.domain.names import name_key, normalise_name
from kawal.domain.nik import check_nik, mask_nik, normalise_nik
from kawal.findings_text import finding_text
from kawal.regions.models import Region
from kawal.regions.selectors import region_codes
from kawal.registry.errors import OutOfScope, RegistryError
from kawal.registry.models import Person, PovertyRecord, SegmentMembership


@dataclass(frozen=True, kw_only=True)
class PersonData:
    """The editable fields of a person, as a form or an import hands them over."""

    nik: str
    full_name: str
    sex: str
    birth_date: date
    domicile_village_id: str
    birth_place: str = ""
    mother_name: str = ""
    marital_status: str = ""
    address: str = ""
    rt: str = ""
    rw: str = ""
    phone: str = ""
    occupation: str = ""
    date_of_death: date | None = None


def _require_writer(actor: User) -> None:
    if not actor.can_write:
        raise OutOfScope(_("Peran Anda tidak boleh mengubah data registri."))


def _village_in_scope(actor: User, village_id: str) -> Region:
    village = (
        Region.objects.filter(region_scope(actor), code=village_id, level=Region.Level.VILLAGE)
        .select_related("parent")
        .first()
    )
    if village is None:
        raise OutOfScope(
            _("Desa/kelurahan ini di luar wilayah kerja Anda."), field="domicile_village"
        )
    return village


def _check_nik_or_raise(data: PersonData) -> str:
    result = check_nik(
        data.nik,
        codes=region_codes(),
        birth_date=data.birth_date,
        sex=data.sex,
        today=timezone.localdate(),
    )
    if not result.valid:
        raise RegistryError(finding_text(result.errors[0]), field="nik")
    return result.nik


def _audit_value(name: str, value: Any) -> Any:
    if name == "nik":
        return mask_nik(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def person_register(*, actor: User, data: PersonData, reason: str = "") -> Person:
    """Create a person in the actor's scope after the NIK rules pass; audit with a masked NIK."""
    _require_writer(actor)
    _village_in_scope(actor, data.domicile_village_id)
    nik = _check_nik_or_raise(data)
    if Person.objects.filter(nik=nik).exists():
        raise RegistryError(_("NIK ini sudah terdaftar di registri."), field="nik")
    values = asdict(data) | {"nik": nik, "full_name": " ".join(data.full_name.split())}
    person = Person(
        **values,
        name_normalised=normalise_name(values["full_name"]),
        name_key=name_key(values["full_name"]),
        pemda_id=actor.pemda_id,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        raise RegistryError(_("NIK ini sudah terdaftar di registri."), field="nik") from exc
    audit_record(
        actor=actor,
        action="person.create",
        object_type="person",
        object_id=person.pk,
        pemda_id=person.pemda_id,
        changes={k: [None, _audit_value(k, v)] for k, v in values.items() if v not in ("", None)},
        reason=reason,
    )
    return person


@transaction.atomic
def person_update(*, actor: User, person_id: int, data: PersonData, reason: str) -> Person:
    """Change a person's fields; the reason is required and the diff is audited."""
    _require_writer(actor)
    if not reason.strip():
        raise RegistryError(_("Alasan perubahan wajib diisi."), field="reason")
    person = Person.objects.select_for_update().filter(person_scope(actor), pk=person_id).first()
    if person is None:
        raise OutOfScope(_("Data orang ini tidak ditemukan di wilayah kerja Anda."))
    _village_in_scope(actor, data.domicile_village_id)
    nik = _check_nik_or_raise(data)
    if nik != person.nik and Person.objects.filter(nik=nik).exists():
        raise RegistryError(_("NIK ini sudah terdaftar di registri."), field="nik")
    new_values = asdict(data) | {"nik": nik, "full_name": " ".join(data.full_name.split())}
    changes = {
        f.name: [_audit_value(f.name, getattr(person, f.name)), _audit_value(f.name, new)]
        for f in fields(PersonData)
        if (new := new_values[f.name]) != getattr(person, f.name)
    }
    if not changes:
        return person
    for name, value in new_values.items():
        setattr(person, name, value)
    person.name_normalised = normalise_name(person.full_name)
    person.name_key = name_key(person.full_name)
    person.version += 1
    person.save()
    audit_record(
        actor=actor,
        action="person.update",
        object_type="person",
        object_id=person.pk,
        pemda_id=person.pemda_id,
        changes=changes,
        reason=reason.strip(),
    )
    return person


@transaction.atomic
def poverty_record_add(
    *, actor: User, person: Person, source: str, desil: int, period: date, reason: str = ""
) -> PovertyRecord:
    """Add a poverty ranking; earlier records stay as history."""
    _require_writer(actor)
    if not Person.objects.filter(person_scope(actor), pk=person.pk).exists():
        raise OutOfScope(_("Data orang ini tidak ditemukan di wilayah kerja Anda."))
    if not 1 <= desil <= 10:
        raise RegistryError(_("Desil harus 1 sampai 10."), field="desil")
    record, created = PovertyRecord.objects.get_or_create(
        person=person,
        source=source,
        period=period,
        defaults={"desil": desil, "recorded_by": actor},
    )
    if not created:
        raise RegistryError(
            _("Data kemiskinan dari sumber dan periode ini sudah tercatat."), field="period"
        )
    audit_record(
        actor=actor,
        action="poverty.add",
        object_type="person",
        object_id=person.pk,
        pemda_id=person.pemda_id,
        changes={"poverty": [None, {"source": source, "desil": desil, "period": str(period)}]},
        reason=reason,
    )
    return record


@transaction.atomic
def segment_add(
    *, actor: User, person: Person, segment: str, reason: str = "", **details: Any
) -> SegmentMembership:
    """Put a person in a segment (non-ASN needs a work unit; ad hoc needs body and period)."""
    _require_writer(actor)
    if not Person.objects.filter(person_scope(actor), pk=person.pk).exists():
        raise OutOfScope(_("Data orang ini tidak ditemukan di wilayah kerja Anda."))
    membership = SegmentMembership(
        person=person, pemda_id=person.pemda_id, segment=segment, **details
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise RegistryError(_("Data segmen tidak lengkap atau tidak sah.")) from exc
    audit_record(
        actor=actor,
        action="segment.add",
        object_type="person",
        object_id=person.pk,
        pemda_id=person.pemda_id,
        changes={"segment": [None, segment]},
        reason=reason,
    )
    return membership


def nik_reveal(*, actor: User, person_id: int, ip_address: str | None = None) -> str:
    """Return a person's full NIK to a permitted role in scope, and log the reveal."""
    if not actor.can_reveal_nik:
        raise OutOfScope(_("Peran Anda tidak boleh membuka NIK lengkap."))
    person = Person.objects.filter(person_scope(actor), pk=person_id).only("nik", "pemda").first()
    if person is None:
        raise OutOfScope(_("Data orang ini tidak ditemukan di wilayah kerja Anda."))
    audit_record(
        actor=actor,
        action="nik.reveal",
        object_type="person",
        object_id=person.pk,
        pemda_id=person.pemda_id,
        ip_address=ip_address,
    )
    return normalise_nik(person.nik)
