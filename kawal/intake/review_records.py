"""What a review item stores: the held row's data and the evidence of the comparison."""

from __future__ import annotations

import json

import polars as pl

from kawal.pipelines.linkage.model import load_model

#: Row fields kept with a review item (enough to create the person or attach the row later).
RECORD_FIELDS = (
    "row", "nik", "full_name", "sex", "birth_date", "birth_place", "mother_name",
    "marital_status", "address", "rt", "rw", "village_code", "phone", "occupation", "desil",
    "work_unit", "wage", "adhoc_body", "election", "start_date", "end_date",
)  # fmt: skip


def level_labels() -> dict[str, dict[int, str]]:
    """Comparison name → gamma value → level label, from the model file."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in load_model()["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        named = {len(levels) - 1 - i: lv["label_for_charts"] for i, lv in enumerate(levels)}
        labels[comparison["output_column_name"]] = {-1: "null", **named}
    return labels


def _evidence(pairs: pl.DataFrame, reviews: pl.DataFrame) -> pl.DataFrame:
    """``row`` → evidence JSON text: the level of each comparison for the pair (row, its
    candidate), the match probability and the ``members`` decided together."""
    labels = level_labels()
    target = pl.coalesce(pl.col("candidate_person").neg(), pl.col("candidate_row"))
    wanted = reviews.select("row", target.alias("other"))
    rest = [c for c in pairs.columns if c not in ("uid_l", "uid_r")]
    oriented = pl.concat(
        [
            pairs.select(pl.col("uid_l").alias("row"), pl.col("uid_r").alias("other"), *rest),
            pairs.select(pl.col("uid_r").alias("row"), pl.col("uid_l").alias("other"), *rest),
        ]
    )
    found = (
        wanted.join(oriented, on=["row", "other"], how="left")
        .unique("row", keep="first")
        .join(reviews.select("row", "members"), on="row")
    )
    out = []
    for record in found.iter_rows(named=True):
        evidence = {
            name: values.get(record.get(f"gamma_{name}"), "")
            if record.get(f"gamma_{name}") is not None
            else ""
            for name, values in labels.items()
        }
        evidence["probability"] = record.get("probability")
        evidence["members"] = record["members"]
        out.append((record["row"], json.dumps(evidence, sort_keys=True)))
    return pl.DataFrame(out, schema={"row": pl.Int64, "evidence": pl.String}, orient="row")


def _members(reviews: pl.DataFrame, outcomes: pl.DataFrame) -> pl.DataFrame:
    """``row`` → the rows a review decides together: the held cluster, or the row alone."""
    held = outcomes.filter(pl.col("status") == "review")
    clusters = reviews.select("row").join(held.select("row", "cluster"), on="row", how="left")
    grouped = (
        held.filter(pl.col("cluster").is_not_null())
        .group_by("cluster")
        .agg(pl.col("row").sort().alias("members"))
    )
    return clusters.join(grouped, on="cluster", how="left").select(
        "row",
        pl.when(pl.col("members").is_null())
        .then(pl.concat_list(pl.col("row")))
        .otherwise("members")
        .alias("members"),
    )


def review_frame(
    reviews: pl.DataFrame, rows: pl.DataFrame, pairs: pl.DataFrame, outcomes: pl.DataFrame
) -> pl.DataFrame:
    """Review items ready for the commit: ``record`` and ``evidence`` as JSON text."""
    if reviews.height == 0:
        return reviews.with_columns(
            evidence=pl.lit(None, pl.String),
            record=pl.lit(None, pl.String),
            record_key=pl.lit(None, pl.String),
            reasons=pl.lit(None, pl.String),
        )
    fields = [name for name in RECORD_FIELDS if name in rows.columns]
    records = rows.join(reviews.select("row"), on="row").select(fields)
    as_json = [
        (record["row"], json.dumps(record, default=str, sort_keys=True))
        for record in records.iter_rows(named=True)
    ]
    record_frame = pl.DataFrame(
        as_json, schema={"row": pl.Int64, "record": pl.String}, orient="row"
    )
    reasons = outcomes.select("row", "reasons")
    evidence = _evidence(pairs, reviews.join(_members(reviews, outcomes), on="row"))
    return (
        reviews.join(evidence, on="row", how="left")
        .join(record_frame, on="row")
        .join(rows.select("row", pl.col("nik").alias("record_key")), on="row")
        .join(reasons, on="row", how="left")
        .with_columns(evidence=pl.col("evidence").fill_null("{}"))
    )
