"""Writes of the insurer exchange: registration batches, and what the incoming files share.

Responses are applied in :mod:`kawal.insurer.response`, rosters reconciled in
:mod:`kawal.insurer.roster`, death extracts in :mod:`kawal.insurer.deaths`. Every exchange is a
preview first (an :class:`ExchangeBatch` with its rows), then applied on confirmation in one
transaction, or rejected as a whole when the file has problems. The insurer is reached only
through :class:`~kawal.insurer.adapters.InsurerAdapter`.

Membership transitions (approved → submitted here, submitted → active / rejected in
:mod:`kawal.insurer.response`) are written set-based and all or nothing: they lock the rows and
refuse the whole file when any member is no longer in the expected status (the enrolment
services' bulk steps skip such rows instead, which is right for a list a person ticked but not for
a file the insurer answered). Both write the same per-person audit events as the enrolment steps.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from kawal.accounts.models import AuditEvent, Role, User
from kawal.accounts.services import audit_record
from kawal.domain.insurer_layouts import (
    Layout,
    default_registration_layout,
    get_layout,
)
from kawal.enrolment.models import Cohort, Membership, MembershipStatus
from kawal.insurer.adapters import FileAdapter, InsurerAdapter
from kawal.insurer.models import ExchangeBatch, ExchangeRow
from kawal.pipelines.insurer import (
    ExchangeFileError,
    check_registration,
    mask_nik_expr,
)
from kawal.pipelines.intake.read import IntakeFileError
from kawal.regions.selectors import region_codes
from kawal.registry.models import SegmentMembership

#: Roles that see the exchange pages and reports.
VIEW_ROLES = frozenset({Role.DINAS_ADMIN, Role.INSURER_LIAISON})
#: Roles that may upload an insurer's file (response or roster) for a preview.
UPLOAD_ROLES = frozenset({Role.DINAS_ADMIN, Role.INSURER_LIAISON})
#: Roles that may export a registration batch and apply a response (they change statuses).
APPLY_ROLES = frozenset({Role.DINAS_ADMIN})

_PERSON_FIELDS: dict[str, str] = {
    "membership_id": "id",
    "person_id": "person_id",
    "status": "status",
    "kpj": "kpj",
    "nik": "person__nik",
    "full_name": "person__full_name",
    "birth_place": "person__birth_place",
    "birth_date": "person__birth_date",
    "sex": "person__sex",
    "marital_status": "person__marital_status",
    "mother_name": "person__mother_name",
    "address": "person__address",
    "phone": "person__phone",
    "occupation": "person__occupation",
    "village_name": "person__domicile_village__name",
    "district_name": "person__domicile_village__parent__name",
    "regency_name": "person__domicile_village__parent__parent__name",
}


class InsurerError(Exception):
    """A refused exchange action; ``str(error)`` is an Indonesian message for the user."""

    def __init__(self, message: str, *, code: str = "INSURER") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Received:
    """A response or roster taken in: the batch, and whether the same file was already known."""

    batch: ExchangeBatch
    created: bool


def insurer_folder() -> Path:
    return Path(settings.DATA_DIR) / "insurer"


def default_adapter() -> InsurerAdapter:
    """The adapter a deployment uses; files for now."""
    return FileAdapter(
        folder=insurer_folder(), max_bytes=settings.KAWAL_IMPORT_MAX_MB * 1024 * 1024
    )


def _require(actor: User, roles: frozenset[str], pemda_id: int) -> None:
    if actor.role not in roles or actor.pemda_id != pemda_id:
        raise InsurerError("Peran Anda tidak boleh melakukan ini.", code="FORBIDDEN")


def members_frame(memberships: QuerySet[Membership]) -> pl.DataFrame:
    """The memberships with the person fields the layouts use, in one query."""
    rows = list(memberships.order_by("id").values_list(*_PERSON_FIELDS.values()))
    schema: dict[str, Any] = {name: pl.String for name in _PERSON_FIELDS}
    schema.update(membership_id=pl.Int64, person_id=pl.Int64, birth_date=pl.Date)
    return pl.DataFrame(rows, schema=schema, orient="row")


def _cohort_fields(members: pl.DataFrame, cohort: Cohort) -> pl.DataFrame:
    """Add the cohort's programme fields every line of a registration file carries."""
    programmes = [str(p).lower() for p in (cohort.programmes or ["jkk", "jkm"])]
    months = (
        (cohort.period_end.year - cohort.period_start.year) * 12
        + cohort.period_end.month
        - cohort.period_start.month
        + 1
    )
    flags = {p: pl.lit("Y" if p in programmes else "N") for p in ("jkk", "jkm", "jht", "jp")}
    return members.with_columns(
        pl.col("marital_status").str.replace_all("_", " ").str.to_uppercase(),
        pl.col("village_name").alias("work_location"),
        pl.lit("1000000").alias("income_basis"),
        pl.lit("+".join(p.upper() for p in programmes)).alias("programmes"),
        pl.lit(str(months)).alias("months"),
        **flags,
    ).join(_wage_fields(members, cohort), on="person_id", how="left")


