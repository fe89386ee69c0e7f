"""``name_keys`` against the scalar functions of ``kawal.domain.names``."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kawal.demo.names import (
    FEMALE_GIVEN,
    MALE_GIVEN,
    MIGRANT_FEMALE,
    MIGRANT_MALE,
    SURNAME_LIKE,
)
from kawal.domain.names import (
    DEGREES,
    DOTTED_DEGREES,
    LEADING_TITLES,
    MUHAMMAD_ABBREVIATIONS,
    MUHAMMAD_SPELLINGS,
    name_key,
    name_tokens_key,
    normalise_name,
)
from kawal.pipelines.linkage import name_frame
from kawal.pipelines.linkage.name_frame import OUTPUT_COLUMNS, name_keys


def scalar(raw: str | None) -> tuple[str, str, str]:
    return normalise_name(raw), name_key(raw), name_tokens_key(raw)


CASES = [
    # (raw, normalised, key, tokens key)
    ("Hj. Wa Ode Sitti Aminah, S.Pd.", "WA ODE SITI AMINAH", "WA ODE SITI AMINAH", "AMINAH SITI"),
    ("Drs. H. Abd. Rahman, M.Si", "ABDUL RAHMAN", "ABDUL RAHMAN", "ABDUL RAHMAN"),
    ("Prof. Dr. Ir. H. Ahmad, M.Sc.", "AHMAD", "AHMAD", "AHMAD"),
    ("Ir. Muhamad Yusuf, S.T., M.T.", "MUHAMMAD YUSUF", "MUHAMAD IUSUF", "IUSUF MUHAMAD"),
    ("H.ABDUL GANI", "ABDUL GANI", "ABDUL GANI", "ABDUL GANI"),
    ("H.", "H", "H", "H"),
    ("Hj. H.", "H", "H", "H"),
    ("H SE", "SE", "SE", "SE"),
    ("Ali H.", "ALI H", "ALI H", "ALI H"),
    ("Ali Hj.", "ALI", "ALI", "ALI"),
    ("Andi Pratama S.T.", "ANDI PRATAMA", "ANDI PRATAMA", "ANDI PRATAMA"),
    ("Andi Pratama ST", "ANDI PRATAMA ST", "ANDI PRATAMA ST", "ANDI PRATAMA ST"),
    ("Andi Pratama, ST", "ANDI PRATAMA", "ANDI PRATAMA", "ANDI PRATAMA"),
    ("Andi Pratama M.A.", "ANDI PRATAMA", "ANDI PRATAMA", "ANDI PRATAMA"),
    ("Rina S.Pd.I", "RINA", "RINA", "RINA"),
    ("Budi Santoso, A.Md.Kep", "BUDI SANTOSO", "BUDI SANTOSO", "BUDI SANTOSO"),
    ("Ahmad, S.H.I., Sitti", "AHMAD SITI", "AHMAD SITI", "AHMAD SITI"),
    (", S.Pd. Ali", "ALI", "ALI", "ALI"),
    ("L.M. Rusdin", "LA ODE MUHAMMAD RUSDIN", "LA ODE MUHAMAD RUSDIN", "MUHAMAD RUSDIN"),
    ("L. M. Rusdin", "LA ODE MUHAMMAD RUSDIN", "LA ODE MUHAMAD RUSDIN", "MUHAMAD RUSDIN"),
    ("L. M.", "L M", "L M", "L M"),
    ("L.M. M. Ali", "LA ODE MUHAMMAD M ALI", "LA ODE MUHAMAD M ALI", "ALI M MUHAMAD"),
    ("LD. M. Ali S.Kom", "LA ODE MUHAMMAD ALI", "LA ODE MUHAMAD ALI", "ALI MUHAMAD"),
    ("L.D. Rusdin", "LA ODE RUSDIN", "LA ODE RUSDIN", "RUSDIN"),
    ("Laode Muh. Rusdin", "LA ODE MUHAMMAD RUSDIN", "LA ODE MUHAMAD RUSDIN", "MUHAMAD RUSDIN"),
    ("LAODE", "LAODE", "LAODE", "LAODE"),
    ("La Ode", "LA ODE", "LA ODE", ""),
    ("La Ode M. Ali", "LA ODE MUHAMMAD ALI", "LA ODE MUHAMAD ALI", "ALI MUHAMAD"),
    ("La Ode M.", "LA ODE M", "LA ODE M", "M"),
    ("W.O. Nurhayati", "WA ODE NURHAYATI", "WA ODE NURHAIATI", "NURHAIATI"),
    ("WO Nurhayati", "WO NURHAYATI", "WO NURHAIATI", "NURHAIATI WO"),
    ("WD. St. Aminah", "WA ODE SITI AMINAH", "WA ODE SITI AMINAH", "AMINAH SITI"),
    ("Waode Nurhayati", "WA ODE NURHAYATI", "WA ODE NURHAIATI", "NURHAIATI"),
    ("Wa Nurhayati", "WA NURHAYATI", "WA NURHAIATI", "NURHAIATI WA"),
    ("Laa Odde Rahman", "LAA ODDE RAHMAN", "LA ODE RAHMAN", "RAHMAN"),
    ("Moh. Hatta", "MUHAMMAD HATTA", "MUHAMAD HATA", "HATA MUHAMAD"),
    ("M Hatta", "MUHAMMAD HATTA", "MUHAMAD HATA", "HATA MUHAMAD"),
    ("M.ALI", "MUHAMMAD ALI", "MUHAMAD ALI", "ALI MUHAMAD"),
    ("Muh.", "MUH", "MUH", "MUH"),
    ("Andi M. Yusuf", "ANDI M YUSUF", "ANDI M IUSUF", "ANDI IUSUF M"),
    ("Mochammad Sjamsudin", "MUHAMMAD SJAMSUDIN", "MUHAMAD SIAMSUDIN", "MUHAMAD SIAMSUDIN"),
    ("ST AMINAH", "SITI AMINAH", "SITI AMINAH", "AMINAH SITI"),
    ("St. Aminah", "SITI AMINAH", "SITI AMINAH", "AMINAH SITI"),
    ("Sitti Ma'rifah", "SITI MARIFAH", "SITI MARIFAH", "MARIFAH SITI"),
    ("Djoko Soetjipto", "DJOKO SOETJIPTO", "JOKO SUCIPTO", "JOKO SUCIPTO"),
    ("Achmad Chaidir", "ACHMAD CHAIDIR", "AHMAD HAIDIR", "AHMAD HAIDIR"),
    ("Nur Nur Aini", "NUR NUR AINI", "NUR NUR AINI", "AINI NUR"),
    ("Aaa Bbbb", "AAA BBBB", "A B", "A B"),
    ("Abd Abd Sitti", "ABDUL ABDUL SITI", "ABDUL ABDUL SITI", "ABDUL SITI"),
    ("`Abdul' Ra`hman", "ABDUL RAHMAN", "ABDUL RAHMAN", "ABDUL RAHMAN"),
    ("Siti Nur-Hayati", "SITI NUR HAYATI", "SITI NUR HAIATI", "HAIATI NUR SITI"),
    ("Andi (Alm)", "ANDI", "ANDI", "ANDI"),
    ("Abdul Rahman 123", "ABDUL RAHMAN", "ABDUL RAHMAN", "ABDUL RAHMAN"),
    ("Ali2 Baba_3", "ALI BABA", "ALI BABA", "ALI BABA"),
    ("..Ali...Baba..", "ALI BABA", "ALI BABA", "ALI BABA"),
    ("José Álvarez", "JOSE ALVAREZ", "JOSE ALFAREZ", "ALFAREZ JOSE"),
    ("Ma\u2019ruf Amin", "MARUF AMIN", "MARUF AMIN", "AMIN MARUF"),
    ("Ali\u00a0Baba", "ALI BABA", "ALI BABA", "ALI BABA"),  # non-breaking space
    ("\uff2d. Ali", "MUHAMMAD ALI", "MUHAMAD ALI", "ALI MUHAMAD"),  # full-width M
    ("Stra\u00dfe \ufb01tri", "STRASSE FITRI", "STRASE FITRI", "FITRI STRASE"),
    ("\u00d8ystein Ali", "\u00d8YSTEIN ALI", "\u00d8ISTEIN ALI", "ALI \u00d8ISTEIN"),  # no fold
    ("ali\nbaba\tcici", "ALI BABA CICI", "ALI BABA CICI", "ALI BABA CICI"),
    ("Ali \n Baba", "ALI BABA", "ALI BABA", "ALI BABA"),
    ("\n", "", "", ""),
    ("  wa ode  nurhayati ", "WA ODE NURHAYATI", "WA ODE NURHAIATI", "NURHAIATI"),
    ("  ", "", "", ""),
    (",", "", "", ""),
    ("", "", "", ""),
    (None, "", "", ""),
]


@pytest.mark.parametrize(("raw", "normalised", "key", "tokens_key"), CASES)
def test_explicit_cases(raw: str | None, normalised: str, key: str, tokens_key: str) -> None:
    expected = (normalised, key, tokens_key)
    assert scalar(raw) == expected
    assert name_keys(pl.Series([raw], dtype=pl.String)).row(0) == expected


def test_whole_table_in_one_call_keeps_order() -> None:
    raws = [case[0] for case in CASES] * 3
    result = name_keys(pl.Series(raws, dtype=pl.String))
    assert result.columns == list(OUTPUT_COLUMNS)
    assert dict(result.schema) == dict.fromkeys(OUTPUT_COLUMNS, pl.String)
    assert result.rows() == [case[1:] for case in CASES] * 3


def test_repeated_names_take_the_distinct_path() -> None:
    raws = [case[0] for case in CASES] * 100  # fewer than half distinct: computed once each
    assert name_keys(pl.Series(raws, dtype=pl.String)).rows() == [scalar(r) for r in raws]


def test_two_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(name_frame, "_TWO_THREADS_FROM", 2)
    raws = [case[0] for case in CASES]
    assert name_keys(pl.Series(raws, dtype=pl.String)).rows() == [case[1:] for case in CASES]


def test_chunks_with_the_same_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pl.Series, "hash", lambda self, *_: pl.Series([0] * len(self), dtype=pl.UInt64)
    )
    raws = [case[0] for case in CASES]
    assert name_keys(pl.Series(raws, dtype=pl.String)).rows() == [case[1:] for case in CASES]


def test_empty_series() -> None:
    result = name_keys(pl.Series([], dtype=pl.String))
    assert result.shape == (0, 3)
    assert result.columns == list(OUTPUT_COLUMNS)


# Realistic parts of a name as typed in a village spreadsheet.
TITLES = sorted(LEADING_TITLES) + ["H.", "Hj.", "Drs.", "Dra.", "Ir.", "Dr.", "Prof.", "H.M."]
PREFIXES = ["La Ode", "Laode", "LA ODE", "L.M.", "L. M.", "LM", "LD.", "L.D.", "La", "Wa Ode",
            "Waode", "W.O.", "W. O.", "WO", "WD.", "Wa", "L.", "W."]  # fmt: skip
ABBREVIATIONS = sorted(MUHAMMAD_ABBREVIATIONS | MUHAMMAD_SPELLINGS) + [
    "Muh.", "M.", "Moh.", "St.", "ST", "Sitti", "Abd.", "ABD", "Ode", "D.", "O", "M"
]  # fmt: skip
GIVEN = [*MALE_GIVEN, *FEMALE_GIVEN, *MIGRANT_MALE, *MIGRANT_FEMALE, *SURNAME_LIKE,
         "Djoko", "Soetjipto", "Ma'ruf", "Nur-Hayati", "Philip", "Dzulkifli", "Qadir",
         "Achmad", "Chaidir", "Khalik", "Njoman", "Sjamsul", "Thamrin", "Vitri"]  # fmt: skip
DEGREE_WORDS = sorted(DEGREES | DOTTED_DEGREES)
DOTTED_DEGREE_SPELLINGS = ["S.Pd.", "S.E.", "S.T.", "M.A.", "S.S.", "S.P.", "A.Md.Kep", "M.Si.",
                           "S.Pd.I", "S.H.I.", "Amd", "S.Kom", "Alm", "(Alm)"]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", ".", ". ", ", ", ",", "-", "'", "_", "\t", " 12 "]
NON_ASCII = ["\u00e9", "\u00c1", "e\u0301", "\u00a0", "\u2019", "\u00df", "\u00d8", "\uff0e"]


def _dotted(word: str) -> str:
    return ".".join(word) + "."


part = st.one_of(
    st.sampled_from(GIVEN),
    st.sampled_from(TITLES),
    st.sampled_from(PREFIXES),
    st.sampled_from(ABBREVIATIONS),
    st.sampled_from(DEGREE_WORDS),
    st.sampled_from(DEGREE_WORDS).map(_dotted),
    st.sampled_from(DOTTED_DEGREE_SPELLINGS),
    st.text(alphabet="ABDHKLMOSTWYaehijnou.", min_size=1, max_size=6),
)
cased = st.tuples(part, st.sampled_from([str, str.upper, str.lower, str.title])).map(
    lambda pair: pair[1](pair[0])
)


@st.composite
def messy_names(draw: st.DrawFn) -> str | None:
    if draw(st.integers(0, 30)) == 0:
        return None
    parts = draw(st.lists(cased, max_size=7))
    separators = draw(
        st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts))
    )
    name = "".join(p + s for p, s in zip(parts, separators, strict=True))
    if draw(st.booleans()):
        name = name.rstrip()
    if draw(st.integers(0, 10)) == 0:  # folded per character, or (Ø) the scalar path
        at = draw(st.integers(0, len(name)))
        name = name[:at] + draw(st.sampled_from(NON_ASCII)) + name[at:]
    return draw(st.sampled_from(["", " ", "  ", ","])) + name


@settings(max_examples=200, deadline=None)
@given(st.lists(messy_names(), min_size=1, max_size=40))
def test_same_as_scalar_functions(raws: list[str | None]) -> None:
    result = name_keys(pl.Series(raws, dtype=pl.String))
    assert result.rows() == [scalar(raw) for raw in raws]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="ascii"), max_size=25), max_size=20))
def test_same_as_scalar_functions_on_any_ascii(raws: list[str]) -> None:
    result = name_keys(pl.Series(raws, dtype=pl.String))
    assert result.rows() == [scalar(raw) for raw in raws]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=15), max_size=10))
def test_same_as_scalar_functions_on_any_unicode(raws: list[str]) -> None:
    result = name_keys(pl.Series(raws, dtype=pl.String))
    assert result.rows() == [scalar(raw) for raw in raws]
