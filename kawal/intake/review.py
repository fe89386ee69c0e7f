"""Review-queue decisions: same person, different person, reject the row, and undo.

Each decision is atomic and audited, updates the outcomes of every row it covers (the held
row and its in-file duplicates), and is remembered as a :class:`MatchDecision` so the next
import of the same NIK against the same person needs no one. Undo removes exactly what the
decision wrote (found by the job and row provenance) and puts the item back in the queue.
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import User
from kawal.accounts.scope import person_scope
from kawal.accounts.services import audit_record
from kawal.intake.commit import attach_rows, create_people
from kawal.intake.models import ImportJob, MatchDecision, ReviewItem, RowOutcome
from kawal.registry.models import Person, PovertyRecord, SegmentMembership

_RECORD_TYPES: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "desil": pl.Int64(),
    "wage": pl.Int64(),
    "birth_date": pl.Date(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
}


class ReviewError(Exception):
    """A decision that cannot be taken (Indonesian message)."""


def reviewable(user: User) -> Q:
    """Review items the user may see and decide: candidates inside the user's scope."""
    scope = person_scope(user)
    allowed = Person.objects.filter(scope).values("pk")
    return Q(job__pemda_id=user.pemda_id, candidate__in=allowed)


def _item(actor: User, item_id: int) -> ReviewItem:
    if not actor.can_write:
        raise ReviewError(_("Peran Anda tidak boleh memutuskan antrean tinjauan."))
    item = (
        ReviewItem.objects.select_for_update()
        .select_related("job")
        .filter(reviewable(actor), pk=item_id)
        .first()
    )
    if item is None:
        raise ReviewError(_("Data tidak ditemukan."))
    return item


def _members(item: ReviewItem) -> list[int]:
    return list(item.evidence.get("members") or [item.row])


def _record_frame(item: ReviewItem, members: list[int]) -> pl.DataFrame:
    record = dict(item.record)
    frame = pl.DataFrame([{**record, "row": row} for row in members], infer_schema_length=None)
    return frame.with_columns(
        pl.col(name).cast(pl.String).str.to_date(strict=False)
        if dtype == pl.Date()
        else pl.col(name).cast(dtype, strict=False)
        for name, dtype in _RECORD_TYPES.items()
        if name in frame.columns
    )


def _set_outcomes(
    job: ImportJob, members: list[int], status: str, person_id: int | None, reason: str
) -> None:
    leader, rest = members[0], members[1:]
    RowOutcome.objects.filter(job=job, row=leader).update(
        status=status, person_id=person_id, reasons=reason
    )
    if rest:
        follower = "duplicate" if status in ("linked", "created") else status
        RowOutcome.objects.filter(job=job, row__in=rest).update(
            status=follower, person_id=person_id, reasons=reason
        )


