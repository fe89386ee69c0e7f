"""Person-name keys for a whole Polars Series, with the rules of :mod:`kawal.domain.names`.

:func:`name_keys` gives, for every name, exactly what
:func:`~kawal.domain.names.normalise_name`, :func:`~kawal.domain.names.name_key` and
:func:`~kawal.domain.names.name_tokens_key` give (property tests check it row for row).
Nothing runs per row in Python:

1. All names are joined into one text where a newline ends each row and split on spaces
   into chunks; each chunk gets a code (through its hash, checked).
2. The distinct chunks are folded and tokenised as ``names._fold`` and ``names._tokenise``
   do; each distinct token gets its flags (title, degree, prefix, ...) and its word, each
   distinct word its key. This is the only string work, and it is on a small vocabulary.
3. Titles and degrees are dropped with integer arithmetic on the flat token array (the
   previous non-title, the next non-degree, the previous comma of each token); the rules
   on a row's first tokens (``L. M.``, La Ode prefix, ``M.``/``St.``) are computed per row.
4. The words are joined and split back into rows; the tokens key sorts the
   ``(row, word rank)`` pairs of all rows at once.

Large inputs are cut in two halves computed on two threads: most of these steps use one
core each.

Polars has no Unicode decomposition (NFKD): a non-ASCII character is replaced by the ASCII
text the scalar fold gives it (``é`` → ``E``, a non-breaking space → a space), computed once
per distinct character. The rare names left with a non-ASCII letter (``Ø``, Arabic script)
go through the scalar functions, once per distinct name. The result is therefore the scalar
one for every input. When fewer than half of the names are distinct, only the distinct ones
are computed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import polars as pl

from kawal.domain import names as scalar
from kawal.domain.names import (
    DEGREES,
    DOTTED_DEGREES,
    LEADING_TITLES,
    MUHAMMAD_ABBREVIATIONS,
    MUHAMMAD_SPELLINGS,
    PREFIX_TOKENS,
)

OUTPUT_COLUMNS = ("name_normalised", "name_key", "name_tokens_key")
_NON_ASCII = r"[^\x00-\x7F]"
_END = "\n"  # ends every row in the joined text (a newline in a name is a space)
#: Compact chunks that are one token whatever their dots ("S.Pd", "L.M.").
_KNOWN = [
    *(LEADING_TITLES | DEGREES | DOTTED_DEGREES | MUHAMMAD_ABBREVIATIONS | MUHAMMAD_SPELLINGS),
    *PREFIX_TOKENS,
    "WO",
]
#: ASCII characters other than letters, dots and commas separate words; apostrophes vanish.
_FOLD = {chr(c): " " for c in range(128) if not chr(c).isalpha() and chr(c) not in " .,'`"}
_FOLD |= {"'": "", "`": "", ",": " , "}
_EXPANSIONS = {"LAODE": "LA ODE", "LD": "LA ODE", "LM": "LA ODE MUHAMMAD", "WAODE": "WA ODE",
               "WD": "WA ODE", "WO": "WA ODE"}  # fmt: skip
_WORDS = {**dict.fromkeys(MUHAMMAD_SPELLINGS, "MUHAMMAD"), "SITTI": "SITI", "ABD": "ABDUL"}
_WRITTEN = ("LA ODE", "LA ODE MUHAMMAD", "WA ODE", "", _END)  # words the rules refer to
_DOUBLES = [letter * 2 for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
_TWO_THREADS_FROM = 100_000  # names

# Flags of a token, bits of one integer.
_ROW_END, _COMMA, _TITLE, _TRAILING, _TAIL_DEGREE = 1, 2, 4, 8, 16
_L_DOT, _W_DOT, _D, _M, _O, _LA_WA, _ODE, _PREFIX, _LM, _CORE = (2**b for b in range(5, 15))


class _Vocabulary(NamedTuple):
    tokens: pl.DataFrame  # row = token code: token, flags, norm/expansion/core (word ids)
    words: pl.DataFrame  # row = word id: text, key_text, rank, key_la_wa, key_ode
    ranked: pl.Series  # row = rank: the tokens-key words (then the row end) with a space
    ids: dict[str, int]  # word id of each of _WRITTEN


def name_keys(names: pl.Series) -> pl.DataFrame:
    """``name_normalised``, ``name_key`` and ``name_tokens_key`` of every name, in order.

    The values of the scalar functions of :mod:`kawal.domain.names`; null and blank names
    give empty strings.
    """
    raw = names.cast(pl.String).rename("raw")
    if len(raw) > 1000 and raw.approx_n_unique() * 2 < len(raw):
        distinct = raw.drop_nulls().unique()
        keys = name_keys(distinct).with_columns(raw=distinct)
        joined = raw.to_frame().join(keys, on="raw", how="left", maintain_order="left")
        return joined.select(pl.col(OUTPUT_COLUMNS).fill_null(""))
    texts = raw.fill_null("")
    if len(texts) < _TWO_THREADS_FROM or pl.thread_pool_size() < 2:
        return _keys(texts)
    half = len(texts) // 2
    with ThreadPoolExecutor(2) as pool:  # Polars releases the GIL
        return pl.concat(pool.map(_keys, (texts.head(half), texts.slice(half))))


def _keys(texts: pl.Series) -> pl.DataFrame:
    """The three keys of non-null names."""
    rows = len(texts)
    if not rows:
        return pl.DataFrame(schema=dict.fromkeys(OUTPUT_COLUMNS, pl.String))
    chunks = (texts.str.join(f" {_END} ") + f" {_END}").str.split(" ").explode()
    chunks = chunks.filter(chunks != "")
    codes, chunk_vocabulary = _codes(chunks)
    ends = codes == chunk_vocabulary.index_of(_END)
    if ends.sum() != rows:  # a name with a newline between spaces: it is a space
        return _keys(texts.str.replace_all(_END, " ", literal=True))
    token_lists, exotic = _tokenise(chunk_vocabulary)
    vocabulary = _vocabulary(token_lists.explode().drop_nulls().unique())
    to_code = pl.element().cast(pl.Enum(vocabulary.tokens["token"])).to_physical()
    tokens = token_lists.list.eval(to_code).gather(codes).explode().drop_nulls()
    frame = _drop_titles_and_degrees(tokens, vocabulary.tokens["flags"])
    words, bounds = _words(frame, vocabulary)
    texts_of = vocabulary.words
    result = pl.select(  # the three columns are computed in parallel
        name_normalised=_lines(pl.lit(texts_of["text"]).gather(pl.lit(words)), rows),
        name_key=_lines(pl.lit(texts_of["key_text"]).gather(pl.lit(words)), rows),
        name_tokens_key=_lines(_tokens_key_texts(words, bounds, vocabulary), rows),
    )
    if exotic.any():  # rows with a letter that has no ASCII fold: the scalar functions
        row_of_chunk = ends.cast(pl.UInt32).cum_sum()
        exotic_rows = row_of_chunk.filter(codes.is_in(exotic.arg_true().implode())).unique()
        keys = _scalar_keys(texts.gather(exotic_rows))
        result = result.with_columns(
            result[c].scatter(exotic_rows, keys[c]) for c in OUTPUT_COLUMNS
        )
    return result


def _codes(chunks: pl.Series) -> tuple[pl.Series, pl.Series]:
    """A code for each chunk, and the distinct chunks (row = code).

    Codes come from the chunks' hashes (half the time of a unique and an Enum cast); the
    check that every chunk equals the distinct chunk of its code makes them exact.
    """
    hashes = chunks.hash()
    firsts = hashes.arg_unique()
    vocabulary = chunks.gather(firsts)
    codes = hashes.replace_strict(hashes.gather(firsts), pl.int_range(len(firsts), eager=True))
    if (vocabulary.gather(codes) == chunks).all():
        return codes, vocabulary
    vocabulary = chunks.unique()  # two chunks with the same hash
    return chunks.cast(pl.Enum(vocabulary)).to_physical(), vocabulary


def _scalar_keys(texts: pl.Series) -> dict[str, pl.Series]:
    """The scalar functions, once per distinct name."""
    distinct = texts.unique()
    functions = (scalar.normalise_name, scalar.name_key, scalar.name_tokens_key)
    return {
        column: texts.replace_strict(distinct, [f(v) for v in distinct], return_dtype=pl.String)
        for column, f in zip(OUTPUT_COLUMNS, functions, strict=True)
    }


def _tokenise(chunks: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Tokens (``WORD`` or ``WORD.``) of each distinct chunk (text between spaces), and
    whether the chunk has a letter without ASCII fold.

    The chunk is folded as ``names._fold`` does, split on the spaces and commas this makes,
    and each piece tokenised as ``names._tokenise`` does.
    """
    characters = chunks.str.extract_all(_NON_ASCII).explode().drop_nulls().unique()
    ascii_folds = {c: f for c in characters if (f := _fold(c)).isascii()}
    folded = chunks.str.replace_many(ascii_folds).str.to_uppercase().str.replace_many(_FOLD)
    pieces = folded.str.split(" ").list.eval(_piece_tokens(pl.element())).list.join(" ")
    tokens = pieces.str.split(" ").list.eval(pl.element().filter(pl.element() != ""))
    tokens = pl.select(pl.when(chunks == _END).then(pl.lit([_END])).otherwise(tokens))
    return tokens.to_series(), folded.str.contains(_NON_ASCII)


