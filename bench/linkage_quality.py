"""Linkage quality: pairwise precision, recall and F1 of a clustering against the truth.

Elements
    The elements scored are every data row of the import file plus every registry person.
    A registry person's predicted cluster is its own person id, and its true entity is its
    ``entity``; an import row's predicted cluster is the registry person it was linked to, or
    the new person the import created for it (rows linked to the same new person share that
    cluster), and its true entity is the ``entity`` of ``truth.parquet``. Rows left in the
    review band (neither linked nor created) count as singletons: give each its own cluster.
    Element keys and cluster keys may be of any type but must not collide between the two
    kinds of element (for instance ``"row:17"`` and ``"person:17"``).

Scores
    With the contingency table ``n_ij`` (elements in predicted cluster i and true entity j),
    ``a_i`` and ``b_j`` its row and column sums, and ``C(k, 2) = k (k - 1) / 2``:
    true positive pairs ``TP = Σ C(n_ij, 2)``, predicted pairs ``Σ C(a_i, 2)``, true pairs
    ``Σ C(b_j, 2)``; precision = TP / predicted pairs (1.0 when nothing is paired), recall =
    TP / true pairs (1.0 when there is nothing to find), F1 their harmonic mean.
"""

from __future__ import annotations

import polars as pl


def _pairs(frame: pl.DataFrame, *keys: str) -> int:
    """Σ C(k, 2) over the group sizes k of ``keys``."""
    sizes = frame.group_by(*keys).len()
    return int(sizes.select((pl.col("len").cast(pl.Int64) * (pl.col("len") - 1) // 2).sum()).item())


def pairwise_scores(pred: pl.DataFrame, truth: pl.DataFrame) -> dict[str, float | int]:
    """Pairwise scores of ``pred`` (columns ``element``, ``cluster``) against ``truth``
    (``element``, ``entity``); both must list the same elements, each once. Returns
    ``elements``, ``true_positive_pairs``, ``predicted_pairs``, ``true_pairs``,
    ``precision``, ``recall`` and ``f1``.

    >>> pred = pl.DataFrame({"element": ["a", "b", "c", "d"], "cluster": [1, 1, 2, 2]})
    >>> truth = pl.DataFrame({"element": ["a", "b", "c", "d"], "entity": [7, 7, 7, 8]})
    >>> scores = pairwise_scores(pred, truth)
    >>> scores["precision"], round(scores["recall"], 4), scores["f1"]
    (0.5, 0.3333, 0.4)
    """
    for name, frame in (("pred", pred), ("truth", truth)):
        if frame["element"].is_duplicated().any():
            raise ValueError(f"{name} lists an element twice")
        if frame["element"].null_count():
            raise ValueError(f"{name} has a null element")
    joined = pred.select("element", "cluster").join(
        truth.select("element", "entity"), on="element", how="full", coalesce=True
    )
    if joined["cluster"].null_count() or joined["entity"].null_count():
        raise ValueError("pred and truth must list the same elements (and no null keys)")
    tp = _pairs(joined, "cluster", "entity")
    predicted = _pairs(joined, "cluster")
    true = _pairs(joined, "entity")
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "elements": joined.height,
        "true_positive_pairs": tp,
        "predicted_pairs": predicted,
        "true_pairs": true,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }
