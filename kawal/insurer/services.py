"""Writes of the insurer exchange: registration batches, responses and rosters.

Every exchange is a preview first (an :class:`ExchangeBatch` with its rows), then applied on
confirmation in one transaction, or rejected as a whole when the file has problems. The
insurer is reached only through :class:`~kawal.insurer.adapters.InsurerAdapter`.

Membership transitions (approved → submitted, submitted → active / rejected) are written here
set-based and all or nothing: :func:`_mark_submitted` and :func:`_apply_outcomes` lock the rows
and refuse the whole file when any member is no longer in the expected status (the enrolment
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
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from kawal.accounts.models import AuditEvent, Role, User
from kawal.accounts.services import audit_record
from kawal.domain.insurer_layouts import (
    Layout,
    default_registration_layout,
    get_layout,
    mask_kpj,
)
from kawal.enrolment.models import Cohort, Membership, MembershipStatus
from kawal.insurer.adapters import FileAdapter, InsurerAdapter
from kawal.insurer.models import ExchangeBatch, ExchangeRow
from kawal.pipelines.insurer import (
    ExchangeFileError,
    check_registration,
    check_response,
    check_roster,
    mask_nik_expr,
    reconcile,
)
from kawal.pipelines.intake.read import IntakeFileError
from kawal.regions.models import Pemda
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
    nullable = {"row", "start_date", "membership_id"}
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


def _problem_counts(frame: pl.DataFrame) -> dict[str, int]:
    codes = frame.select(pl.col("problems").drop_nulls().str.split(";").explode()).to_series()
    counts = codes.value_counts(sort=True)
    return dict(zip(counts[:, 0].to_list(), counts[:, 1].to_list(), strict=True))


def response_preview(
    *,
    actor: User,
    cohort: Cohort,
    source: object,
    file_name: str,
    layout_code: str = "respons_standar",
    adapter: InsurerAdapter | None = None,
) -> Received:
    """Read the insurer's response for ``cohort`` and record what applying it would change.

    The same file (same SHA-256) is recognised and its earlier batch returned. A file that
    cannot be read or mapped raises :class:`InsurerError` and writes nothing; a file with
    problem rows becomes a *rejected* batch with the per-row report (nothing applied).
    """
    _require(actor, UPLOAD_ROLES, cohort.pemda_id)
    adapter = adapter or default_adapter()
    layout = get_layout(layout_code, "response")
    fetched = _fetch(adapter.fetch_responses, source, layout)
    known = _known(cohort.pemda_id, ExchangeBatch.Kind.RESPONSE, fetched.sha256, cohort)
    if known is not None:
        return Received(batch=known, created=False)
    members = members_frame(cohort.memberships.all())
    kpjs = [
        k
        for k in fetched.frame["kpj"]
        .drop_nulls()
        .str.replace_all(r"[\s.\-]", "")
        .unique()
        .to_list()
        if k
    ]
    taken = pl.DataFrame(
        list(Membership.objects.filter(kpj__in=kpjs).values_list("kpj", "id")),
        schema={"kpj": pl.String, "membership_id": pl.Int64},
        orient="row",
    )
    checked = check_response(
        fetched.frame, layout, members=members, taken_kpj=taken, today=timezone.localdate()
    )
    checked = checked.join(
        members.select(
            "membership_id", "full_name", "village_name", pl.col("status").alias("our_status")
        ),
        on="membership_id",
        how="left",
    ).sort("row")
    invalid = checked.filter(pl.col("problems").is_not_null()).height
    rejected_reasons = checked.filter(pl.col("outcome") == "rejected")["reason"].value_counts(
        sort=True
    )
    summary = {
        "rows": checked.height,
        "to_active": checked.filter(pl.col("outcome") == "active").height,
        "to_rejected": checked.filter(pl.col("outcome") == "rejected").height,
        "invalid": invalid,
        "problems": _problem_counts(checked),
        "rejected_by_reason": dict(
            zip(rejected_reasons[:, 0].to_list(), rejected_reasons[:, 1].to_list(), strict=True)
        ),
    }
    status = ExchangeBatch.Status.REJECTED if invalid else ExchangeBatch.Status.PREVIEW
    rows = checked.select(
        "row",
        "membership_id",
        "outcome",
        mask_nik_expr(pl.col("nik")).alias("nik_masked"),
        "full_name",
        "village_name",
        "kpj",
        "start_date",
        "our_status",
        "reason",
        pl.col("problems").fill_null(""),
    )
    with transaction.atomic():
        batch = ExchangeBatch.objects.create(
            pemda_id=cohort.pemda_id,
            cohort=cohort,
            kind=ExchangeBatch.Kind.RESPONSE,
            layout=layout.code,
            channel=adapter.channel,
            file_name=file_name[:255],
            sha256=fetched.sha256,
            status=status,
            summary=summary,
            created_by=actor,
        )
        ExchangeRow.objects.bulk_create(_rows_from(batch, rows), batch_size=1000)
        audit_record(
            actor=actor,
            action="insurer.response_preview",
            object_type="insurer.exchangebatch",
            object_id=batch.pk,
            pemda_id=cohort.pemda_id,
            changes={"status": [None, status], "summary": [None, summary]},
        )
    _keep_original(batch, source)
    return Received(batch=batch, created=True)


def _apply_outcomes(*, actor: User, batch: ExchangeBatch) -> tuple[int, int]:
    """submitted → active (KPJ, start date) / rejected (reason), all or nothing."""
    rows = list(
        batch.rows.filter(outcome__in=["active", "rejected"]).values_list(
            "membership_id", "outcome", "kpj", "start_date", "reason"
        )
    )
    ids = [r[0] for r in rows]
    current = Membership.objects.select_for_update().filter(
        id__in=ids, status=MembershipStatus.SUBMITTED
    )
    if current.count() != len(ids):
        raise InsurerError(
            "Status sebagian peserta berubah sejak pratinjau dibuat; unggah ulang berkasnya.",
            code="STALE",
        )
    updates = []
    for membership_id, outcome, kpj, start_date, reason in rows:
        m = Membership(pk=membership_id, status=outcome, version=F("version") + 1)
        m.kpj, m.start_date = (kpj, start_date) if outcome == "active" else ("", None)
        m.reject_reason = reason if outcome == "rejected" else ""
        updates.append(m)
    try:
        with transaction.atomic():
            Membership.objects.bulk_update(
                updates,
                ["status", "kpj", "start_date", "reject_reason", "version"],
                batch_size=1000,
            )
    except IntegrityError as error:
        raise InsurerError(
            "Nomor KPJ bentrok dengan peserta lain; tidak ada yang diubah.", code="KPJ_TAKEN"
        ) from error
    _bulk_audit(
        actor=actor,
        action="membership.insurer_response",
        pemda_id=batch.pemda_id,
        changes=[
            (
                membership_id,
                {"status": ["submitted", outcome]}
                | (
                    {"kpj": ["", mask_kpj(kpj)]}
                    if outcome == "active"
                    else {"reject_reason": ["", reason]}
                ),
            )
            for membership_id, outcome, kpj, _, reason in rows
        ],
        reason=f"Jawaban BPJS, batch #{batch.pk}",
    )
    active = sum(1 for r in rows if r[1] == "active")
    return active, len(rows) - active


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


def response_apply(*, actor: User, batch: ExchangeBatch) -> ExchangeBatch:
    """Apply a previewed response in one transaction; refuses anything but a clean preview."""
    _require(actor, APPLY_ROLES, batch.pemda_id)
    with transaction.atomic():
        locked = lock_preview(batch, ExchangeBatch.Kind.RESPONSE)
        active, rejected = _apply_outcomes(actor=actor, batch=locked)
        locked.status = ExchangeBatch.Status.APPLIED
        locked.applied_by, locked.applied_at = actor, timezone.now()
        locked.summary = {**locked.summary, "active": active, "rejected": rejected}
        locked.save()
        audit_record(
            actor=actor,
            action="insurer.response_apply",
            object_type="insurer.exchangebatch",
            object_id=locked.pk,
            pemda_id=locked.pemda_id,
            changes={"active": [None, active], "rejected": [None, rejected]},
        )
    return locked


def _ours_for_roster(pemda: Pemda) -> pl.DataFrame:
    """One membership per NIK of the pemda: active first, then submitted, then ended."""
    members = members_frame(
        Membership.objects.filter(
            cohort__pemda=pemda,
            status__in=[
                MembershipStatus.ACTIVE,
                MembershipStatus.SUBMITTED,
                MembershipStatus.ENDED,
            ],
        )
    )
    rank = pl.col("status").replace_strict(
        {"active": 0, "submitted": 1, "ended": 2}, return_dtype=pl.Int8
    )
    return (
        members.with_columns(rank.alias("__rank"))
        .sort("__rank", pl.col("membership_id"), descending=[False, True])
        .unique("nik", keep="first", maintain_order=True)
        .drop("__rank")
    )


def roster_import(
    *,
    actor: User,
    pemda: Pemda,
    source: object,
    file_name: str,
    layout_code: str = "daftar_peserta",
    adapter: InsurerAdapter | None = None,
) -> Received:
    """Read the insurer's roster and record its reconciliation with Kawal's memberships.

    Nothing in the registry or the memberships changes: the result is a list to act on.
    """
    _require(actor, UPLOAD_ROLES, pemda.pk)
    adapter = adapter or default_adapter()
    layout = get_layout(layout_code, "roster")
    fetched = _fetch(adapter.fetch_roster, source, layout)
    known = _known(pemda.pk, ExchangeBatch.Kind.ROSTER, fetched.sha256, None)
    if known is not None:
        return Received(batch=known, created=False)
    roster = check_roster(fetched.frame, layout, today=timezone.localdate())
    invalid = roster.filter(pl.col("problems").is_not_null())
    masked = mask_nik_expr(pl.col("nik")).alias("nik_masked")
    if invalid.height:
        status = ExchangeBatch.Status.REJECTED
        summary: dict[str, Any] = {
            "rows": roster.height,
            "invalid": invalid.height,
            "problems": _problem_counts(roster),
        }
        rows = invalid.select(
            "row",
            pl.lit("invalid").alias("outcome"),
            masked,
            pl.col("full_name").fill_null(""),
            pl.col("village_name").fill_null(""),
            pl.col("kpj").alias("their_kpj"),
            "problems",
        )
    else:
        status = ExchangeBatch.Status.APPLIED
        found = reconcile(_ours_for_roster(pemda), roster)
        counts = found["category"].value_counts()
        summary = {
            "rows": roster.height,
            "invalid": 0,
            "categories": dict(zip(counts[:, 0].to_list(), counts[:, 1].to_list(), strict=True)),
        }
        rows = found.select(
            "row",
            "membership_id",
            pl.col("category").alias("outcome"),
            masked,
            pl.col("full_name").fill_null(""),
            "village_name",
            pl.col("our_kpj").fill_null("").alias("kpj"),
            pl.col("their_kpj").fill_null(""),
            pl.col("our_status").fill_null(""),
            pl.col("their_status").fill_null(""),
        )
    with transaction.atomic():
        batch = ExchangeBatch.objects.create(
            pemda=pemda,
            kind=ExchangeBatch.Kind.ROSTER,
            layout=layout.code,
            channel=adapter.channel,
            file_name=file_name[:255],
            sha256=fetched.sha256,
            status=status,
            summary=summary,
            created_by=actor,
            applied_by=actor if status == ExchangeBatch.Status.APPLIED else None,
            applied_at=timezone.now() if status == ExchangeBatch.Status.APPLIED else None,
        )
        ExchangeRow.objects.bulk_create(_rows_from(batch, rows), batch_size=1000)
        audit_record(
            actor=actor,
            action="insurer.roster_import",
            object_type="insurer.exchangebatch",
            object_id=batch.pk,
            pemda_id=pemda.pk,
            changes={"status": [None, status], "summary": [None, summary]},
        )
    _keep_original(batch, source)
    return Received(batch=batch, created=True)
