"""Regulations in force and programme innovations: who may read and write them, and the writes.

Also the audit row of every report download (:func:`report_export_record`).

The Dinas admin enters them; the auditor reads them (and the reports that list them). Every
write is atomic and audited with ``{field: [before, after]}``. Reads are scoped to the user's
pemda: another pemda's regulation is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from kawal.accounts.models import Role, User
from kawal.accounts.services import audit_record
from kawal.reports.models import ProgrammeInnovation, Regulation, RegulationKind

#: Roles that open the Inpres report, the award dossier and the regulations. There is no
#: "Bupati's office" role in :class:`kawal.accounts.models.Role`; its staff use an auditor login
#: (read-only) until one exists.
REPORT_ROLES = frozenset({Role.DINAS_ADMIN, Role.AUDITOR, Role.BUPATI_OFFICE})
EDIT_ROLES = frozenset({Role.DINAS_ADMIN})

REGULATION_FIELDS = ("kind", "number", "title", "signed_on", "in_force_from", "in_force_to", "note")
INNOVATION_FIELDS = ("year", "title", "description")


class RegulationError(ValueError):
    """A regulation or innovation that cannot be saved; the message is Indonesian."""


def can_read_reports(user: User) -> bool:
    return user.is_authenticated and user.role in REPORT_ROLES and user.pemda_id is not None


def can_edit_regulations(user: User) -> bool:
    return can_read_reports(user) and user.role in EDIT_ROLES


def regulations_for(user: User) -> QuerySet[Regulation]:
    if not can_read_reports(user):
        return Regulation.objects.none()
    return Regulation.objects.filter(pemda_id=user.pemda_id)


def innovations_for(user: User) -> QuerySet[ProgrammeInnovation]:
    if not can_read_reports(user):
        return ProgrammeInnovation.objects.none()
    return ProgrammeInnovation.objects.filter(pemda_id=user.pemda_id)


def in_force_between(
    regulations: QuerySet[Regulation], first: date, last: date
) -> list[Regulation]:
    """Regulations in force on at least one day of ``first``…``last`` (both included)."""
    return list(
        regulations.filter(in_force_from__lte=last)
        .filter(Q(in_force_to__isnull=True) | Q(in_force_to__gte=first))
        .order_by("in_force_from", "id")
    )


@dataclass(frozen=True)
class RegulationData:
    kind: str
    number: str
    title: str
    signed_on: date
    in_force_from: date
    in_force_to: date | None = None
    note: str = ""


def _check_regulation(data: RegulationData) -> None:
    if data.kind not in RegulationKind.values:
        raise RegulationError(f"Jenis regulasi {data.kind!r} tidak dikenal.")
    if not data.number.strip():
        raise RegulationError("Nomor regulasi wajib diisi.")
    if not data.title.strip():
        raise RegulationError("Judul regulasi wajib diisi.")
    if data.in_force_to is not None and data.in_force_to < data.in_force_from:
        raise RegulationError("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai berlaku.")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def regulation_save(
    *, actor: User, data: RegulationData, regulation: Regulation | None = None
) -> Regulation:
    """Add a regulation (``regulation`` None) or change one of the actor's pemda; audited."""
    if not can_edit_regulations(actor):
        raise RegulationError("Hanya Admin Dinas yang mencatat regulasi.")
    _check_regulation(data)
    with transaction.atomic():
        if regulation is None:
            target = Regulation(pemda_id=actor.pemda_id, created_by=actor)
            before = dict.fromkeys(REGULATION_FIELDS)
        else:
            target = Regulation.objects.select_for_update().get(
                pk=regulation.pk, pemda_id=actor.pemda_id
            )
            before = {f: getattr(target, f) for f in REGULATION_FIELDS}
        duplicate = Regulation.objects.filter(
            pemda_id=actor.pemda_id, kind=data.kind, number=data.number.strip()
        ).exclude(pk=target.pk)
        if duplicate.exists():
            raise RegulationError(
                f"Regulasi {RegulationKind(data.kind).label} nomor {data.number.strip()} "
                "sudah tercatat."
            )
        for name in REGULATION_FIELDS:
            value = getattr(data, name)
            setattr(target, name, value.strip() if isinstance(value, str) else value)
        target.save()
        changes = {
            f: [_jsonable(before[f]), _jsonable(getattr(target, f))]
            for f in REGULATION_FIELDS
            if before[f] != getattr(target, f)
        }
        audit_record(
            actor=actor,
            action="reports.regulation_add" if regulation is None else "reports.regulation_change",
            object_type="reports.regulation",
            object_id=target.pk,
            pemda_id=actor.pemda_id,
            changes=changes,
        )
    return target


def innovation_save(
    *,
    actor: User,
    year: int,
    title: str,
    description: str,
    innovation: ProgrammeInnovation | None = None,
) -> ProgrammeInnovation:
    """Add or change a programme innovation of the actor's pemda; audited."""
    if not can_edit_regulations(actor):
        raise RegulationError("Hanya Admin Dinas yang mencatat inovasi program.")
    if not 2015 <= year <= 2100:
        raise RegulationError("Tahun inovasi harus antara 2015 dan 2100.")
    if not title.strip() or not description.strip():
        raise RegulationError("Judul dan uraian inovasi wajib diisi.")
    with transaction.atomic():
        if innovation is None:
            target = ProgrammeInnovation(pemda_id=actor.pemda_id, created_by=actor)
            before = dict.fromkeys(INNOVATION_FIELDS)
        else:
            target = ProgrammeInnovation.objects.select_for_update().get(
                pk=innovation.pk, pemda_id=actor.pemda_id
            )
            before = {f: getattr(target, f) for f in INNOVATION_FIELDS}
        target.year, target.title, target.description = year, title.strip(), description.strip()
        target.save()
        audit_record(
            actor=actor,
            action="reports.innovation_add" if innovation is None else "reports.innovation_change",
            object_type="reports.innovation",
            object_id=target.pk,
            pemda_id=actor.pemda_id,
            changes={
                f: [before[f], getattr(target, f)]
                for f in INNOVATION_FIELDS
                if before[f] != getattr(target, f)
            },
        )
    return target


def report_export_record(*, actor: User, document: str, kind: str, details: dict[str, Any]) -> None:
    """Audit one download of the Inpres report or the award dossier (figures, not names)."""
    audit_record(
        actor=actor,
        action=f"reports.{document}_export",
        object_type=f"reports.{document}",
        object_id=str(details.get("semester") or details.get("as_of") or ""),
        pemda_id=actor.pemda_id,
        changes={"export": [None, {"format": kind, **details}]},
    )
