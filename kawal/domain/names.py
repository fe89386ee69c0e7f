"""Person-name keys for matching and search (Muna/Buton and general Indonesian names).

Three levels, each built on the previous one:

* :func:`normalise_name`: the name as a person would still recognise it, without titles
  or degrees, with prefixes and common abbreviations written out.
* :func:`name_key`: a spelling-tolerant key (old spelling, doubled letters, a few
  phonetic folds); not for display.
* :func:`name_tokens_key`: the key's core tokens in sorted order, for word-order-free
  blocking in de-duplication.

>>> normalise_name("Hj. Wa Ode Sitti Aminah, S.Pd.")
'WA ODE SITI AMINAH'
>>> normalise_name("L.M. Rusdin") == normalise_name("Laode Muh. Rusdin")
True
>>> name_key("Djoko Soetjipto")
'JOKO SUCIPTO'
>>> name_tokens_key("La Ode Rahman Abd.")
'ABDUL RAHMAN'
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

#: Titles written before a name (H. = haji, Hj. = hajjah, KH = kyai haji, ...).
LEADING_TITLES = frozenset(
    {"H", "HJ", "HJH", "HAJI", "HAJJAH", "KH", "DRS", "DRA", "IR", "DR", "PROF", "NY", "TN"}
)
#: Degrees recognised with or without dots, after a comma or at the end of the name.
DEGREES = frozenset(
    {
        "SPD", "SPDI", "SPDSD", "SE", "SH", "SHI", "SKOM", "SSOS", "SSOSI", "SAG", "SIP",
        "SIKOM", "SKM", "SKEP", "SKEB", "SFARM", "SKED", "SPSI", "SSI", "SSTP", "STP",
        "SHUT", "SAP", "SPT", "SAN", "SGZ", "SKG", "STR", "AMD", "AMDKEP", "AMDKEB",
        "AMDKG", "AMA", "AMAPD", "MSI", "MPD", "MPDI", "MM", "MH", "MKES", "MAG", "MAP",
        "MSC", "MT", "MKOM", "MSIKOM", "DRS", "DRA", "IR", "ALM", "ALMH",
    }
)  # fmt: skip
#: Degrees that are also plausible name parts: only removed when written with dots
#: (``S.T.``, ``M.A.``, ``S.S.``, ``S.P.``) or after a comma.
DOTTED_DEGREES = frozenset({"ST", "MA", "SS", "SP", "BA", "SAN"})
#: Spelling variants of Muhammad mapped anywhere in the name.
MUHAMMAD_SPELLINGS = frozenset(
    {"MUHAMAD", "MUHAMMED", "MUHAMED", "MOHAMAD", "MOHAMMAD", "MOHAMMED", "MOHAMED",
     "MOCHAMAD", "MOCHAMMAD", "MUCHAMAD", "MUCHAMMAD", "MUHAMMAD"}
)  # fmt: skip
#: Abbreviations of Muhammad, only expanded as the first word of the core name.
MUHAMMAD_ABBREVIATIONS = frozenset({"M", "MOH", "MOCH", "MUH", "MUHD", "MHD", "MOHD", "MD"})
#: Single compact tokens that are a whole prefix (``L.M.`` is La Ode Muhammad).
PREFIX_TOKENS = {
    "LAODE": ("LA", "ODE"),
    "LD": ("LA", "ODE"),
    "LM": ("LA", "ODE", "MUHAMMAD"),
    "WAODE": ("WA", "ODE"),
    "WD": ("WA", "ODE"),
}
_KNOWN_COMPACT = (
    LEADING_TITLES | DEGREES | DOTTED_DEGREES | MUHAMMAD_ABBREVIATIONS | set(PREFIX_TOKENS) | {"WO"}
)
#: Anything but letters, dots, commas and apostrophes separates words (apostrophes are
#: dropped inside the word: MA'RUF -> MARUF).
_PUNCT_TO_SPACE = re.compile(r"[^\w.,'`\u2018\u2019]|[\d_]")
_OLD_SPELLING = (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("NJ", "NY"))
_PHONETIC = (("PH", "F"), ("DZ", "Z"), ("KH", "H"), ("CH", "H"), ("TH", "T"), ("Q", "K"),
             ("V", "F"), ("Y", "I"))  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")


class _Token(NamedTuple):
    word: str  # letters only, upper case
    dotted: bool  # written with a dot (an abbreviation)


def normalise_name(raw: str | None) -> str:
    """Upper-case name without titles, degrees and punctuation, for matching.

    1. Fold accents and case; split on commas: what follows the first comma keeps only
       its words that are not degrees (``ANDI, S.Pd., M.Si.`` → ``ANDI``).
    2. Drop leading titles (H., Hj., Drs., Ir., Dr., Prof., ...) and trailing degrees
       (S.Pd., S.E., A.Md., ...; ambiguous ones such as S.T. only with dots).
    3. Expand the Buton/Muna prefixes: La Ode, Laode, L.D., LD. → LA ODE; Wa Ode, Waode,
       W.O., WD. → WA ODE; L.M. → LA ODE MUHAMMAD.
    4. First word of the rest: M., Moh., Muh., MHD → MUHAMMAD; ST. → SITI. Anywhere:
       Muhamad/Mohammad/... → MUHAMMAD, SITTI → SITI, ABD → ABDUL.

    >>> normalise_name("Drs. H. Abd. Rahman, M.Si")
    'ABDUL RAHMAN'
    >>> normalise_name("LD. M. Ali S.Kom")
    'LA ODE MUHAMMAD ALI'
    >>> normalise_name("  ma'ruf   amin ")
    'MARUF AMIN'
    """
    if not raw:
        return ""
    head, *tails = _fold(raw).split(",")
    tokens = _strip_titles(_tokenise(head))
    for tail in tails:
        tokens += [t for t in _tokenise(tail) if not _is_degree(t, after_comma=True)]
    words = _expand_prefix(tokens)
    return " ".join(words)


def _fold(raw: str) -> str:
    decomposed = unicodedata.normalize("NFKD", raw)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _PUNCT_TO_SPACE.sub(" ", text.upper())


def _tokenise(text: str) -> list[_Token]:
    """Split on whitespace; a chunk that is not a known abbreviation is split on dots."""
    tokens: list[_Token] = []
    for chunk in text.split():
        compact = _letters(chunk)
        if compact in _KNOWN_COMPACT or compact in MUHAMMAD_SPELLINGS:
            tokens.append(_Token(compact, "." in chunk))
            continue
        pieces = chunk.split(".")
        for index, piece in enumerate(pieces):
            word = _letters(piece)
            if word:
                tokens.append(_Token(word, index < len(pieces) - 1))
    return tokens


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def _is_degree(token: _Token, *, after_comma: bool = False) -> bool:
    if token.word in DEGREES or token.word in LEADING_TITLES:
        return True
    return token.word in DOTTED_DEGREES and (token.dotted or after_comma)


def _strip_titles(tokens: list[_Token]) -> list[_Token]:
    start, end = 0, len(tokens)
    while end - start > 1 and tokens[start].word in LEADING_TITLES:
        start += 1
    while end - start > 1 and _is_degree(tokens[end - 1]) and tokens[end - 1].word != "H":
        end -= 1
    return tokens[start:end]


def _expand_prefix(tokens: list[_Token]) -> list[str]:
    if len(tokens) > 2 and tokens[0].dotted and len(tokens[0].word) == len(tokens[1].word) == 1:
        joined = tokens[0].word + tokens[1].word  # "L. M. Rusdin", "W. O. Nurhayati"
        if joined in PREFIX_TOKENS or joined == "WO":
            tokens = [_Token(joined, True), *tokens[2:]]
    words = [t.word for t in tokens]
    prefix: list[str] = []
    if words[:2] in (["LA", "ODE"], ["WA", "ODE"]):
        prefix, words = words[:2], words[2:]
    elif len(words) > 1 and words[0] in PREFIX_TOKENS:
        prefix, words = list(PREFIX_TOKENS[words[0]]), words[1:]
    elif len(words) > 1 and words[0] == "WO" and tokens[0].dotted:
        prefix, words = ["WA", "ODE"], words[1:]
    core_is_first = prefix[-1:] != ["MUHAMMAD"]
    if words and core_is_first and len(words) > 1:
        if words[0] in MUHAMMAD_ABBREVIATIONS:
            words[0] = "MUHAMMAD"
        elif words[0] == "ST":
            words[0] = "SITI"
    mapped = [_map_word(word) for word in words]
    return prefix + mapped


def _map_word(word: str) -> str:
    if word in MUHAMMAD_SPELLINGS:
        return "MUHAMMAD"
    return {"SITTI": "SITI", "ABD": "ABDUL"}.get(word, word)


def name_key(raw: str | None) -> str:
    """Spelling-tolerant key: :func:`normalise_name`, then per word old spelling
    (OE→U, DJ→J, TJ→C, SJ→SY, NJ→NY), phonetic folds (PH→F, DZ→Z, KH→H, CH→H, TH→T, Q→K,
    V→F, Y→I) and doubled letters collapsed. Not for display.

    >>> name_key("Muhamad Syamsuddin") == name_key("Mochammad Sjamsudin")
    True
    """
    words = []
    for word in normalise_name(raw).split():
        for old, new in _OLD_SPELLING + _PHONETIC:
            word = word.replace(old, new)
        words.append(_DOUBLED.sub(r"\1", word))
    return " ".join(words)


def name_tokens_key(raw: str | None) -> str:
    """Sorted, de-duplicated words of :func:`name_key` without the LA ODE / WA ODE prefix.

    Word order does not matter and the leading noble prefix is dropped (``La Ode Rahman``
    meets ``Rahman``); use it for blocking, not as proof of identity.

    >>> name_tokens_key("Wa Ode Nurhayati Sitti") == name_tokens_key("Siti Nurhayati")
    True
    """
    words = name_key(raw).split()
    if words[:2] in (["LA", "ODE"], ["WA", "ODE"]):
        words = words[2:]
    return " ".join(sorted(set(words)))
