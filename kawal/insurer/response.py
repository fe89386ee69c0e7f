"""The insurer's response to a registration: previewed, then applied all or nothing.

submitted → active (KPJ number, start date) or rejected (reason). The whole file is refused when
any row has a problem or any member is no longer awaiting the answer (see
:mod:`kawal.insurer.services`).
"""

from __future__ import annotations

import polars as pl
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kawal.accounts.models import User
from kawal.accounts.services import audit_record
from kawal.domain.insurer_layouts import (
    get_layout,
    mask_kpj,
)
from kawal.enrolment.models import Cohort, Membership, MembershipStatus
from kawal.insurer.adapters import InsurerAdapter
from kawal.insurer.models import ExchangeBatch
from kawal.insurer.services import (
    APPLY_ROLES,
    UPLOAD_ROLES,
    InsurerError,
    Received,
    _bulk_audit,
    _fetch,
    _known,
    _problem_counts,
    _require,
    default_adapter,
    lock_preview,
    members_frame,
    record_received,
)
from kawal.pipelines.insurer import (
    check_response,
    mask_nik_expr,
)


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
    return record_received(
        actor=actor,
        pemda_id=cohort.pemda_id,
        cohort=cohort,
        kind=ExchangeBatch.Kind.RESPONSE,
        layout=layout,
        channel=adapter.channel,
        file_name=file_name,
        sha256=fetched.sha256,
        status=status,
        summary=summary,
        rows=rows,
        action="insurer.response_preview",
        source=source,
    )


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
