"""Writes of the claims app: report an event, documents, heirs, status transitions.

Every write is keyword-only, atomic, scoped to the acting user's region and audited
(``claim.*`` actions on object type ``claims.claim``). Bad input raises :class:`ClaimError`
(Indonesian message, ``field`` names the form field).

Roles:

- report, upload documents, declare heirs: village operator (own desa), kecamatan verifier (own
  kecamatan), Dinas admin — the same roles that may report a death in enrolment;
- submit to BPJS: Dinas admin, insurer liaison;
- record paid or rejected: Dinas admin, insurer liaison, never the user who reported the claim
  (maker-checker);
- assign the handler: Dinas admin.

Documents, heirs and the status transitions are in :mod:`kawal.claims.tracking`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import Role, User
from kawal.accounts.scope import person_scope
from kawal.accounts.services import audit_record
from kawal.claims.benefit import claim_benefit, heir_decision, paid_months_many
from kawal.claims.coverage_check import CoverageVerdict, coverage_many, coverage_on
from kawal.claims.models import (
    Claim,
    ClaimCause,
    ClaimHeir,
    ClaimKind,
    ClaimSource,
    ClaimStatus,
)
from kawal.domain.benefit_tables import LEVELS, BenefitError
from kawal.domain.benefits import death_benefit
from kawal.domain.heirs import RELATIONS
from kawal.domain.nik import mask_nik
from kawal.enrolment.errors import OutOfScope
from kawal.enrolment.life_events import person_death_report
from kawal.registry.errors import RegistryError
from kawal.registry.models import Person

REPORT_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.DISTRICT_VERIFIER, Role.DINAS_ADMIN})
SUBMIT_ROLES = frozenset({Role.DINAS_ADMIN, Role.INSURER_LIAISON})
DECIDE_ROLES = SUBMIT_ROLES
ASSIGN_ROLES = frozenset({Role.DINAS_ADMIN})
HANDLER_ROLES = REPORT_ROLES | SUBMIT_ROLES
ST = ClaimStatus


class ClaimError(RegistryError):
    """A claim write was refused; the message is Indonesian."""


@dataclass(frozen=True)
class HeirInput:
    """One declared relative (the form or the CLI builds these)."""

    name: str
    relation: str
    alive: bool = True
    married: bool = False
    birth_date: date | None = None
    nik: str = ""
    school_level: str = ""
    school_year: int = 1
    working: bool = False


def require_role(actor: User, roles: frozenset[str], message: str) -> None:
    if not actor.is_authenticated or actor.role not in roles or actor.pemda_id is None:
        raise OutOfScope(message)


def claim_for(actor: User, claim_id: int, *, lock: bool = False) -> Claim:
    """The claim if it is in the actor's scope, else :class:`OutOfScope` (a 404 in views)."""
    rows = Claim.objects.filter(
        pk=claim_id,
        pemda_id=actor.pemda_id,
        person__in=Person.objects.filter(person_scope(actor)).values("pk"),
    )
    claim = (rows.select_for_update() if lock else rows.select_related("person")).first()
    if claim is None or not actor.role:
        raise OutOfScope(_("Klaim tidak ditemukan di wilayah kerja Anda."))
    return claim


def _validate(kind: str, cause: str, source: str, event_date: date, today: date) -> None:
    if kind not in ClaimKind.values:
        raise ClaimError(_("Jenis peristiwa tidak dikenal."), field="kind")
    if cause not in ClaimCause.values:
        raise ClaimError(_("Penyebab tidak dikenal."), field="cause")
    if source not in ClaimSource.values:
        raise ClaimError(_("Sumber laporan tidak dikenal."), field="source")
    if kind == ClaimKind.ACCIDENT and cause == ClaimCause.OTHER:
        raise ClaimError(
            _("Kecelakaan yang bukan akibat kerja tidak ditanggung JKK; pilih penyebabnya."),
            field="cause",
        )
    if event_date > today:
        raise ClaimError(_("Tanggal kejadian tidak boleh di masa depan."), field="event_date")


