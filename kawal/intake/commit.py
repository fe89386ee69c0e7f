"""Write a linked import into the registry, set-based and in one transaction.

New people, the segment memberships or poverty records the rows bring, one outcome per data
row and the review items are each written with one bulk statement (COPY on PostgreSQL). Ids
are reserved first, so nothing is read back per row. The caller holds the transaction.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl
from django.utils import timezone

from kawal.intake.bulk import insert_frame, reserve_ids
from kawal.intake.bulk_constraints import foreign_keys_checked_as_a_set
from kawal.intake.models import ImportJob, ReviewItem, RowOutcome
from kawal.intake.records import person_columns
from kawal.intake.registry_frame import read_frame
from kawal.registry.models import Person, PovertyRecord, SegmentMembership, WorkUnit

SOCIAL_SOURCES = {"dtsen": "DTSEN", "dtks": "DTKS", "p3ke": "P3KE"}


@dataclass(frozen=True)
class Committed:
    """Outcomes with person ids filled in, and what was written."""

    outcomes: pl.DataFrame
    people_created: int
    attachments: int
    reviews: int
    timings: dict[str, float] = field(default_factory=dict)


def create_people(
    job: ImportJob, leaders: pl.DataFrame, now: datetime, today: date
) -> pl.DataFrame:
    """Insert one person per row of ``leaders`` (validated rows plus ``cluster``); returns
    ``cluster`` → ``person``."""
    data = person_columns(leaders, today=today).join(leaders.select("row", "cluster"), on="row")
    ids = reserve_ids(Person, data.height)
    data = data.with_columns(
        id=pl.Series(ids, dtype=pl.Int64),
        pemda_id=pl.lit(job.pemda_id, pl.Int64),
        version=pl.lit(1, pl.Int64),
        created_at=pl.lit(now),
        updated_at=pl.lit(now),
        created_by_id=pl.lit(job.uploaded_by_id, pl.Int64),
        import_job_id=pl.lit(job.pk, pl.Int64),
        date_of_death=pl.lit(None, pl.Date),
    )
    insert_frame(Person, data.drop("row", "cluster"))
    return data.select("cluster", pl.col("id").alias("person"))


def _work_units(job: ImportJob, names: pl.Series) -> pl.DataFrame:
    """``work_unit`` (as written) → ``work_unit_id``; unknown OPDs are added to the pemda."""
    known = read_frame(
        'SELECT id, name FROM "registry_workunit" WHERE pemda_id = %s',
        [job.pemda_id],
        {"work_unit_id": pl.Int64(), "name": pl.String()},
    ).with_columns(key=pl.col("name").str.to_uppercase().str.replace_all(r"\s+", " "))
    wanted = pl.DataFrame({"work_unit": names.drop_nulls().unique().sort()}).with_columns(
        key=pl.col("work_unit").str.to_uppercase().str.replace_all(r"\s+", " ")
    )
    missing = wanted.join(known, on="key", how="anti").unique("key", keep="first")
    if missing.height:
        ids = reserve_ids(WorkUnit, missing.height)
        insert_frame(
            WorkUnit,
            missing.select(
                id=pl.Series(ids, dtype=pl.Int64),
                pemda_id=pl.lit(job.pemda_id, pl.Int64),
                code=pl.format("IMP-{}", pl.Series(ids, dtype=pl.Int64)),
                name=pl.col("work_unit").str.slice(0, 200),
                jkk_risk_class=pl.lit("I"),
            ),
        )
        known = pl.concat(
            [
                known,
                missing.select(
                    pl.Series("work_unit_id", ids, dtype=pl.Int64),
                    pl.col("work_unit").alias("name"),
                    "key",
                ),
            ]
        )
    return wanted.join(known.select("key", "work_unit_id"), on="key").select(
        "work_unit", "work_unit_id"
    )


def attach_rows(job: ImportJob, rows: pl.DataFrame, now: datetime) -> int:
    """Memberships or poverty records for ``rows`` (``row``, ``person`` + row data), one per
    person per job, skipping what the person already has (a re-import adds nothing)."""
    rows = rows.sort("row").unique("person", keep="first", maintain_order=True)
    provenance = {
        "import_job_id": pl.lit(job.pk, pl.Int64),
        "import_row": pl.col("row"),
        "person_id": pl.col("person"),
    }
    if job.source in SOCIAL_SOURCES:
        source = SOCIAL_SOURCES[job.source]
        period = job.data_period or timezone.localdate().replace(day=1)
        have = read_frame(
            'SELECT person_id FROM "registry_povertyrecord" WHERE source = %s AND period = %s',
            [source, period],
            {"person": pl.Int64()},
        )
        data = rows.filter(pl.col("desil").is_not_null()).join(have, on="person", how="anti")
        frame = data.select(
            **provenance,
            source=pl.lit(source),
            desil=pl.col("desil").cast(pl.Int64),
            period=pl.lit(period),
            recorded_at=pl.lit(now),
            recorded_by_id=pl.lit(job.uploaded_by_id, pl.Int64),
        )
        model: type[PovertyRecord] | type[SegmentMembership] = PovertyRecord
    else:
        segment = {"village": "pekerja_rentan", "non-asn": "non_asn", "adhoc": "adhoc"}[job.source]
        have = read_frame(
            'SELECT person_id FROM "registry_segmentmembership" WHERE segment = %s '
            "AND pemda_id = %s AND end_date IS NULL",
            [segment, job.pemda_id],
            {"person": pl.Int64()},
        )
        data = rows.join(have, on="person", how="anti")
        extra: dict[str, pl.Expr] = {}
        if job.source == "non-asn":
            units = _work_units(job, data.get_column("work_unit"))
            data = data.join(units, on="work_unit", how="left").filter(
                pl.col("work_unit_id").is_not_null()
            )
            extra["work_unit_id"] = pl.col("work_unit_id")
        frame = data.select(
            **provenance,
            pemda_id=pl.lit(job.pemda_id, pl.Int64),
            segment=pl.lit(segment),
            work_unit_id=extra.get("work_unit_id", pl.lit(None, pl.Int64)),
            wage=pl.col("wage"),
            adhoc_body=pl.col("adhoc_body").fill_null(""),
            election=pl.col("election").fill_null("").str.slice(0, 80),
            position=pl.lit(""),
            start_date=pl.col("start_date"),
            end_date=pl.col("end_date"),
            created_at=pl.lit(now),
        )
        model = SegmentMembership
    ids = reserve_ids(model, frame.height)
    return insert_frame(model, frame.with_columns(id=pl.Series(ids, dtype=pl.Int64)))


def commit(
    job: ImportJob,
    *,
    rows: pl.DataFrame,
    outcomes: pl.DataFrame,
    reviews: pl.DataFrame,
    today: date,
) -> Committed:
    """Write the job's people, attachments, outcomes and review items (see module doc).

    ``rows``: validated rows; ``outcomes``: row, status, person, cluster, score, reasons;
    ``reviews``: row, candidate_person, candidate_row, score, reasons, evidence (JSON text),
    record (JSON text), record_key.
    """
    written = (Person, PovertyRecord, SegmentMembership, WorkUnit, RowOutcome, ReviewItem)
    timings: dict[str, float] = {}
    lifted = foreign_keys_checked_as_a_set(written, rows=outcomes.height)
    with _timed(timings, "constraints"), lifted:
        done = _write(job, rows=rows, outcomes=outcomes, reviews=reviews, today=today)
        timings.update(done.timings)
    # "constraints": lifting and restoring the keys, around the writes timed by themselves.
    timings["constraints"] -= sum(v for k, v in timings.items() if k != "constraints")
    return Committed(done.outcomes, done.people_created, done.attachments, done.reviews, timings)


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[name] = round(time.perf_counter() - started, 3)


def _write(
    job: ImportJob,
    *,
    rows: pl.DataFrame,
    outcomes: pl.DataFrame,
    reviews: pl.DataFrame,
    today: date,
) -> Committed:
    now = timezone.now()
    timings: dict[str, float] = {}
    leaders = outcomes.filter(pl.col("status") == "created").select("row", "cluster")
    with _timed(timings, "people"):
        clusters = create_people(job, rows.join(leaders, on="row"), now, today)
    outcomes = (
        outcomes.join(clusters, on="cluster", how="left", suffix="_new")
        .with_columns(person=pl.coalesce("person", "person_new"))
        .drop("person_new")
    )
    attached = (
        outcomes.filter(pl.col("person").is_not_null()).select("row", "person").join(rows, on="row")
    )
    with _timed(timings, "attachments"):
        attachments = attach_rows(job, attached, now)
    with _timed(timings, "outcomes"):
        _insert_outcomes(job, outcomes)
    with _timed(timings, "reviews"):
        reviews = _insert_reviews(job, reviews, outcomes)
    return Committed(outcomes, clusters.height, attachments, reviews.height, timings)


def _insert_outcomes(job: ImportJob, outcomes: pl.DataFrame) -> None:
    insert_frame(
        RowOutcome,
        outcomes.select(
            id=pl.Series(reserve_ids(RowOutcome, outcomes.height), dtype=pl.Int64),
            job_id=pl.lit(job.pk, pl.Int64),
            row="row",
            status="status",
            person_id="person",
            score="score",
            reasons=pl.col("reasons").fill_null("").str.slice(0, 250),
        ),
    )


def _insert_reviews(job: ImportJob, reviews: pl.DataFrame, outcomes: pl.DataFrame) -> pl.DataFrame:
    reviews = _resolve_candidates(reviews, outcomes)
    insert_frame(
        ReviewItem,
        reviews.select(
            id=pl.Series(reserve_ids(ReviewItem, reviews.height), dtype=pl.Int64),
            job_id=pl.lit(job.pk, pl.Int64),
            row="row",
            candidate_id="candidate",
            score="score",
            reasons=pl.col("reasons").fill_null(""),
            evidence="evidence",
            record="record",
            record_key="record_key",
            status=pl.lit("pending"),
            person_id=pl.lit(None, pl.Int64),
            decided_by_id=pl.lit(None, pl.Int64),
            decided_at=pl.lit(None, pl.Datetime("us", "UTC")),
        ),
    )
    return reviews


def _resolve_candidates(reviews: pl.DataFrame, outcomes: pl.DataFrame) -> pl.DataFrame:
    """A candidate row becomes the person it was created as or linked to."""
    persons = outcomes.select(pl.col("row").alias("candidate_row"), pl.col("person").alias("p"))
    return (
        reviews.join(persons, on="candidate_row", how="left")
        .with_columns(candidate=pl.coalesce("candidate_person", "p"))
        .filter(pl.col("candidate").is_not_null())
    )