def _fold(character: str) -> str:
    """``names._fold`` of one character, curly apostrophes as straight ones."""
    return scalar._fold(character).replace("\u2018", "'").replace("\u2019", "'")


def _piece_tokens(piece: pl.Expr) -> pl.Expr:
    """Space-separated tokens of a piece of chunk: one token if its letters are a known
    abbreviation (``S.Pd`` → ``SPD.``), else one per dot-separated part (``H.ABDUL``)."""
    compact = piece.str.replace_all(".", "", literal=True)
    whole = pl.when(piece.str.contains(".", literal=True)).then(compact + ".").otherwise(compact)
    parts = piece.str.replace_all(r"\.+", ". ").str.strip_chars_start(". ")  # ".A" is "A"
    return pl.when(compact.is_in(_KNOWN)).then(whole).otherwise(parts)


def _vocabulary(tokens: pl.Series) -> _Vocabulary:
    """Flags and words of the distinct tokens; texts, keys and ranks of the distinct words."""
    text = pl.col("token")
    word, dotted = text.str.strip_chars_end("."), text.str.ends_with(".")
    flags = {
        _ROW_END: text == _END,
        _COMMA: text == ",",
        _TITLE: word.is_in(LEADING_TITLES),
        _TRAILING: word.is_in((DEGREES | LEADING_TITLES) - {"H"})
        | (word.is_in(DOTTED_DEGREES) & dotted),
        _TAIL_DEGREE: word.is_in(DEGREES | LEADING_TITLES | DOTTED_DEGREES),
        _L_DOT: (word == "L") & dotted,
        _W_DOT: (word == "W") & dotted,
        _D: word == "D",
        _M: word == "M",
        _O: word == "O",
        _LA_WA: word.is_in(["LA", "WA"]),
        _ODE: word == "ODE",
        _PREFIX: word.is_in(PREFIX_TOKENS) | ((word == "WO") & dotted),
        _LM: word == "LM",
        _CORE: word.is_in([*MUHAMMAD_ABBREVIATIONS, "ST"]),
    }
    table = pl.DataFrame({"token": tokens}).with_columns(
        flags=pl.sum_horizontal(pl.when(c).then(b).otherwise(0) for b, c in flags.items()).cast(
            pl.UInt16
        ),
        norm=pl.when(text == _END).then(pl.lit(_END)).otherwise(word.replace(_WORDS)),
        expansion=word.replace_strict(_EXPANSIONS, default=None),
        core=pl.when(word == "ST").then(pl.lit("SITI")).otherwise(pl.lit("MUHAMMAD")),
    )
    words = pl.concat([table["norm"], pl.Series([*_WRITTEN, "SITI", "MUHAMMAD"])]).unique()
    ids = pl.Series(_WRITTEN).cast(pl.Enum(words)).to_physical()
    table = table.with_columns(
        pl.col("norm", "expansion", "core").cast(pl.Enum(words)).to_physical()
    )
    key = _word_keys(words)
    rest = key.str.replace(r"^(?:LA|WA) ODE ?", "")  # the tokens key drops the prefix
    ranked = rest.filter(~rest.is_in(["", _END])).unique().sort()
    rank = rest.replace_strict(ranked, range(len(ranked)), default=None, return_dtype=pl.UInt64)
    words = pl.DataFrame(
        {
            "text": _spaced(words),
            "key_text": _spaced(key),
            "rank": rank.set(words == _END, len(ranked)),
            "key_la_wa": key.is_in(["LA", "WA"]),
            "key_ode": key == "ODE",
        }
    )
    ranked = (ranked + " ").extend_constant(_END, 1).rechunk()  # one chunk: fast gathers
    return _Vocabulary(table, words, ranked, dict(zip(_WRITTEN, ids, strict=True)))


