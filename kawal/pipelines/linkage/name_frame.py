"""Person-name keys for a whole Polars Series, with the rules of :mod:`kawal.domain.names`.

:func:`name_keys` gives, for every name, exactly what :func:`~kawal.domain.names.normalise_name`,
:func:`~kawal.domain.names.name_key` and :func:`~kawal.domain.names.name_tokens_key` give, a
property test checks it row for row. It works on the distinct values only, in three stages:

1. Per name, a few regular expressions turn the text into canonical tokens (``WORD`` or
   ``WORD.`` when written with a dot, separated by one space): titles and degrees are
   dropped, ``L. M.`` is joined, the first token is marked ``%`` when it is a one-token
   prefix (``LD.``, ``Laode``, ``L.M.``, ``W.O.``, ...) and ``#`` when it is the first word of
   the core name and an abbreviation (``Muh.``, ``St.``) to write out.
2. Per distinct token (a small vocabulary), the word it becomes (``%LD.`` → ``LA ODE``,
   ``#MUH.`` → ``MUHAMMAD``, ``SITTI`` → ``SITI``) and its spelling-tolerant key.
3. Per name again, the tokens are looked up and joined; the tokens key is sorted.

Names with a non-ASCII character (accents, curly apostrophes: rare in the registers) need the
Unicode decomposition (NFKD) that Polars does not have: their distinct values go through the
scalar functions, so the result is the same for every input.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from kawal.domain.names import (
    _OLD_SPELLING,
    _PHONETIC,
    DEGREES,
    DOTTED_DEGREES,
    LEADING_TITLES,
    MUHAMMAD_ABBREVIATIONS,
    MUHAMMAD_SPELLINGS,
    PREFIX_TOKENS,
    name_key,
    name_tokens_key,
    normalise_name,
)

OUTPUT_COLUMNS = ("name_normalised", "name_key", "name_tokens_key")
_SCHEMA = {"raw": pl.String, **dict.fromkeys(OUTPUT_COLUMNS, pl.String)}


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")"


#: Chunks (between spaces and commas) that are one token whatever their dots, like "S.Pd".
_KNOWN = (
    LEADING_TITLES | DEGREES | DOTTED_DEGREES | MUHAMMAD_ABBREVIATIONS | MUHAMMAD_SPELLINGS
) | {*PREFIX_TOKENS, "WO"}
_TRAILING = _alt((DEGREES | LEADING_TITLES) - {"H"})
_TRAILING_DOTTED = _alt(DOTTED_DEGREES - DEGREES - LEADING_TITLES)
# Leading titles, keeping the last token when all are titles.
_HEAD_TITLES = rf"^ *(?:{_alt(LEADING_TITLES)}\.? +)+([A-Z])"
# Trailing degrees (never a bare H), keeping the first token.
_HEAD_DEGREES = rf"([A-Z]\.?)(?: +(?:{_TRAILING}\.?|{_TRAILING_DOTTED}\.))+ *$"
_TAIL_DEGREE = rf"\b{_alt(DEGREES | LEADING_TITLES | DOTTED_DEGREES)}\b\.?"
# "L. M. Rusdin" -> "LM. Rusdin" (only when a third token follows).
_JOIN_INITIALS = (r"^(?:(L)\. ([DM])|(W)\. ([DO]))\.? ([A-Z])", "$1$2$3$4. $5")
_ONE_TOKEN_PREFIX = (rf"^({_alt(PREFIX_TOKENS)}\.?|WO\.) ", "%$1 ")
_CORE_FIRST = (
    rf"^((?:LA|WA)\.? ODE\.? |%{_alt(set(PREFIX_TOKENS) - {'LM'})}\.? |%WO\. )?"
    rf"({_alt(MUHAMMAD_ABBREVIATIONS | {'ST'})})\.? ([A-Z])",
    "${1}#$2 $3",
)
#: Canonical token (dots removed) -> words of the normalised name.
_WORDS = {
    **{f"%{token}": " ".join(words) for token, words in PREFIX_TOKENS.items()},
    "%WO": "WA ODE",
    **{f"#{abbreviation}": "MUHAMMAD" for abbreviation in MUHAMMAD_ABBREVIATIONS},
    "#ST": "SITI",
    **dict.fromkeys(MUHAMMAD_SPELLINGS, "MUHAMMAD"),
    "SITTI": "SITI",
    "ABD": "ABDUL",
}
_DOUBLES = [letter * 2 for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def name_keys(names: pl.Series) -> pl.DataFrame:
    """``name_normalised``, ``name_key`` and ``name_tokens_key`` of every name, in order.

    Same values as the scalar functions of :mod:`kawal.domain.names`; null and blank names
    give empty strings. Each distinct name is processed once.
    """
    raw = names.cast(pl.String).rename("raw")
    distinct = raw.drop_nulls().unique()
    non_ascii = distinct.str.contains(r"[^\x00-\x7F]")
    keys = pl.concat(
        [_ascii_keys(distinct.filter(~non_ascii)), _scalar_keys(distinct.filter(non_ascii))]
    )
    joined = raw.to_frame().join(keys, on="raw", how="left", maintain_order="left")
    return joined.select(pl.col(OUTPUT_COLUMNS).fill_null(""))


def _scalar_keys(raw: pl.Series) -> pl.DataFrame:
    """The scalar functions, for the (few) distinct names that need Unicode folding."""
    values = raw.to_list()
    columns = {
        "raw": values,
        "name_normalised": [normalise_name(v) for v in values],
        "name_key": [name_key(v) for v in values],
        "name_tokens_key": [name_tokens_key(v) for v in values],
    }
    return pl.DataFrame(columns, schema=_SCHEMA)


def _ascii_keys(raw: pl.Series) -> pl.DataFrame:
    tokens = _canonical_tokens(raw).str.split(" ")
    vocabulary = tokens.explode().unique()
    words = vocabulary.str.replace_all(".", "", literal=True).replace(_WORDS)
    keys = _word_keys(words)
    normalised = tokens.list.eval(pl.element().replace_strict(vocabulary, words)).list.join(" ")
    key = tokens.list.eval(pl.element().replace_strict(vocabulary, keys)).list.join(" ")
    return pl.DataFrame(
        {
            "raw": raw,
            "name_normalised": normalised,
            "name_key": key,
            "name_tokens_key": _tokens_key(key),
        }
    )


def _canonical_tokens(raw: pl.Series) -> pl.Series:
    text = raw.str.to_uppercase().str.replace_all("['`]", "").str.replace_all("[^A-Z.,]+", " ")
    text = _compact_known_chunks(text)
    # A chunk that is not a known abbreviation splits on its dots: "H.ABDUL" -> "H. ABDUL".
    text = text.str.replace_all(r"(^|[ ,])\.+", "$1").str.replace_all(r"\.+", ". ")
    parts = text.str.splitn(",", 2).struct.unnest()
    head = (
        parts.get_column("field_0").str.replace(_HEAD_TITLES, "$1").str.replace(_HEAD_DEGREES, "$1")
    )
    tail = parts.get_column("field_1").fill_null("").str.replace_all(_TAIL_DEGREE, "")
    text = (head + " " + tail).str.replace_all("[ ,]+", " ").str.strip_chars(" ")
    for pattern, replacement in (_JOIN_INITIALS, _ONE_TOKEN_PREFIX, _CORE_FIRST):
        text = text.str.replace(pattern, replacement)
    return text


def _compact_known_chunks(text: pl.Series) -> pl.Series:
    """A chunk whose letters are a known word is one token, dotted if it has a dot.

    Only chunks with a dot before a letter ("S.Pd", "L.M.", ".M") differ from the split on
    dots: they are found in the data and replaced as whole chunks.
    """
    chunks = text.str.extract_all(r"[A-Z.]*\.[A-Z][A-Z.]*").explode().drop_nulls().unique()
    compact = chunks.str.replace_all(".", "", literal=True)
    known = compact.is_in(list(_KNOWN))
    if not known.any():
        return text
    padded = text.str.replace_all(r"[A-Z.]+", " $0 ")
    return padded.str.replace_many(
        (" " + chunks.filter(known) + " ").to_list(), (" " + compact.filter(known) + ". ").to_list()
    )


def _word_keys(words: pl.Series) -> pl.Series:
    for old, new in _OLD_SPELLING + _PHONETIC:
        words = words.str.replace_all(old, new, literal=True)
    while words.str.contains_any(_DOUBLES).any():
        words = words.str.replace_many(_DOUBLES, [pair[0] for pair in _DOUBLES])
    return words


def _tokens_key(key: pl.Series) -> pl.Series:
    words = key.str.split(" ")
    prefixed = words.list.get(0, null_on_oob=True).is_in(["LA", "WA"]) & (
        words.list.get(1, null_on_oob=True) == "ODE"
    )
    words = pl.select(pl.when(prefixed).then(words.list.slice(2)).otherwise(words)).to_series()
    return words.list.unique().list.sort().list.join(" ")
