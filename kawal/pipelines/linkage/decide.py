"""Turn scored pairs into one outcome per incoming row: link, duplicate, new person or review.

Vertices are incoming rows (``uid`` > 0, the data row number) and registry people
(``uid`` < 0, minus the person id). Edges with probability ≥ ``auto`` join a component
(connected components by label propagation, in Polars); edges in ``[review, auto)`` only
send rows to the review queue. A false merge is worse than a missed duplicate, so:

* a component holding two registry people is never merged: each of its rows links only to
  the one person it matched directly, else it goes to review;
* a human "different" decision removes its edge; a "same" decision promotes it to auto.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

OUTCOME_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "status": pl.String(),
    "base_status": pl.String(),
    "person": pl.Int64(),
    "cluster": pl.Int64(),
    "score": pl.Float64(),
    "reasons": pl.String(),
}
REVIEW_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "candidate_person": pl.Int64(),
    "candidate_row": pl.Int64(),
    "score": pl.Float64(),
}


@dataclass(frozen=True)
class Thresholds:
    """Match probability bands: ≥ ``auto`` links, ``[review, auto)`` goes to a person."""

    auto: float = 0.99
    review: float = 0.5


@dataclass(frozen=True)
class Decisions:
    """Rows × people already decided by a human: ``row``, ``person`` (id), ``same``."""

    frame: pl.DataFrame

    @classmethod
    def empty(cls) -> Decisions:
        return cls(pl.DataFrame(schema={"row": pl.Int64, "person": pl.Int64, "same": pl.Boolean}))


def _edges(pairs: pl.DataFrame, decisions: Decisions) -> pl.DataFrame:
    """Undirected edges ``a`` > ``b`` (a row is always ``a``) with decisions applied."""
    edges = pairs.select(
        pl.max_horizontal("uid_l", "uid_r").alias("a"),
        pl.min_horizontal("uid_l", "uid_r").alias("b"),
        "probability",
        pl.col("eligible") if "eligible" in pairs.columns else pl.lit(True).alias("eligible"),
    )
    decided = decisions.frame.select(
        pl.col("row").alias("a"), (-pl.col("person")).alias("b"), "same"
    )
    edges = edges.join(decided, on=["a", "b"], how="left")
    extra = decided.filter("same").join(edges, on=["a", "b"], how="anti")
    edges = pl.concat([edges, extra.with_columns(probability=pl.lit(1.0))], how="diagonal_relaxed")
    return (
        edges.filter(pl.col("same").is_null() | pl.col("same"))
        .with_columns(
            probability=pl.when(pl.col("same")).then(1.0).otherwise("probability"),
            eligible=pl.col("eligible") | pl.col("same").fill_null(False),
            decided=pl.col("same").fill_null(False),
        )
        .drop("same")
    )


def _components(vertices: pl.Series, edges: pl.DataFrame) -> pl.DataFrame:
    """``uid`` → ``component`` (smallest uid of its component) by min-label propagation."""
    labels = pl.DataFrame({"uid": vertices}).with_columns(component=pl.col("uid"))
    both = pl.concat(
        [
            edges.select(pl.col("a").alias("u"), pl.col("b").alias("v")),
            edges.select(pl.col("b").alias("u"), pl.col("a").alias("v")),
        ]
    )
    while True:
        proposed = (
            both.join(labels, left_on="v", right_on="uid")
            .group_by("u")
            .agg(pl.col("component").min().alias("proposed"))
        )
        updated = (
            labels.join(proposed, left_on="uid", right_on="u", how="left")
            .with_columns(component=pl.min_horizontal("component", "proposed"))
            .drop("proposed")
        )
        if updated.get_column("component").equals(labels.get_column("component")):
            return labels
        labels = updated


def decide(
    rows: pl.Series, pairs: pl.DataFrame, *, thresholds: Thresholds, decisions: Decisions
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Outcomes (:data:`OUTCOME_SCHEMA`) for ``rows`` and their review items
    (:data:`REVIEW_SCHEMA`). ``person`` is an existing person's id; ``cluster`` groups the
    rows that become one new person (``created`` for the first row, ``duplicate`` after).
    """
    edges = _edges(pairs, decisions)
    is_auto = (pl.col("probability") >= thresholds.auto) & pl.col("eligible")
    auto = edges.filter(is_auto)
    review = edges.filter(~is_auto)
    vertices = pl.concat([rows.cast(pl.Int64), auto.get_column("b").filter(auto["b"] < 0)])
    labels = _components(vertices.unique(), auto)
    on_rows = labels.filter(pl.col("uid") > 0)
    people = (
        labels.filter(pl.col("uid") < 0)
        .group_by("component")
        .agg(pl.col("uid").neg().alias("people"))
    )
    # Best direct auto edge from a row to a person, for components that hold several people.
    direct = (
        auto.filter(pl.col("b") < 0)
        .sort("probability", descending=True)
        .group_by("a", maintain_order=True)
        .agg(
            pl.col("b").first().neg().alias("direct"),
            pl.col("probability").first(),
            pl.col("b").n_unique().alias("n_direct"),
            pl.col("decided").any(),
        )
    )
    best_any = (
        edges.sort("probability", descending=True)
        .group_by("a", maintain_order=True)
        .agg(pl.col("probability").first().alias("best"))
    )
    frame = (
        on_rows.join(people, on="component", how="left")
        .join(direct, left_on="uid", right_on="a", how="left")
        .join(best_any, left_on="uid", right_on="a", how="left")
        .with_columns(n_people=pl.col("people").list.len().fill_null(0))
    )
    single = pl.col("n_people") == 1
    many_ok = (pl.col("n_people") > 1) & (pl.col("n_direct") == 1)
    person = (
        pl.when(single).then(pl.col("people").list.first()).when(many_ok).then(pl.col("direct"))
    )
    frame = frame.with_columns(person=person, conflict=(pl.col("n_people") > 1) & ~many_ok)
    frame = _statuses(frame)
    reviews = _reviews(frame, review, auto)
    frame = frame.with_columns(base_status=pl.col("status"))
    held = reviews.select(pl.col("row").alias("leader"), "members").explode("members")
    frame = frame.with_columns(
        status=pl.when(pl.col("uid").is_in(held.get_column("members").implode()))
        .then(pl.lit("review"))
        .otherwise("status"),
        reasons=pl.when(pl.col("uid").is_in(held.get_column("members").implode()))
        .then(
            pl.when(pl.col("conflict"))
            .then(pl.lit("LINK_CONFLICT"))
            .otherwise(pl.lit("LINK_REVIEW"))
        )
        .otherwise("reasons"),
    )
    reviews = reviews.drop("members")
    outcomes = frame.select(
        pl.col("uid").alias("row"),
        "status",
        "base_status",
        pl.when(~pl.col("conflict")).then("person").alias("person"),
        pl.when(pl.col("base_status").is_in(["created", "duplicate"]) & pl.col("person").is_null())
        .then("component")
        .alias("cluster"),
        pl.col("best").alias("score"),
        "reasons",
    ).sort("row")
    return outcomes.cast(OUTCOME_SCHEMA), reviews  # type: ignore[arg-type]