def _wage_fields(members: pl.DataFrame, cohort: Cohort) -> pl.DataFrame:
    """``person_id``, ``wage``, ``work_start`` and ``npp`` from each member's latest non-ASN
    segment (wage-earner layouts need them; empty for other cohorts)."""
    schema = {"person_id": pl.Int64, "wage": pl.Int64, "work_start": pl.Date, "npp": pl.String}
    rows: list[tuple[Any, ...]] = []
    if cohort.segment == "non_asn":
        ids = members["person_id"].to_list()
        segments = SegmentMembership.objects.filter(
            pemda_id=cohort.pemda_id, segment="non_asn"
        ).values_list("person_id", "wage", "start_date", "work_unit__npp", "id")
        for start in range(0, len(ids), 5_000):
            rows += segments.filter(person_id__in=ids[start : start + 5_000])
    frame = pl.DataFrame(rows, schema={**schema, "id": pl.Int64}, orient="row")
    return frame.sort("id").unique("person_id", keep="last").drop("id")


def _rows_from(batch: ExchangeBatch, frame: pl.DataFrame) -> list[ExchangeRow]:
    """Unsaved ExchangeRow objects from a frame named like the model's columns (for
    ``bulk_create``); a null text value becomes ``""``."""
    fields = {f.attname for f in ExchangeRow._meta.concrete_fields} - {"id", "batch_id"}
    nullable = {"row", "start_date", "membership_id", "person_id", "event_date"}
    records = frame.select(c for c in frame.columns if c in fields).iter_rows(named=True)
    return [
        ExchangeRow(
            batch=batch,
            **{k: v if v is not None or k in nullable else "" for k, v in record.items()},
        )
        for record in records
    ]


def _bulk_audit(
    *,
    actor: User,
    action: str,
    pemda_id: int,
    changes: list[tuple[int, dict[str, Any]]],
    reason: str,
) -> None:
    """One audit row per membership, on its person (so the person's history shows the step, as
    for the enrolment steps), written in batches."""
    ids = [membership_id for membership_id, _ in changes]
    person_of: dict[int, int] = {}
    for start in range(0, len(ids), 5_000):
        person_of.update(
            Membership.objects.filter(pk__in=ids[start : start + 5_000]).values_list(
                "pk", "person_id"
            )
        )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action=action,
                object_type="person",
                object_id=str(person_of[membership_id]),
                pemda_id=pemda_id,
                changes={"membership": membership_id, **change},
                reason=reason,
            )
            for membership_id, change in changes
        ],
        batch_size=1000,
    )


# ---------------------------------------------------------------- registration


