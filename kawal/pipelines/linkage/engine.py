"""Link incoming rows to each other and to the registry: the whole linkage step of an import.

1. Features for both sides (:mod:`~kawal.pipelines.linkage.features`).
2. Exact NIK with the same name (same name key or the same words): linked at once, without
   the model. Most rows of a re-submitted list end here.
3. The rest is scored by the trained Splink model (:mod:`~kawal.pipelines.linkage.score`).
4. Outcomes and review items (:mod:`~kawal.pipelines.linkage.decide`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from kawal.pipelines.linkage.decide import Decisions, Thresholds, decide
from kawal.pipelines.linkage.features import INPUT_COLUMNS, link_features
from kawal.pipelines.linkage.model import load_model
from kawal.pipelines.linkage.score import gamma_columns, score_pairs


@dataclass(frozen=True)
class LinkResult:
    """``outcomes`` and ``reviews`` as in :func:`~kawal.pipelines.linkage.decide.decide`;
    ``pairs`` the scored pairs (with ``gamma_*`` evidence); ``timings`` seconds per step."""

    outcomes: pl.DataFrame
    reviews: pl.DataFrame
    pairs: pl.DataFrame
    features: pl.DataFrame
    timings: dict[str, float] = field(default_factory=dict)


def _exact(incoming: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """Pairs (row, -person) with the same NIK and the same name: certain links."""
    keys = ["nik", "name_key", "name_tokens"]
    joined = (
        incoming.select("unique_id", *keys)
        .filter(pl.col("nik").is_not_null())
        .join(registry.select(pl.col("unique_id").alias("uid_r"), *keys), on="nik", suffix="_r")
    )
    same = (pl.col("name_key") == pl.col("name_key_r")) | (
        pl.col("name_tokens") == pl.col("name_tokens_r")
    )
    return joined.filter(same).select(
        pl.col("unique_id").alias("uid_l"),
        "uid_r",
        probability=pl.lit(1.0),
        weight=pl.lit(None, pl.Float64),
        same_nik=pl.lit(True),
    )


def eligible(pairs: pl.DataFrame) -> pl.Expr:
    """Whether a pair may be linked without a person looking at it, whatever its score.

    The model multiplies evidence as if fields were independent; in a household they are
    not (same phone, village, birth place, often the same NIK serial), so a high score can
    come from a shared household alone. Automatic links therefore also need the person's
    own identity to agree: with the same NIK, a similar name or a close birth date; with
    different NIKs, the same name (key or words), the same birth date (or day and month
    swapped, or none given) and no sex conflict. Twins break a looser rule: adjacent NIK
    serials, one birth date, one household, and often names a letter apart.
    """
    if "gamma_name" not in pairs.columns:
        return pl.lit(True)
    name, dob, sex = pl.col("gamma_name"), pl.col("gamma_dob"), pl.col("gamma_sex")
    model_pair = name.is_not_null()
    same_nik = (name >= 1) | (dob >= 2)
    other_nik = (name >= 3) & ((dob >= 3) | (dob == -1)) & (sex != 0)
    return ~model_pair | pl.when(pl.col("same_nik")).then(same_nik).otherwise(other_nik)


def plausible(pairs: pl.DataFrame) -> pl.Expr:
    """Whether a pair with different NIKs could be one person at all (else it is dropped).

    One person's two NIKs differ by a typing slip, which leaves the birth date typed
    alongside intact or nearly so; and their names share something. A pair whose birth
    dates differ beyond one digit or a day/month swap, or whose names have nothing in
    common, is two people (namesakes, or a household scored high on what it shares), and
    putting it in front of a reviewer only buries the real questions. Measured on the
    benchmark data (``bench/intake_import.py``), this drops thousands of review pairs
    per 100,000 rows and keeps all but a handful of true matches.
    """
    if "gamma_name" not in pairs.columns:
        return pl.lit(True)
    name, dob = pl.col("gamma_name"), pl.col("gamma_dob")
    close = ((name >= 1) & (dob >= 2)) | ((name >= 2) & (dob == -1))
    return name.is_null() | pl.col("same_nik") | close


def link(
    incoming: pl.DataFrame,
    registry: pl.DataFrame,
    *,
    settings: dict[str, Any] | None = None,
    thresholds: Thresholds | None = None,
    decisions: Decisions | None = None,
) -> LinkResult:
    """Link ``incoming`` rows (``uid`` = data row number > 0) against ``registry`` people
    (``uid`` = minus the person id). Both frames have :data:`INPUT_COLUMNS`."""
    settings = settings or load_model()
    thresholds = thresholds or Thresholds()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    new = link_features(incoming.select(INPUT_COLUMNS))
    known = link_features(registry.select(INPUT_COLUMNS))
    timings["features"] = time.perf_counter() - started

    started = time.perf_counter()
    exact = _exact(new, known)
    rest = new.filter(~pl.col("unique_id").is_in(exact.get_column("uid_l").implode()))
    timings["exact"] = time.perf_counter() - started

    started = time.perf_counter()
    scored = score_pairs(rest, known, settings=settings, threshold=thresholds.review)
    timings["model"] = time.perf_counter() - started

    started = time.perf_counter()
    gammas = gamma_columns(settings)
    pairs = pl.concat(
        [scored, exact.with_columns(pl.lit(None, pl.Int8).alias(g) for g in gammas)],
        how="vertical_relaxed",
    )
    pairs = pairs.filter(plausible(pairs)).with_columns(eligible=eligible(pairs))
    outcomes, reviews = decide(
        new.get_column("unique_id"),
        pairs,
        thresholds=thresholds,
        decisions=decisions or Decisions.empty(),
    )
    timings["decide"] = time.perf_counter() - started
    return LinkResult(outcomes, reviews, pairs, features=new, timings=timings)
