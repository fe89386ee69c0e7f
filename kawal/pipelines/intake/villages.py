"""Resolve the desa/kelurahan written in an intake file to its 10-digit Kemendagri code.

Works on the distinct (village, district) pairs of a file — a million rows name a few
hundred villages — and the caller joins the answer back onto the rows.
"""

from __future__ import annotations

import polars as pl

from kawal.pipelines.intake.values import drop_number_suffix, place_key

VILLAGE_COLUMNS = ("code", "name", "district_code", "district_name")
#: Resolution outcome per pair.
FOUND, NOT_FOUND, AMBIGUOUS = "found", "not_found", "ambiguous"


def _code_digits(text: pl.Expr) -> pl.Expr:
    """Digits of a code written with dots, spaces or dashes; null when it is not code-like."""
    cleaned = drop_number_suffix(text).str.replace_all(r"[.\s\-]", "")
    return pl.when(cleaned.str.contains(r"^[0-9]+$")).then(cleaned)


def villages_of_regency(regions: pl.DataFrame, regency_code: str) -> pl.DataFrame:
    """The current desa/kelurahan of a regency from a region table in Kawal's layout.

    ``regions`` has the columns of ``regions.csv``; the result has :data:`VILLAGE_COLUMNS`.
    """
    current = regions.filter(pl.col("valid_to").is_null() | (pl.col("valid_to") == ""))
    districts = current.filter(pl.col("level") == "district").select(
        pl.col("code").alias("district_code"), pl.col("name").alias("district_name")
    )
    return (
        current.filter(pl.col("level") == "village", pl.col("code").str.starts_with(regency_code))
        .select("code", "name", pl.col("parent_code").alias("district_code"))
        .join(districts, on="district_code")
        .sort("code")
    )


def keyed_villages(villages: pl.DataFrame) -> pl.DataFrame:
    """``villages`` with ``key`` and ``district_key`` (:func:`place_key` of the names).

    Raises ``ValueError`` when a column of :data:`VILLAGE_COLUMNS` is missing.
    """
    absent = [name for name in VILLAGE_COLUMNS if name not in villages.columns]
    if absent:
        raise ValueError(f"villages frame lacks columns {absent}")
    return villages.select(
        pl.col("code").cast(pl.String).str.replace_all(r"\.", ""),
        place_key(villages["name"].cast(pl.String)).alias("key"),
        pl.col("district_code").cast(pl.String).str.replace_all(r"\.", ""),
        place_key(villages["district_name"].cast(pl.String)).alias("district_key"),
    )


def resolve_villages(pairs: pl.DataFrame, villages: pl.DataFrame) -> pl.DataFrame:
    """Resolve each distinct ``(village, district)`` text pair (both String, nullable).

    1. A code-like village (digits with dots/spaces/dashes) is looked up by its digits.
    2. Otherwise its :func:`place_key` is looked up among the names. One candidate: found.
       Several: the district (a name, compared by key, or a 6-digit code) picks one if it
       matches exactly one of them, otherwise the pair is ambiguous.
    3. ``district_mismatch`` is true when a found village is not in the district given.

    Returns ``pairs`` with ``village_code`` (null unless found), ``status`` (``found``,
    ``not_found``, ``ambiguous``, or null for a blank village) and ``district_mismatch``.
    """
    table = keyed_villages(villages)
    probe = pairs.with_row_index("__pair").with_columns(
        _code_digits(pl.col("village")).alias("__digits"),
        place_key(pairs["village"]).alias("__key"),
        place_key(pairs["district"]).alias("__dkey"),
        _code_digits(pl.col("district")).alias("__ddigits"),
    )
    by_code = probe.filter(pl.col("__digits").is_not_null()).join(
        table, left_on="__digits", right_on="code", how="inner"
    )
    by_code = by_code.with_columns(pl.col("__digits").alias("code"))
    by_name = probe.filter(pl.col("__digits").is_null()).join(
        table, left_on="__key", right_on="key", how="inner"
    )
    candidates = pl.concat([by_code.select(_CANDIDATE), by_name.select(_CANDIDATE)])
    in_district = (pl.col("__dkey") == pl.col("district_key")) | (
        pl.col("__ddigits") == pl.col("district_code")
    )
    summary = candidates.group_by("__pair").agg(
        pl.len().alias("__n"),
        in_district.fill_null(False).sum().alias("__n_district"),
        pl.col("code").first().alias("__only"),
        pl.col("code").filter(in_district.fill_null(False)).first().alias("__picked"),
    )
    out = probe.join(summary, on="__pair", how="left")
    n, n_district = pl.col("__n").fill_null(0), pl.col("__n_district").fill_null(0)
    code = pl.when(n_district == 1).then(pl.col("__picked")).when(n == 1).then(pl.col("__only"))
    blank = pl.col("village").is_null()
    status = (
        pl.when(blank)
        .then(None)
        .when(code.is_not_null())
        .then(pl.lit(FOUND))
        .when(n == 0)
        .then(pl.lit(NOT_FOUND))
        .otherwise(pl.lit(AMBIGUOUS))
    )
    has_district = pl.col("district").is_not_null()
    mismatch = code.is_not_null() & has_district & (n_district == 0)
    return out.sort("__pair").select(
        pl.col("village"),
        pl.col("district"),
        code.alias("village_code"),
        status.alias("status"),
        mismatch.alias("district_mismatch"),
    )


_CANDIDATE = ["__pair", "code", "district_code", "district_key", "__dkey", "__ddigits"]