def registration_prepare(
    *, actor: User, cohort: Cohort, layout_code: str | None = None
) -> ExchangeBatch:
    """Check the cohort's approved memberships and record a registration preview.

    Rows are ``ready`` or ``refused`` (with the problem codes); nothing is sent and no status
    changes until :func:`registration_confirm`.
    """
    _require(actor, APPLY_ROLES, cohort.pemda_id)
    layout = (
        get_layout(layout_code, "registration")
        if layout_code
        else default_registration_layout(cohort.segment)
    )
    members = _cohort_fields(
        members_frame(cohort.memberships.filter(status=MembershipStatus.APPROVED)), cohort
    )
    checked = check_registration(
        members,
        codes=region_codes(),
        today=timezone.localdate(),
        wage_required=any(c.source == "wage" for c in layout.columns),
    )
    refused = checked.filter(pl.col("refusal").is_not_null())
    by_reason = (
        refused.select(pl.col("refusal").str.split(";").explode()).to_series().value_counts()
    )
    summary = {
        "members": checked.height,
        "ready": checked.height - refused.height,
        "refused": refused.height,
        "refused_by_reason": dict(
            zip(by_reason[:, 0].to_list(), by_reason[:, 1].to_list(), strict=True)
        ),
    }
    with transaction.atomic():
        batch = ExchangeBatch.objects.create(
            pemda_id=cohort.pemda_id,
            cohort=cohort,
            kind=ExchangeBatch.Kind.REGISTRATION,
            layout=layout.code,
            summary=summary,
            created_by=actor,
        )
        rows = checked.select(
            "membership_id",
            pl.when(pl.col("refusal").is_null())
            .then(pl.lit("ready"))
            .otherwise(pl.lit("refused"))
            .alias("outcome"),
            mask_nik_expr(pl.col("nik")).alias("nik_masked"),
            "full_name",
            "village_name",
            pl.col("status").alias("our_status"),
            pl.col("refusal").fill_null("").alias("problems"),
        )
        ExchangeRow.objects.bulk_create(_rows_from(batch, rows), batch_size=1000)
        audit_record(
            actor=actor,
            action="insurer.registration_prepare",
            object_type="insurer.exchangebatch",
            object_id=batch.pk,
            pemda_id=cohort.pemda_id,
            changes={"summary": [None, summary]},
        )
    return batch


def _mark_submitted(*, actor: User, batch: ExchangeBatch, ids: list[int]) -> None:
    """approved → submitted for ``ids``, all or nothing."""
    now = timezone.now()
    updated = Membership.objects.filter(id__in=ids, status=MembershipStatus.APPROVED).update(
        status=MembershipStatus.SUBMITTED, submitted_at=now, version=F("version") + 1
    )
    if updated != len(ids):
        raise InsurerError(
            "Status sebagian peserta berubah sejak pratinjau dibuat; buat pratinjau baru.",
            code="STALE",
        )
    _bulk_audit(
        actor=actor,
        action="membership.submitted",
        pemda_id=batch.pemda_id,
        changes=[(i, {"status": ["approved", "submitted"]}) for i in ids],
        reason=f"Pendaftaran ke BPJS, batch #{batch.pk}",
    )


def registration_confirm(
    *, actor: User, batch: ExchangeBatch, adapter: InsurerAdapter | None = None
) -> ExchangeBatch:
    """Send the ready members through the adapter and mark them submitted, atomically."""
    _require(actor, APPLY_ROLES, batch.pemda_id)
    adapter = adapter or default_adapter()
    with transaction.atomic():
        locked = ExchangeBatch.objects.select_for_update().get(pk=batch.pk)
        if (
            locked.kind != ExchangeBatch.Kind.REGISTRATION
            or locked.status != ExchangeBatch.Status.PREVIEW
        ):
            raise InsurerError("Batch ini sudah diproses.", code="NOT_PREVIEW")
        ids = list(locked.rows.filter(outcome="ready").values_list("membership_id", flat=True))
        if not ids:
            raise InsurerError("Tidak ada peserta yang siap didaftarkan.", code="EMPTY")
        _mark_submitted(actor=actor, batch=locked, ids=ids)
        assert locked.cohort is not None
        members = _cohort_fields(
            members_frame(Membership.objects.filter(id__in=ids)), locked.cohort
        )
        handle = adapter.register_batch(
            batch_id=locked.pk, members=members, layout=get_layout(locked.layout, "registration")
        )
        locked.rows.filter(outcome="ready").update(outcome="submitted", our_status="submitted")
        locked.status = ExchangeBatch.Status.APPLIED
        locked.file_name, locked.sha256, locked.channel = (
            handle.reference,
            handle.sha256,
            adapter.channel,
        )
        locked.applied_by, locked.applied_at = actor, timezone.now()
        locked.summary = {**locked.summary, "submitted": len(ids)}
        locked.save()
        audit_record(
            actor=actor,
            action="insurer.registration_export",
            object_type="insurer.exchangebatch",
            object_id=locked.pk,
            pemda_id=locked.pemda_id,
            changes={"submitted": [None, len(ids)], "file": [None, handle.reference]},
        )
    return locked