def benefit_fields(
    claim_kind: str,
    verdict: CoverageVerdict,
    event_date: date,
    cause: str,
    heirs: Sequence[ClaimHeir] = (),
) -> tuple[int, dict[str, Any]]:
    """(benefit_total, benefit_breakdown) for the claim."""
    if claim_kind != ClaimKind.DEATH:
        return 0, {
            "programme": verdict.programme,
            "components": [],
            "total": 0,
            "notes": [
                _(
                    "Manfaat kecelakaan kerja (perawatan sesuai kebutuhan medis, santunan tidak "
                    "mampu bekerja) dihitung BPJS dari tagihan dan lama tidak bekerja."
                )
            ],
        }
    try:
        if verdict.covered and verdict.membership is not None:
            benefit, months = claim_benefit(
                membership=verdict.membership,
                event_date=event_date,
                cause=cause,
                programme=verdict.programme,
                heirs=heirs,
            )
            return benefit.total, benefit.to_dict() | {"contribution_months": months}
        # What would have been paid: the argument for next year's budget.
        potential = death_benefit(event_date, cause, "bpu", 0, 0)
        return 0, potential.to_dict() | {"potential": True, "contribution_months": 0}
    except BenefitError as exc:
        return 0, {
            "programme": verdict.programme,
            "components": [],
            "total": 0,
            "notes": [str(exc)],
        }


def heir_rows(claim: Claim, heirs: Sequence[HeirInput]) -> list[ClaimHeir]:
    rows = []
    for line, h in enumerate(heirs, start=1):
        if not h.name.strip():
            raise ClaimError(
                _("Ahli waris baris %(n)d: nama wajib diisi.") % {"n": line}, field="heirs"
            )
        if h.relation not in RELATIONS:
            raise ClaimError(
                _("Ahli waris baris %(n)d: hubungan tidak dikenal.") % {"n": line}, field="heirs"
            )
        if h.school_level and h.school_level not in LEVELS:
            raise ClaimError(
                _("Ahli waris baris %(n)d: jenjang sekolah tidak dikenal.") % {"n": line},
                field="heirs",
            )
        if h.nik and not re.fullmatch(r"\d{16}", h.nik):
            raise ClaimError(
                _("Ahli waris baris %(n)d: NIK harus 16 angka.") % {"n": line}, field="heirs"
            )
        rows.append(
            ClaimHeir(
                claim=claim,
                line=line,
                name=h.name.strip()[:150],
                relation=h.relation,
                alive=h.alive,
                married=h.married,
                birth_date=h.birth_date,
                nik=h.nik,
                school_level=h.school_level,
                school_year=max(1, h.school_year),
                working=h.working,
            )
        )
    if rows:
        decision = heir_decision(rows, claim.event_date)
        receiving = {(r.name.strip(), r.relation) for r in decision.recipients}
        for row in rows:
            row.receives = row.alive and (row.name, row.relation) in receiving
    return rows


