"""The insurer's roster of participants reconciled with Kawal's memberships (nothing changes).

Categories: in BPJS but not in Kawal, active in Kawal but not in BPJS, status differs, KPJ differs.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.utils import timezone

from kawal.accounts.models import User
from kawal.domain.insurer_layouts import (
    get_layout,
)
from kawal.enrolment.models import Membership, MembershipStatus
from kawal.insurer.adapters import InsurerAdapter
from kawal.insurer.models import ExchangeBatch
from kawal.insurer.services import (
    UPLOAD_ROLES,
    Received,
    _fetch,
    _known,
    _problem_counts,
    _require,
    default_adapter,
    members_frame,
    record_received,
)
from kawal.pipelines.insurer import (
    check_roster,
    mask_nik_expr,
    reconcile,
)
from kawal.regions.models import Pemda


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
    return record_received(
        actor=actor,
        pemda_id=pemda.pk,
        cohort=None,
        kind=ExchangeBatch.Kind.ROSTER,
        layout=layout,
        channel=adapter.channel,
        file_name=file_name,
        sha256=fetched.sha256,
        status=status,
        summary=summary,
        rows=rows,
        action="insurer.roster_import",
        source=source,
    )