def _close(item: ReviewItem, actor: User, status: str, person: Person | None, reason: str) -> None:
    item.status, item.person = status, person
    item.decided_by, item.decided_at = actor, timezone.now()
    item.save(update_fields=["status", "person", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=f"intake.review_{status}",
        object_type="intake.reviewitem",
        object_id=item.pk,
        pemda_id=item.job.pemda_id,
        changes={
            "status": ["pending", status],
            "person": [item.candidate_id, person.pk if person else None],
        },
        reason=reason,
    )


@transaction.atomic
def review_same(*, actor: User, item_id: int, reason: str = "") -> ReviewItem:
    """The held row is the candidate: attach it (and its in-file duplicates) to them."""
    item = _item(actor, item_id)
    if item.status != ReviewItem.Status.PENDING:
        raise ReviewError(_("Item ini sudah diputuskan."))
    members = _members(item)
    rows = _record_frame(item, members).with_columns(person=pl.lit(item.candidate_id, pl.Int64))
    attach_rows(item.job, rows, timezone.now())
    _set_outcomes(item.job, members, "linked", item.candidate_id, "LINK_DECISION")
    MatchDecision.objects.create(
        pemda_id=item.job.pemda_id,
        record_key=item.record_key,
        person_id=item.candidate_id,
        same=True,
        decided_by=actor,
        review_item=item,
    )
    _close(item, actor, ReviewItem.Status.SAME, item.candidate, reason)
    return item


@transaction.atomic
def review_different(
    *, actor: User, item_id: int, reason: str = "", today: date | None = None
) -> ReviewItem:
    """The held row is someone else: register them as a new person."""
    item = _item(actor, item_id)
    if item.status != ReviewItem.Status.PENDING:
        raise ReviewError(_("Item ini sudah diputuskan."))
    if Person.objects.filter(nik=item.record_key).exists():
        raise ReviewError(
            _(
                "NIK baris ini sudah dipakai orang lain di registri. Pilih "
                "'orang yang sama' atau tolak barisnya."
            )
        )
    if not item.record.get("village_code"):
        raise ReviewError(
            _(
                "Desa/kelurahan baris ini tidak dikenali; orang baru tidak dapat "
                "didaftarkan. Tolak barisnya dan perbaiki berkasnya."
            )
        )
    members = _members(item)
    rows = _record_frame(item, members)
    created = create_people(
        item.job,
        rows.head(1).with_columns(cluster=pl.lit(1, pl.Int64)),
        timezone.now(),
        today or timezone.localdate(),
    )
    person_id = int(created.get_column("person")[0])
    attach_rows(item.job, rows.with_columns(person=pl.lit(person_id, pl.Int64)), timezone.now())
    _set_outcomes(item.job, members, "created", person_id, "LINK_DECISION")
    MatchDecision.objects.create(
        pemda_id=item.job.pemda_id,
        record_key=item.record_key,
        person_id=item.candidate_id,
        same=False,
        decided_by=actor,
        review_item=item,
    )
    _close(item, actor, ReviewItem.Status.DIFFERENT, Person.objects.get(pk=person_id), reason)
    return item


@transaction.atomic
def review_reject(*, actor: User, item_id: int, reason: str = "") -> ReviewItem:
    """Neither: the row is refused (e.g. a NIK typed for the wrong person)."""
    item = _item(actor, item_id)
    if item.status != ReviewItem.Status.PENDING:
        raise ReviewError(_("Item ini sudah diputuskan."))
    _set_outcomes(item.job, _members(item), "invalid", None, "REVIEW_REJECTED")
    _close(item, actor, ReviewItem.Status.REJECTED, None, reason)
    return item


@transaction.atomic
def review_undo(*, actor: User, item_id: int, reason: str) -> ReviewItem:
    """Undo a decision: remove what it wrote, forget the verdict, queue the item again."""
    item = _item(actor, item_id)
    if item.status == ReviewItem.Status.PENDING:
        raise ReviewError(_("Item ini belum diputuskan."))
    members = _members(item)
    provenance = {"import_job": item.job, "import_row__in": members}
    SegmentMembership.objects.filter(**provenance).delete()
    PovertyRecord.objects.filter(**provenance).delete()
    if item.status == ReviewItem.Status.DIFFERENT and item.person_id:
        person = Person.objects.get(pk=item.person_id)
        if person.segments.exists() or person.poverty_records.exists():
            raise ReviewError(
                _(
                    "Orang yang dibuat oleh keputusan ini sudah punya data lain; "
                    "keputusan tidak dapat dibatalkan."
                )
            )
        RowOutcome.objects.filter(person=person).update(person=None)
        person.delete()
    MatchDecision.objects.filter(review_item=item, undone_at__isnull=True).update(
        undone_at=timezone.now()
    )
    _set_outcomes(item.job, members, "review", None, "LINK_REVIEW")
    previous = item.status
    item.status, item.person, item.decided_by, item.decided_at = "pending", None, None, None
    item.save(update_fields=["status", "person", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="intake.review_undo",
        object_type="intake.reviewitem",
        object_id=item.pk,
        pemda_id=item.job.pemda_id,
        changes={"status": [previous, "pending"]},
        reason=reason,
    )
    return item


def evidence_rows(item: ReviewItem) -> list[tuple[str, str]]:
    """(comparison, level label) pairs of the item's evidence, in model order."""
    evidence = item.evidence if isinstance(item.evidence, dict) else json.loads(item.evidence)
    skip = {"members", "probability"}
    return [(name, str(label)) for name, label in evidence.items() if name not in skip]