def _spaced(words: pl.Series) -> pl.Series:
    """A word followed by a space, so that the words of a row can be concatenated."""
    spaced = pl.when(words.is_in(["", _END])).then(words).otherwise(words + " ")
    return pl.select(spaced).to_series()


def _word_keys(words: pl.Series) -> pl.Series:
    """``names.name_key`` of each word (or words): old spellings and sounds folded, then
    doubled letters collapsed."""
    for old, new in scalar._OLD_SPELLING + scalar._PHONETIC:
        words = words.str.replace_all(old, new, literal=True)
    while words.str.contains_any(_DOUBLES).any():
        words = words.str.replace_many(_DOUBLES, [pair[0] for pair in _DOUBLES])
    return words


def _has(flag: int, flags: str | pl.Expr = "flags") -> pl.Expr:
    flags = pl.col(flags) if isinstance(flags, str) else flags
    return (flags & flag) != 0


def _drop_titles_and_degrees(tokens: pl.Series, flags: pl.Series) -> pl.DataFrame:
    """The tokens without leading titles and trailing degrees (the head, before the first
    comma, keeps at least one token), degrees after a comma, and commas.

    A title is leading when only titles precede it in its row; a degree is trailing when
    only degrees follow it up to the comma or row end; the first token left after the
    leading titles is kept.
    """
    frame = pl.DataFrame({"token": tokens}).with_columns(
        flags=pl.lit(flags).gather(pl.col("token"))
    )
    boundary = _COMMA | _ROW_END
    frame = frame.with_columns(  # a row's first token follows the previous row's end
        titles_before=_previous(~_has(_TITLE), _has(_ROW_END)).fill_null(value=True),
        in_tail=_previous(_has(boundary), _has(_COMMA)).fill_null(value=False),
        in_run=pl.when(~_has(_TRAILING)).then(_has(boundary)).backward_fill(),
        next_flags=pl.col("flags").shift(-1),
    )
    titles_before = pl.col("titles_before")
    leading_title = _has(_TITLE) & titles_before & ~_has(boundary, "next_flags")
    first_kept = titles_before & ~leading_title
    trailing_degree = _has(_TRAILING) & pl.col("in_run") & ~first_kept
    tail_degree = pl.col("in_tail") & _has(_TAIL_DEGREE)
    drop = leading_title | trailing_degree | tail_degree | _has(_COMMA)
    return frame.filter(~drop).select("token", "flags")