def registration_file(batch: ExchangeBatch) -> Path | None:
    """The registration file written for ``batch`` by the file adapter, if any."""
    if batch.kind != ExchangeBatch.Kind.REGISTRATION or not batch.file_name:
        return None
    path = insurer_folder() / str(batch.pk) / batch.file_name
    return path if path.exists() else None


# ---------------------------------------------------------------- incoming files


def _known(pemda_id: int, kind: str, sha256: str, cohort: Cohort | None) -> ExchangeBatch | None:
    return (
        ExchangeBatch.objects.filter(pemda_id=pemda_id, kind=kind, sha256=sha256, cohort=cohort)
        .order_by("-id")
        .first()
    )


def _fetch(fetch: Any, source: object, layout: Layout) -> Any:
    try:
        return fetch(source=source, layout=layout)
    except (IntakeFileError, ExchangeFileError) as error:
        raise InsurerError(str(error), code=error.code) from error


def _keep_original(batch: ExchangeBatch, source: object) -> None:
    path = Path(str(source))
    if path.is_file():
        target = insurer_folder() / str(batch.pk)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / f"original{path.suffix.lower() or '.csv'}")


def record_received(
    *,
    actor: User,
    pemda_id: int,
    cohort: Cohort | None,
    kind: str,
    layout: Layout,
    channel: str,
    file_name: str,
    sha256: str,
    status: str,
    summary: dict[str, Any],
    rows: pl.DataFrame,
    action: str,
    source: object,
) -> Received:
    """Record an incoming file as a batch with its rows and audit it, in one transaction, then
    keep the original file. A batch recorded as applied (a roster) carries who and when."""
    applied = status == ExchangeBatch.Status.APPLIED
    with transaction.atomic():
        batch = ExchangeBatch.objects.create(
            pemda_id=pemda_id,
            cohort=cohort,
            kind=kind,
            layout=layout.code,
            channel=channel,
            file_name=file_name[:255],
            sha256=sha256,
            status=status,
            summary=summary,
            created_by=actor,
            applied_by=actor if applied else None,
            applied_at=timezone.now() if applied else None,
        )
        ExchangeRow.objects.bulk_create(_rows_from(batch, rows), batch_size=1000)
        audit_record(
            actor=actor,
            action=action,
            object_type="insurer.exchangebatch",
            object_id=batch.pk,
            pemda_id=pemda_id,
            changes={"status": [None, status], "summary": [None, summary]},
        )
    _keep_original(batch, source)
    return Received(batch=batch, created=True)


def _problem_counts(frame: pl.DataFrame) -> dict[str, int]:
    codes = frame.select(pl.col("problems").drop_nulls().str.split(";").explode()).to_series()
    counts = codes.value_counts(sort=True)
    return dict(zip(counts[:, 0].to_list(), counts[:, 1].to_list(), strict=True))


#: kind -> (code, message) when a batch of another kind is given to be applied.
_NOT_KIND = {
    ExchangeBatch.Kind.RESPONSE: ("NOT_RESPONSE", "Batch ini bukan jawaban BPJS."),
    ExchangeBatch.Kind.DEATHS: ("NOT_DEATHS", "Batch ini bukan data kematian."),
}


def lock_preview(batch: ExchangeBatch, kind: str) -> ExchangeBatch:
    """The batch locked for applying (inside the caller's transaction); refuses another kind, a
    batch already applied and a file with problems."""
    locked = ExchangeBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.kind != kind:
        code, message = _NOT_KIND[kind]
        raise InsurerError(message, code=code)
    if locked.status == ExchangeBatch.Status.APPLIED:
        raise InsurerError("Berkas ini sudah diterapkan.", code="ALREADY_APPLIED")
    if locked.status != ExchangeBatch.Status.PREVIEW:
        raise InsurerError(
            "Berkas ini bermasalah dan tidak dapat diterapkan; perbaiki lalu unggah ulang.",
            code="REJECTED",
        )
    return locked
