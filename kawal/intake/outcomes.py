"""Shape the per-row outcomes of a job before the commit.

The linkage engine decides on valid rows only and knows nothing of roles or of the database's
constraints. Here: rows outside the uploader's area become invalid, invalid rows get their
reasons, a new person that cannot be created (no village, or a NIK the registry already
holds) is held for review or refused, and review items whose candidate is itself held are
released.
"""

from __future__ import annotations

import polars as pl

from kawal.accounts.models import Role
from kawal.intake.models import ImportJob
from kawal.intake.registry_frame import other_pemda_niks
from kawal.pipelines.intake.findings_frame import FINDINGS_SCHEMA
from kawal.pipelines.linkage.decide import OUTCOME_SCHEMA, REVIEW_SCHEMA

_NEW = ("created", "duplicate")


def _add_findings(
    rows: pl.DataFrame,
    findings: pl.DataFrame,
    bad: pl.DataFrame,
    code: str,
    message: str,
    column: str | None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mark ``bad`` rows (``row`` column) invalid with one error finding each."""
    extra = bad.select(
        "row",
        pl.lit(column, pl.String).alias("column"),
        pl.lit(None, pl.String).alias("field"),
        pl.lit(code).alias("code"),
        pl.lit("error").alias("severity"),
        pl.lit(message).alias("message_id"),
    ).cast(FINDINGS_SCHEMA)  # type: ignore[arg-type]
    rows = rows.with_columns(
        valid=pl.col("valid") & ~pl.col("row").is_in(bad.get_column("row").implode())
    )
    return rows, pl.concat([findings, extra]).sort("row", maintain_order=True)


def scope_rows(
    job: ImportJob, rows: pl.DataFrame, findings: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Refuse rows outside a village operator's desa or a verifier's kecamatan."""
    from kawal.domain.findings import finding

    user = job.uploaded_by
    if user.role == Role.VILLAGE_OPERATOR:
        inside = pl.col("village_code") == user.scope_region_id
    elif user.role == Role.DISTRICT_VERIFIER:
        inside = pl.col("village_code").str.starts_with(user.scope_region_id or "-")
    else:
        return rows, findings
    bad = rows.filter(pl.col("valid") & ~inside.fill_null(False)).select("row")
    return _add_findings(
        rows, findings, bad, "OUT_OF_SCOPE", finding("OUT_OF_SCOPE").message_id, None
    )


def with_invalid(rows: pl.DataFrame, findings: pl.DataFrame, linked: pl.DataFrame) -> pl.DataFrame:
    """One outcome per data row: linkage outcomes for valid rows, ``invalid`` for the rest.

    ``reasons`` lists the row's finding codes (errors, then warnings) and then the linkage
    reason, separated by ``;``.
    """
    codes = (
        findings.sort(["row", "severity", "code"])
        .group_by("row", maintain_order=True)
        .agg(pl.col("code").unique(maintain_order=True).str.join(";").alias("codes"))
    )
    invalid = rows.filter(~pl.col("valid")).select(
        "row", status=pl.lit("invalid"), base_status=pl.lit("invalid")
    )
    all_rows = pl.concat([linked, invalid], how="diagonal_relaxed").cast(OUTCOME_SCHEMA)  # type: ignore[arg-type]
    return (
        all_rows.join(codes, on="row", how="left")
        .with_columns(
            reasons=pl.concat_str(
                [pl.col("codes"), pl.col("reasons").replace("", None)],
                separator=";",
                ignore_nulls=True,
            ).fill_null("")
        )
        .drop("codes")
        .sort("row")
    )


def creatable(
    job: ImportJob,
    outcomes: pl.DataFrame,
    rows: pl.DataFrame,
    reviews: pl.DataFrame,
    registry: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Hold or refuse new people the registry cannot take.

    * NIK registered by another pemda: the row is invalid (``NIK_OTHER_PEMDA``).
    * NIK already held by a person of this pemda the model did not link to (different name
      and data): the row's cluster goes to review against that person.
    * two new clusters with the same NIK: the later one is held against the earlier row.
    * no recognised village: a new person cannot be registered (``NO_VILLAGE_FOR_NEW``).
    """
    new = outcomes.filter(pl.col("status").is_in(_NEW)).join(
        rows.select("row", "nik", "village_code"), on="row"
    )
    elsewhere = new.join(other_pemda_niks(job.pemda_id), on="nik", how="semi")
    owners = registry.select("nik", (-pl.col("uid")).alias("owner"))
    taken = new.join(owners, on="nik").filter(~pl.col("row").is_in(elsewhere["row"].implode()))
    first_in_cluster = taken.sort("row").unique("cluster", keep="first")
    held = first_in_cluster.select(
        "row",
        pl.col("owner").alias("candidate_person"),
        pl.lit(None, pl.Int64).alias("candidate_row"),
        pl.lit(0.0).alias("score"),
    ).cast(REVIEW_SCHEMA)  # type: ignore[arg-type]
    # Two new clusters with one NIK: the later one is held against the earlier one's row.
    leaders = new.filter(pl.col("status") == "created").sort("row")
    twice = leaders.with_columns(
        first=pl.col("row").first().over("nik"), n=pl.len().over("nik")
    ).filter((pl.col("n") > 1) & (pl.col("row") != pl.col("first")))
    held_twice = twice.select(
        "row",
        pl.lit(None, pl.Int64).alias("candidate_person"),
        pl.col("first").alias("candidate_row"),
        pl.lit(0.0).alias("score"),
    ).cast(REVIEW_SCHEMA)  # type: ignore[arg-type]
    held = pl.concat([held, held_twice.join(held, on="row", how="anti")])
    reviews = pl.concat([reviews.join(held, on="row", how="anti"), held])
    held_clusters = pl.concat(
        [first_in_cluster.get_column("cluster"), twice.get_column("cluster")]
    ).implode()
    no_village = new.filter(pl.col("village_code").is_null()).get_column("cluster").implode()
    bad_elsewhere = elsewhere.get_column("row").implode()
    outcomes = outcomes.with_columns(
        status=pl.when(pl.col("row").is_in(bad_elsewhere))
        .then(pl.lit("invalid"))
        .when(pl.col("cluster").is_in(held_clusters))
        .then(pl.lit("review"))
        .when(pl.col("cluster").is_in(no_village))
        .then(pl.lit("invalid"))
        .otherwise("status"),
        reasons=pl.concat_str(
            [
                pl.col("reasons").replace("", None),
                pl.when(pl.col("row").is_in(bad_elsewhere))
                .then(pl.lit("NIK_OTHER_PEMDA"))
                .when(pl.col("cluster").is_in(held_clusters))
                .then(pl.lit("LINK_REVIEW"))
                .when(pl.col("cluster").is_in(no_village))
                .then(pl.lit("NO_VILLAGE_FOR_NEW")),
            ],
            separator=";",
            ignore_nulls=True,
        ).fill_null(""),
    )
    return outcomes, reviews


def settle_reviews(
    outcomes: pl.DataFrame, reviews: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Release review items whose candidate row is itself held (its person is not known):
    their rows take the status they would have had without the review band."""
    while True:
        held_rows = outcomes.filter(pl.col("status") == "review").get_column("row")
        unresolved = reviews.filter(
            pl.col("candidate_row").is_not_null()
            & pl.col("candidate_row").is_in(held_rows.implode())
        )
        if unresolved.height == 0:
            return outcomes, reviews.filter(pl.col("row").is_in(held_rows.implode()))
        clusters = outcomes.join(unresolved.select("row"), on="row").get_column("cluster")
        outcomes = outcomes.with_columns(
            status=pl.when(pl.col("cluster").is_in(clusters.implode()))
            .then("base_status")
            .otherwise("status")
        )
        reviews = reviews.join(unresolved.select("row"), on="row", how="anti")