def claim_report(
    *,
    actor: User,
    person_id: int,
    kind: str,
    event_date: date,
    cause: str,
    place: str = "",
    source: str = ClaimSource.VILLAGE,
    heirs: Sequence[HeirInput] = (),
    note: str = "",
    today: date | None = None,
) -> Claim:
    """Record an event and answer at once: covered or not (with reasons) and the benefit.

    A death also records the person's date of death, ends the memberships, rejects waiting
    proposals and promotes the reserve (:func:`person_death_report`), in the same transaction.
    """
    require_role(actor, REPORT_ROLES, _("Peran Anda tidak boleh melaporkan peristiwa ini."))
    today = today or timezone.localdate()
    _validate(kind, cause, source, event_date, today)
    with transaction.atomic():
        person = (
            Person.objects.select_for_update().filter(person_scope(actor), pk=person_id).first()
        )
        if person is None:
            raise OutOfScope(_("Data orang ini tidak ditemukan di wilayah kerja Anda."))
        if event_date < person.birth_date:
            raise ClaimError(_("Tanggal kejadian sebelum tanggal lahir."), field="event_date")
        if Claim.objects.filter(person=person, kind=kind, event_date=event_date).exists():
            raise ClaimError(
                _("Peristiwa ini sudah dilaporkan untuk orang yang sama dan tanggal yang sama."),
                field="event_date",
            )
        if kind == ClaimKind.DEATH and person.date_of_death not in (None, event_date):
            raise ClaimError(
                _("Orang ini sudah tercatat meninggal pada %(d)s; periksa tanggalnya.")
                % {"d": person.date_of_death.strftime("%d-%m-%Y")},
                field="event_date",
            )
        # Coverage is judged before the death ends the memberships.
        verdict = coverage_on(person_id=person.pk, event_date=event_date, cause=cause, today=today)
        claim = Claim.objects.create(
            pemda_id=person.pemda_id,
            person=person,
            kind=kind,
            event_date=event_date,
            cause=cause,
            place=place.strip()[:200],
            source=source,
            reported_by=actor,
            covered=verdict.covered,
            programme=verdict.programme,
            membership=verdict.membership,
            coverage_reason=verdict.reason_dicts(),
            deadline=verdict.deadline,
            expired=verdict.expired,
            note=note.strip(),
        )
        declared = heir_rows(claim, heirs)
        ClaimHeir.objects.bulk_create(declared)
        claim.benefit_total, claim.benefit_breakdown = benefit_fields(
            kind, verdict, event_date, cause, declared
        )
        claim.save(update_fields=["benefit_total", "benefit_breakdown"])
        ended = 0
        if kind == ClaimKind.DEATH and person.date_of_death is None:
            ended = person_death_report(
                actor=actor,
                person_id=person.pk,
                date_of_death=event_date,
                reason=_("Laporan klaim #%(n)d") % {"n": claim.pk},
            )
        audit_record(
            actor=actor,
            action="claim.report",
            object_type="claims.claim",
            object_id=claim.pk,
            pemda_id=claim.pemda_id,
            changes={
                "person": [None, mask_nik(person.nik)],
                "kind": [None, kind],
                "event_date": [None, event_date.isoformat()],
                "cause": [None, cause],
                "covered": [None, verdict.covered],
                "reasons": [None, [r.code for r in verdict.reasons]],
                "benefit_total": [None, claim.benefit_total],
                "memberships_ended": [None, ended],
            },
        )
    return claim


def claims_for_deaths(
    *, actor: User | None, pemda_id: int, deaths: dict[int, date], source: str = "dukcapil"
) -> int:
    """Create death claims set-based for persons whose deaths were recorded in bulk.

    For callers such as :func:`kawal.insurer.deaths.deaths_apply` (after the deaths are
    recorded, inside its transaction). The cause is unknown in a death list, so the claims are
    JKM ("other") until an officer corrects them. Persons with a death claim for that date are
    skipped. Returns the claims created. A few queries in all, no query per person.
    """
    if not deaths:
        return 0
    today = timezone.localdate()
    existing = set(
        Claim.objects.filter(person_id__in=list(deaths), kind=ClaimKind.DEATH).values_list(
            "person_id", "event_date"
        )
    )
    todo = {pid: day for pid, day in deaths.items() if (pid, day) not in existing}
    if not todo:
        return 0
    verdicts = coverage_many(todo, cause=ClaimCause.OTHER, today=today)
    months = paid_months_many(todo, "jkm")
    claims = []
    cache: dict[date, Any] = {}
    for pid, day in todo.items():
        verdict = verdicts[pid]
        if day not in cache:
            try:
                cache[day] = death_benefit(day, "other", "bpu", 0, 0)
            except BenefitError:
                cache[day] = None
        benefit = cache[day]
        breakdown: dict[str, Any] = benefit.to_dict() if benefit else {}
        breakdown["contribution_months"] = months.get(pid, 0)
        if not verdict.covered:
            breakdown["potential"] = True
        claims.append(
            Claim(
                pemda_id=pemda_id,
                person_id=pid,
                kind=ClaimKind.DEATH,
                event_date=day,
                cause=ClaimCause.OTHER,
                source=source,
                reported_by=actor,
                covered=verdict.covered,
                programme=verdict.programme,
                membership=verdict.membership,
                coverage_reason=verdict.reason_dicts(),
                deadline=verdict.deadline,
                expired=verdict.expired,
                benefit_total=benefit.total if benefit and verdict.covered else 0,
                benefit_breakdown=breakdown,
                note=_("Dibuat dari data kematian; penyebab belum dipastikan (anggap JKM)."),
            )
        )
    Claim.objects.bulk_create(claims, batch_size=1000)
    audit_record(
        actor=actor,
        action="claim.report_bulk",
        object_type="claims.claim",
        pemda_id=pemda_id,
        changes={
            "claims": [None, len(claims)],
            "covered": [None, sum(1 for c in claims if c.covered)],
        },
    )
    return len(claims)