def _statuses(frame: pl.DataFrame) -> pl.DataFrame:
    """created / linked / duplicate from the component; the first row of a component leads."""
    first = pl.col("uid") == pl.col("uid").min().over(
        pl.coalesce(pl.col("person").neg(), pl.col("component"))
    )
    linked = pl.col("person").is_not_null()
    status = (
        pl.when(pl.col("conflict"))
        .then(pl.lit("review"))
        .when(~first)
        .then(pl.lit("duplicate"))
        .when(linked)
        .then(pl.lit("linked"))
        .otherwise(pl.lit("created"))
    )
    reasons = (
        pl.when(pl.col("conflict"))
        .then(pl.lit("LINK_CONFLICT"))
        .when(pl.col("decided").fill_null(False))
        .then(pl.lit("LINK_DECISION"))
        .when(~first)
        .then(pl.lit("LINK_DUPLICATE_IN_FILE"))
        .when(linked)
        .then(pl.lit("LINK_MATCH"))
        .otherwise(pl.lit(""))
    )
    return frame.with_columns(status=status, reasons=reasons)


def _reviews(frame: pl.DataFrame, review: pl.DataFrame, auto: pl.DataFrame) -> pl.DataFrame:
    """Review items: one per new-person component with a review-band candidate (held on its
    first row, with all its rows as ``members``), and one per conflicting row.

    A candidate is a registry person or an earlier row outside the component (whose person is
    known after commit). Candidates inside the row's own component are already merged.
    """
    new = pl.col("status").is_in(["created", "duplicate"]) & pl.col("person").is_null()
    unit = pl.when(pl.col("conflict")).then(pl.col("uid")).otherwise(pl.col("component"))
    units = frame.filter(new | pl.col("conflict")).select(
        "uid", "component", "conflict", unit.alias("unit")
    )
    both = pl.concat(
        [
            review.select("a", "b", "probability"),
            review.filter(pl.col("b") > 0).select(
                pl.col("b").alias("a"), pl.col("a").alias("b"), "probability"
            ),
            auto.filter(pl.col("b") < 0).select("a", "b", "probability"),
        ]
    )
    components = frame.select(pl.col("uid").alias("b"), pl.col("component").alias("b_component"))
    candidates = (
        both.join(units, left_on="a", right_on="uid")
        .join(components, on="b", how="left")
        .filter(
            (pl.col("b_component").is_null() | (pl.col("b_component") != pl.col("component")))
            & (pl.col("conflict") | (pl.col("probability") < 1.0))
            # A row candidate only for a later unit, so the earlier one is created first.
            & ((pl.col("b") < 0) | (pl.col("b") < pl.col("unit")))
        )
        .sort(["unit", "probability", "b"], descending=[False, True, False])
        .group_by("unit", maintain_order=True)
        .first()
    )
    members = units.group_by("unit").agg(
        pl.col("uid").min().alias("leader"), pl.col("uid").sort().alias("members")
    )
    return (
        candidates.join(members, on="unit")
        .select(
            pl.col("leader").alias("row"),
            pl.when(pl.col("b") < 0).then(pl.col("b").neg()).alias("candidate_person"),
            pl.when(pl.col("b") > 0).then("b").alias("candidate_row"),
            pl.col("probability").alias("score"),
            "members",
        )
        .cast({**REVIEW_SCHEMA, "members": pl.List(pl.Int64)})
        .sort("row")
    )  # type: ignore[arg-type]
