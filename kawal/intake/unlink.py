"""Undo an automatic link: the row was someone else, so it becomes a new person.

The linker links on strong evidence only, but it can be wrong (on the 1M-row benchmark, 70 wrong
pairs in 541,179). A person who sees such a link splits it here: the row's record is rebuilt from
the job's stored file, a new person is registered from it, what the row attached to the wrong
person (its membership or poverty record) moves to the new one, and a "different" decision is
kept so the next import of that NIK does not link them again. Atomic and audited.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import User
from kawal.accounts.scope import person_scope
from kawal.accounts.services import audit_record
from kawal.intake.commit import attach_rows, create_people
from kawal.intake.job_rows import JobFileError, read_job_file, validate_job_rows
from kawal.intake.models import MatchDecision, RowOutcome
from kawal.registry.models import Person, PovertyRecord, SegmentMembership

UNLINKABLE = ("linked", "duplicate")


class UnlinkError(Exception):
    """The link cannot be split (Indonesian message)."""


def _outcome(actor: User, outcome_id: int) -> RowOutcome:
    if not actor.can_write:
        raise UnlinkError(_("Peran Anda tidak boleh mengubah hasil impor."))
    allowed = Person.objects.filter(person_scope(actor)).values("pk")
    outcome = (
        RowOutcome.objects.select_for_update()
        .select_related("job", "job__pemda", "person")
        .filter(pk=outcome_id, job__pemda_id=actor.pemda_id, person__in=allowed)
        .first()
    )
    if outcome is None:
        raise UnlinkError(_("Data tidak ditemukan."))
    if outcome.status not in UNLINKABLE:
        raise UnlinkError(_("Hanya baris yang ditautkan otomatis yang dapat dipisahkan."))
    return outcome


def _row_record(outcome: RowOutcome, today: date) -> pl.DataFrame:
    try:
        read = read_job_file(outcome.job)
    except JobFileError as error:
        raise UnlinkError(error.message) from error
    rows, _findings = validate_job_rows(outcome.job, read, today=today)
    record = rows.filter((pl.col("row") == outcome.row) & pl.col("valid"))
    if record.height != 1:
        raise UnlinkError(_("Baris ini tidak dapat dibaca ulang dari berkas job."))
    return record


@transaction.atomic
def outcome_unlink(
    *, actor: User, outcome_id: int, reason: str, today: date | None = None
) -> Person:
    """Split row ``outcome_id`` from the person it was linked to; returns the new person."""
    if not reason.strip():
        raise UnlinkError(_("Tuliskan alasan pemisahan."))
    outcome = _outcome(actor, outcome_id)
    wrong = outcome.person
    record = _row_record(outcome, today or timezone.localdate())
    nik = record.get_column("nik")[0]
    if nik == wrong.nik:
        raise UnlinkError(
            _(
                "NIK baris ini sama dengan NIK orang tersebut: tautan menurut NIK tidak dapat "
                "dipisahkan. Perbaiki NIK di berkas lalu impor ulang."
            )
        )
    if Person.objects.filter(nik=nik).exists():
        raise UnlinkError(_("NIK baris ini sudah dipakai orang lain di registri."))
    if record.get_column("village_code")[0] is None:
        raise UnlinkError(
            _("Desa/kelurahan baris ini tidak dikenali; orang baru tidak dapat didaftarkan.")
        )
    job, now = outcome.job, timezone.now()
    provenance = {"import_job": job, "import_row": outcome.row, "person": wrong}
    moved = SegmentMembership.objects.filter(**provenance).delete()[0]
    moved += PovertyRecord.objects.filter(**provenance).delete()[0]
    created = create_people(
        job, record.with_columns(cluster=pl.lit(1, pl.Int64)), now, today or timezone.localdate()
    )
    person_id = int(created.get_column("person")[0])
    attach_rows(job, record.with_columns(person=pl.lit(person_id, pl.Int64)), now)
    RowOutcome.objects.filter(pk=outcome.pk).update(
        status="created", person_id=person_id, reasons="LINK_DECISION"
    )
    MatchDecision.objects.create(
        pemda_id=job.pemda_id, record_key=nik, person=wrong, same=False, decided_by=actor
    )
    audit_record(
        actor=actor,
        action="intake.unlink",
        object_type="intake.rowoutcome",
        object_id=outcome.pk,
        pemda_id=job.pemda_id,
        changes={"person": [wrong.pk, person_id], "status": [outcome.status, "created"]},
        reason=reason,
    )
    return Person.objects.get(pk=person_id)
