"""Death extracts: a Dukcapil extract (or a village's death list) previewed, then applied.

:func:`deaths_preview` reads the file, checks each row against the pemda's registry
(:func:`kawal.pipelines.deaths.check_deaths`) and records an :class:`ExchangeBatch` of kind
``deaths`` with one row per line; a file with problem rows is refused as a whole. Nothing in the
registry changes until :func:`deaths_apply`, which records every new date of death, ends the
memberships (death) set-based, rejects waiting proposals and refills quotas from the reserve
lists (:func:`kawal.enrolment.life_events.end_for_persons`), all in one transaction.

Rows whose date differs from the one Kawal already holds are listed, not overwritten: an officer
corrects that person by hand after checking the certificate.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kawal.accounts.models import AuditEvent, Role, User
from kawal.accounts.services import audit_record
from kawal.claims.services import claims_for_deaths
from kawal.domain.insurer_layouts import get_layout
from kawal.enrolment.life_events import end_for_persons
from kawal.enrolment.models import EndReason, Membership
from kawal.enrolment.selectors import COVER
from kawal.insurer.adapters import FileAdapter
from kawal.insurer.models import ExchangeBatch
from kawal.insurer.services import (
    InsurerError,
    Received,
    _fetch,
    _known,
    _problem_counts,
    insurer_folder,
    lock_preview,
    record_received,
)
from kawal.pipelines.deaths import check_deaths
from kawal.pipelines.insurer import mask_nik_expr
from kawal.regions.models import Pemda
from kawal.registry.models import Person

#: Who may upload and apply a death extract (it ends memberships across cohorts).
DEATH_ROLES = frozenset({Role.DINAS_ADMIN})
ID_CHUNK = 5_000


def _require(actor: User, pemda_id: int) -> None:
    if actor.role not in DEATH_ROLES or actor.pemda_id != pemda_id:
        raise InsurerError("Hanya Admin Dinas yang memproses data kematian.", code="FORBIDDEN")


def _persons(pemda: Pemda, niks: list[str]) -> pl.DataFrame:
    rows: list[tuple[Any, ...]] = []
    people = Person.objects.filter(pemda=pemda).values_list(
        "pk", "nik", "birth_date", "date_of_death"
    )
    for start in range(0, len(niks), ID_CHUNK):
        rows += people.filter(nik__in=niks[start : start + ID_CHUNK])
    return pl.DataFrame(
        rows,
        schema={
            "person_id": pl.Int64,
            "nik": pl.String,
            "birth_date": pl.Date,
            "date_of_death": pl.Date,
        },
        orient="row",
    )


def _covering(person_ids: list[int]) -> int:
    return sum(
        Membership.objects.filter(
            person_id__in=person_ids[start : start + ID_CHUNK], status__in=COVER
        ).count()
        for start in range(0, len(person_ids), ID_CHUNK)
    )


def deaths_preview(
    *,
    actor: User,
    pemda: Pemda,
    source: object,
    file_name: str,
    adapter: FileAdapter | None = None,
) -> Received:
    """Read a death extract and record what applying it would change (nothing changes yet)."""
    _require(actor, pemda.pk)
    adapter = adapter or FileAdapter(
        folder=insurer_folder(), max_bytes=settings.KAWAL_IMPORT_MAX_MB * 1024 * 1024
    )
    layout = get_layout("kematian_dukcapil", "deaths")
    fetched = _fetch(adapter.fetch_deaths, source, layout)
    known = _known(pemda.pk, ExchangeBatch.Kind.DEATHS, fetched.sha256, None)
    if known is not None:
        return Received(batch=known, created=False)
    niks = fetched.frame["nik"].drop_nulls().str.replace_all(r"\D", "").unique().to_list()
    checked = check_deaths(fetched.frame, persons=_persons(pemda, niks), today=timezone.localdate())
    invalid = checked.filter(pl.col("problems").is_not_null()).height
    counts = dict(checked["outcome"].value_counts().iter_rows())
    new = checked.filter(pl.col("outcome") == "death")["person_id"].to_list()
    summary = {
        "rows": checked.height,
        "invalid": invalid,
        "problems": _problem_counts(checked),
        "outcomes": counts,
        "memberships_to_end": 0 if invalid else _covering(new),
    }
    status = ExchangeBatch.Status.REJECTED if invalid else ExchangeBatch.Status.PREVIEW
    rows = checked.select(
        "row",
        "person_id",
        "outcome",
        mask_nik_expr(pl.col("nik")).alias("nik_masked"),
        pl.col("full_name").str.slice(0, 150),
        pl.col("date_of_death").alias("event_date"),
        pl.when(pl.col("recorded").is_not_null())
        .then(pl.lit("Kawal mencatat ") + pl.col("recorded").dt.strftime("%d-%m-%Y"))
        .otherwise(pl.lit(""))
        .alias("reason"),
        pl.col("problems").fill_null(""),
    )
    return record_received(
        actor=actor,
        pemda_id=pemda.pk,
        cohort=None,
        kind=ExchangeBatch.Kind.DEATHS,
        layout=layout,
        channel=adapter.channel,
        file_name=file_name,
        sha256=fetched.sha256,
        status=status,
        summary=summary,
        rows=rows,
        action="deaths.preview",
        source=source,
    )


def deaths_apply(*, actor: User, batch: ExchangeBatch) -> ExchangeBatch:
    """Record the previewed deaths and end their memberships, all or nothing."""
    _require(actor, batch.pemda_id)
    with transaction.atomic():
        locked = lock_preview(batch, ExchangeBatch.Kind.DEATHS)
        deaths = dict(locked.rows.filter(outcome="death").values_list("person_id", "event_date"))
        people = []
        for start in range(0, len(deaths), ID_CHUNK):
            people += Person.objects.select_for_update().filter(
                pk__in=list(deaths)[start : start + ID_CHUNK], date_of_death__isnull=True
            )
        if len(people) != len(deaths):
            raise InsurerError(
                "Sebagian orang sudah dicatat meninggal sejak pratinjau dibuat; unggah ulang "
                "berkasnya.",
                code="STALE",
            )
        now = timezone.now()
        for person in people:
            person.date_of_death, person.version = deaths[person.pk], person.version + 1
            person.updated_at = now
        Person.objects.bulk_update(
            people, ["date_of_death", "version", "updated_at"], batch_size=1000
        )
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=actor,
                    action="person.update",
                    object_type="person",
                    object_id=str(person.pk),
                    pemda_id=person.pemda_id,
                    changes={"date_of_death": [None, person.date_of_death.isoformat()]},
                    reason=f"Data kematian, batch #{locked.pk}",
                )
                for person in people
            ],
            batch_size=1000,
        )
        ended = end_for_persons(
            actor=actor, ends=deaths, reason=EndReason.DEATH, domicile_only=False
        )
        # A claim record per death (cause unknown, so JKM), covered or not: issue 6.
        claims_for_deaths(actor=actor, pemda_id=locked.pemda_id, deaths=deaths)
        locked.status = ExchangeBatch.Status.APPLIED
        locked.applied_by, locked.applied_at = actor, now
        locked.summary = {**locked.summary, "recorded": len(people), "ended": ended}
        locked.save()
        audit_record(
            actor=actor,
            action="deaths.apply",
            object_type="insurer.exchangebatch",
            object_id=locked.pk,
            pemda_id=locked.pemda_id,
            changes={"recorded": [None, len(people)], "ended": [None, ended]},
        )
    return locked