def _previous(where: pl.Expr, value: pl.Expr) -> pl.Expr:
    """``value`` at the last element before each element where ``where`` holds."""
    return pl.when(where).then(value).forward_fill().shift(1)


def _words(frame: pl.DataFrame, vocabulary: _Vocabulary) -> tuple[pl.Series, pl.DataFrame]:
    """The word id of each kept token, and the bounds of each row (``start``, ``stop``).

    Every token gets its word; then, per row, ``L. M.`` is joined, a one-token prefix is
    written out and ``M.``/``St.`` is written out as first word of the core name.
    """
    tokens, flags = frame["token"], frame["flags"]
    stop = (flags & _ROW_END != 0).arg_true().cast(pl.Int64)
    rows = pl.DataFrame({"stop": stop, "start": stop.shift(1, fill_value=-1) + 1})
    start, stop = pl.col("start"), pl.col("stop")
    rows = rows.with_columns(
        count=stop - start,
        first=pl.lit(flags).gather(start),
        second=pl.lit(flags).gather(pl.min_horizontal(start + 1, stop)),
    )
    count, first, second = pl.col("count"), pl.col("first"), pl.col("second")
    l_dot = _has(_L_DOT, first)
    # The three cases exclude each other: their first tokens differ.
    rows = rows.with_columns(
        joined=(count >= 3)
        & (l_dot & _has(_D | _M, second) | _has(_W_DOT, first) & _has(_D | _O, second)),
        la_ode=(count >= 2) & _has(_LA_WA, first) & _has(_ODE, second),
        one_token=(count >= 2) & _has(_PREFIX, first),
    )
    joined, one_token = pl.col("joined"), pl.col("one_token")
    rows = rows.with_columns(
        muhammad=joined & l_dot & _has(_M, second) | one_token & _has(_LM, first),
        core_at=start + pl.when(joined | pl.col("la_ode")).then(2).otherwise(one_token),
    )
    core_at = pl.col("core_at")
    core = ~pl.col("muhammad") & (stop - core_at > 1) & _has(_CORE, pl.lit(flags).gather(core_at))
    ids, table = vocabulary.ids, vocabulary.tokens
    joined_word = (
        pl.when(~l_dot)
        .then(ids["WA ODE"])
        .when(_has(_M, second))
        .then(ids["LA ODE MUHAMMAD"])
        .otherwise(ids["LA ODE"])
    )
    words = table["norm"].gather(tokens)
    for rule, at, word in (
        (joined, start, joined_word),
        (joined, start + 1, pl.lit(ids[""])),
        (one_token, start, pl.lit(table["expansion"]).gather(pl.lit(tokens).gather(start))),
        (core, core_at, pl.lit(table["core"]).gather(pl.lit(tokens).gather(core_at))),
    ):
        changes = rows.filter(rule).select(at=at, word=word.cast(words.dtype))
        words = words.scatter(changes["at"], changes["word"])
    return words, rows.select("start", "stop")


