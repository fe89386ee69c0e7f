"""Vectorised versions of the per-value rules used by intake validation.

Every function takes a String ``pl.Series`` and returns a Series of the same length, using
Polars expressions only (no Python per row). Where a scalar rule exists in
:mod:`kawal.domain` (phones, occupations, places) the function is its equivalent, checked by
property tests.

Two performance rules (performance-notes.md): an intermediate value used twice is
materialised once as a temporary column rather than repeated inside one expression, and
rules for columns with few distinct values (sex, occupation, desil, wage, dates, places) run
on the distinct values only and are mapped back with :func:`map_unique`.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from kawal.domain.intake_sources import MARITAL_VALUES, SEX_VALUES
from kawal.domain.occupations import OCCUPATIONS, SYNONYMS

#: The characters Python's ``str.isspace`` (and so ``re``'s ``\s``) accepts, spelled out so
#: that Polars (Rust ``regex``, whose ``\s`` differs on U+001C–U+001F) agrees exactly.
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
_PHONE_SEPARATORS = f"[{PY_WHITESPACE}().\\-/]+"
_ASCII_WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
#: A value is not blank when it has a character other than whitespace and dashes.
NOT_BLANK = "[^\\s\\-\u2013\u2014]"
_V = pl.col("v")


def map_unique(
    values: pl.Series,
    compute: Callable[[pl.LazyFrame], pl.LazyFrame],
    dtype: pl.DataType,
) -> pl.Series:
    """Apply a frame computation to the distinct non-null ``values`` and map it back.

    ``compute`` receives a LazyFrame with the distinct values in column ``v`` and must
    return it with the result in column ``out``. Nulls map to null.
    """
    distinct = values.drop_nulls().unique().cast(pl.String)
    table = compute(distinct.to_frame("v").lazy()).select("v", "out").collect()
    return values.replace_strict(table["v"], table["out"], default=None, return_dtype=dtype)


def blank_to_null(text: pl.Expr) -> pl.Expr:
    """Strip surrounding whitespace; a value of only whitespace and dashes becomes null.

    Spreadsheets from villages write ``-`` for "nothing to report". ``text`` appears twice,
    so pass a column rather than a computed expression.
    """
    return pl.when(text.str.contains(NOT_BLANK)).then(text.str.strip_chars())


def collapse_spaces(text: pl.Expr) -> pl.Expr:
    """Make every run of inner whitespace one space (the text is already stripped)."""
    return text.str.replace_all(r"\s{2,}|[^\S ]", " ")


def drop_number_suffix(text: pl.Expr) -> pl.Expr:
    """``"3.0"`` → ``"3"``: undo how a spreadsheet number cell is rendered as text."""
    return text.str.replace(r"^(\s*[0-9]+)\.0+(\s*)$", "${1}${2}")


def phone_digits(raw: pl.Expr) -> pl.Expr:
    """Stage 1 of :func:`normalise_phone`: separators and one leading ``+`` removed."""
    return raw.str.replace_all(_PHONE_SEPARATORS, "").str.strip_prefix("+")


def phone_from_digits(digits: str) -> pl.Expr:
    """Stage 2 of :func:`normalise_phone`, on the column ``digits`` made by :func:`phone_digits`."""
    d = pl.col(digits)
    starts_62, starts_8 = d.str.starts_with("62"), d.str.starts_with("8")
    length = d.str.len_bytes() + pl.when(starts_62).then(-1).when(starts_8).then(1).otherwise(0)
    ok = (
        d.str.contains(r"^[0-9]+$")
        & (d.str.starts_with("628") | starts_8 | d.str.starts_with("08"))
        & length.is_between(10, 13)
    )
    # One slice and one concatenation for every branch: "62…" → "0" + d[2:], "8…" → "0" + d.
    prefix = pl.when(starts_62 | starts_8).then(pl.lit("0")).otherwise(pl.lit(""))
    local = pl.concat_str(prefix, d.str.slice(pl.when(starts_62).then(2).otherwise(0)))
    return pl.when(ok).then(local)


def normalise_phone(raw: pl.Series) -> pl.Series:
    """Vectorised :func:`kawal.domain.phones.normalise_phone`: ``08…`` (10–13 digits) or null.

    One deliberate difference: the scalar function accepts any Unicode digit
    (``str.isdigit`` is true for ``"٣"`` or ``"²"``); this one only ASCII 0–9.
    """
    frame = raw.cast(pl.String).to_frame("raw").lazy()
    frame = frame.select(phone_digits(pl.col("raw")).alias("d"))
    return frame.select(phone_from_digits("d").alias(raw.name)).collect().to_series()


def _occupation_lookup() -> dict[str, str]:
    lookup = dict(SYNONYMS)
    lookup.update({code.upper(): code for code in OCCUPATIONS})
    return lookup


_OCCUPATION_LOOKUP = _occupation_lookup()


def occupation_code(raw: pl.Series) -> pl.Series:
    """Vectorised :func:`kawal.domain.occupations.occupation_code` (null when unknown).

    Words are split on the characters Python's ``str.split`` splits on; upper-casing is
    Rust's, which agrees with Python's on every vocabulary key.
    """
    key = _V.str.replace_all(".", " ", literal=True).str.to_uppercase()
    key = key.str.replace_all(f"[{PY_WHITESPACE}]+", " ")
    out = key.str.strip_chars(" ").replace_strict(
        _OCCUPATION_LOOKUP, default=None, return_dtype=pl.String
    )
    return map_unique(raw, lambda lf: lf.with_columns(out.alias("out")), pl.String())


def sex_code(raw: pl.Series) -> pl.Series:
    """``"L"``/``"P"`` from the spellings in :data:`~kawal.domain.intake_sources.SEX_VALUES`.

    Accepted (any case; punctuation, spaces and a spreadsheet ``.0`` ignored): L, LK, Laki,
    Laki-laki, Pria, M, Male, 1 → L; P, PR, Perempuan, Wanita, W, F, Female, 2 → P.
    Anything else is null.
    """
    key = drop_number_suffix(_V).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    out = key.replace_strict(SEX_VALUES, default=None, return_dtype=pl.String)
    return map_unique(raw, lambda lf: lf.with_columns(out.alias("out")), pl.String())


def marital_status(raw: pl.Series) -> pl.Series:
    """Dukcapil status (BELUM KAWIN, KAWIN, CERAI HIDUP, CERAI MATI), else the text upper-cased."""

    def compute(lf: pl.LazyFrame) -> pl.LazyFrame:
        key = _V.str.replace_all(r"[.,\s]+", " ").str.strip_chars().str.to_uppercase()
        lf = lf.with_columns(key.alias("k"))
        mapped = pl.col("k").replace_strict(MARITAL_VALUES, default=pl.col("k"))
        return lf.with_columns(mapped.alias("out"))

    return map_unique(raw, compute, pl.String())


def parse_desil(raw: pl.Series) -> pl.Series:
    """Desil 1–10 as Int8 from ``"3"``, ``"03"``, ``"3.0"`` or ``"Desil 3"``; null otherwise."""

    def compute(lf: pl.LazyFrame) -> pl.LazyFrame:
        text = drop_number_suffix(_V.str.replace(r"(?i)^\s*desil\s*", ""))
        lf = lf.with_columns(text.str.strip_chars().cast(pl.Int64, strict=False).alias("n"))
        return lf.with_columns(pl.when(pl.col("n").is_between(1, 10)).then("n").alias("out"))

    return map_unique(raw, compute, pl.Int8())


def parse_wage(raw: pl.Series) -> pl.Series:
    """Rupiah amount as Int64 (rounded half away from zero); null when not an amount.

    Accepts an optional ``Rp``/``IDR`` prefix and minus sign, the thousands styles
    ``2.500.000``, ``2,500,000`` and ``2 500 000`` (with an optional ``,00``/``.00``
    fraction), and plain numbers ``2500000`` or ``2500000.5``.
    """

    def compute(lf: pl.LazyFrame) -> pl.LazyFrame:
        cleaned = _V.str.replace_all(r"\s", "").str.replace(r"(?i)^(-?)(?:rp|idr)\.?", "${1}")
        t = pl.col("t")
        number = (
            pl.when(t.str.contains(r"^-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?$"))
            .then(t.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
            .when(t.str.contains(r"^-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$"))
            .then(t.str.replace_all(",", "", literal=True))
            .when(t.str.contains(r"^-?[0-9]+(?:[.,][0-9]+)?$"))
            .then(t.str.replace(",", ".", literal=True))
        )
        amount = number.cast(pl.Float64, strict=False).round(0, mode="half_away_from_zero")
        lf = lf.with_columns(cleaned.alias("t"))
        return lf.with_columns(amount.cast(pl.Int64, strict=False).alias("out"))

    return map_unique(raw, compute, pl.Int64())


def place_key(names: pl.Series) -> pl.Series:
    """Vectorised :func:`kawal.domain.places.place_key` (null stays null).

    Collapsing doubled letters needs a back-reference, which Rust ``regex`` lacks; it is
    done on the list of characters, on the distinct names only.
    """
    text = (
        _V.str.normalize("NFKD")
        .str.replace_all(r"[^\x00-\x7F]", "")
        .str.to_uppercase()
        .str.strip_chars(_ASCII_WHITESPACE)
        .str.replace_all(r"\(.*?\)", " ")
        .str.replace(
            r"^(DESA|DS|KELURAHAN|KEL|KEC|KECAMATAN|KABUPATEN|KAB|KOTA|PROVINSI|PROV)\b\.?\s*", ""
        )
        .str.replace_all(r"[^A-Z0-9]", "")
        .str.replace_all("OE", "U", literal=True)
        .str.replace_all("DJ", "J", literal=True)
        .str.replace_all("TJ", "C", literal=True)
    )
    single = pl.element().filter(pl.element().ne_missing(pl.element().shift(1)))
    out = text.str.split("").list.eval(single).list.join("")
    return map_unique(names, lambda lf: lf.with_columns(out.alias("out")), pl.String())


def formula_like(text: pl.Expr) -> pl.Expr:
    """True when the text, after leading whitespace, starts with ``=``, ``+``, ``@`` or ``-``
    followed by more than dashes (a lone ``-`` means "nothing" and is blank, not a formula).
    """
    return text.str.contains(f"^\\s*(?:[=+@]|-[\\s\\-\u2013\u2014]*{NOT_BLANK})").fill_null(False)