def _lines(texts: pl.Expr, rows: int) -> pl.Expr:
    """Concatenate the word texts (each row ends with a newline) and split them into rows."""
    lines = texts.str.join("").str.split(_END).explode().head(rows)
    return lines.str.strip_chars_end(" ")


def _tokens_key_texts(words: pl.Series, rows: pl.DataFrame, vocabulary: _Vocabulary) -> pl.Expr:
    """The texts of the sorted distinct key words of each row, without LA ODE / WA ODE first.

    The ``(row, rank of the word)`` pairs of all rows are sorted at once as one integer.
    """
    table, start, stop = vocabulary.words, pl.col("start"), pl.col("stop")
    first, second = (
        pl.lit(words).gather(start),
        pl.lit(words).gather(pl.min_horizontal(start + 1, stop)),
    )
    la_ode = rows.filter(
        (stop - start >= 2)
        & pl.lit(table["key_la_wa"]).gather(first)
        & pl.lit(table["key_ode"]).gather(second)
    )["start"]
    ranks = table["rank"].gather(words).scatter(pl.concat([la_ode, la_ode + 1]), None)
    ends = (words == vocabulary.ids[_END]).cast(pl.UInt64)
    keys = (ends.cum_sum() - ends) * 2**32 + ranks
    pairs = pl.lit(keys).drop_nulls().unique().sort()
    return pl.lit(vocabulary.ranked).gather(pairs & (2**32 - 1))
