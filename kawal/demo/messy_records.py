"""Village intake records typed from true people, with duplicates and the mess of real files.

:func:`make_records` gives one record per person of
:func:`kawal.demo.messy_people.make_population` plus ``duplicate_rate`` extra records of people
already listed, shuffled, as String columns headed like the village template
(``TEMPLATES["village"]`` with ``FIELD_LABELS``) and a truth column ``entity`` that callers drop
before writing the file (:func:`write_village_file` drops it).

Each kind of mess in :data:`RATES` is drawn independently per record, at a rate for originals
and a higher one for duplicates (a second typing, often from another source), all multiplied by
``mess`` (0 gives clean records in the template formats). Options of one field that exclude
each other (the ways a NIK is rendered, the date formats) are drawn as one choice. A kind that
needs something to work on (a La Ode prefix, a Muhammad, a phone number) changes only the hit
records that have it, so its share of all records is lower than its rate.

Each kind of mess is one step: draw which records it hits over the whole frame, then compute the
new values for those records only (the draws of :func:`kawal.demo.messy_people.uniform` depend
on the row number alone, so a subset gets the same values). Everything is vectorised in Polars
and fixed by the seed. Pure Python and Polars: no Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import xlsxwriter

from kawal.demo.messy_people import PHONE_PREFIXES, dice, pick, take, uniform
from kawal.domain.intake_sources import FIELD_LABELS, TEMPLATES

FIELDS = TEMPLATES["village"]
LABELS = [FIELD_LABELS[field] for field in FIELDS]

#: Probability of each kind of mess at ``mess=1``: (original record, duplicate record).
RATES: dict[str, tuple[float, float]] = {
    # Names. Prefix variants: La Ode -> Laode / L. / La ode, Wa Ode -> Waode / W.O. / Wa ode.
    "name_prefix": (0.15, 0.30),
    "name_drop_la": (0.03, 0.10),  # "La "/"Wa " left out
    "name_islamic": (0.20, 0.35),  # Muhammad -> Muhamad/Moh./M./Muh., Siti <-> Sitti
    "name_old_spelling": (0.005, 0.01),  # u -> oe, j -> dj
    "name_typo": (0.03, 0.08),  # one letter substituted, deleted or doubled
    "name_drop_last": (0.01, 0.04),
    "name_title": (0.02, 0.05),  # H./Hj. before, S.Pd./S.E./... after
    "name_spaces": (0.03, 0.06),
    "name_upper": (0.30, 0.30),
    "name_lower": (0.02, 0.04),
    "mother_missing": (0.30, 0.45),
    "mother_prefix": (0.15, 0.30),
    "mother_typo": (0.03, 0.08),
    "mother_upper": (0.30, 0.30),
    # NIK: content errors, then one rendering, then missing.
    "nik_digit": (0.008, 0.03),
    "nik_swap": (0.004, 0.015),
    "nik_spaced": (0.015, 0.02),  # 7413 0315 0885 0001
    "nik_dotted": (0.01, 0.015),  # 74.13.03.150885.0001
    "nik_padded": (0.03, 0.04),  # leading/trailing spaces
    "nik_excel_e15": (0.015, 0.02),  # 7.41303150885E+15
    "nik_excel_last0": (0.015, 0.02),  # 7413031508850000
    "nik_missing": (0.004, 0.015),
    # Birth date: the template form is DD-MM-YYYY.
    "birth_swap": (0.0, 0.03),  # day and month swapped (day <= 12)
    "birth_slash_yy": (0.08, 0.10),  # 17/08/85
    "birth_slash": (0.07, 0.09),  # 17/08/1985
    "birth_iso": (0.05, 0.07),  # 1985-08-17
    "birth_month_name": (0.05, 0.07),  # 17 Agustus 1985
    "birth_excel_serial": (0.05, 0.07),  # 31276
    "birth_missing": (0.005, 0.015),
    "sex_word": (0.05, 0.08),  # Laki-laki / Perempuan
    "sex_lk_pr": (0.04, 0.05),
    "sex_lower": (0.02, 0.03),
    "sex_missing": (0.01, 0.03),
    "place_upper": (0.25, 0.30),
    "place_typo": (0.02, 0.06),
    "place_missing": (0.02, 0.06),
    "marital_word": (0.15, 0.20),  # Kawin / Menikah / Belum Menikah
    "marital_code": (0.05, 0.08),  # K / BK / CH / CM
    "marital_missing": (0.08, 0.15),
    "address_jalan": (0.10, 0.15),
    "address_no": (0.10, 0.15),
    "address_upper": (0.25, 0.30),
    "address_missing": (0.03, 0.08),
    "rtrw_short": (0.30, 0.35),  # 3
    "rtrw_two": (0.10, 0.10),  # 03
    "rtrw_missing": (0.05, 0.10),
    "village_upper": (0.25, 0.30),
    "village_desa": (0.08, 0.12),  # Desa Wakoila
    "village_ds": (0.03, 0.05),  # Ds. Wakoila
    "village_typo": (0.01, 0.03),
    "district_upper": (0.25, 0.30),
    "district_kec": (0.10, 0.15),
    "district_missing": (0.02, 0.05),
    "phone_changed": (0.0, 0.05),  # a new number by the second typing
    "phone_plus62": (0.06, 0.08),  # +62 81234567890
    "phone_62": (0.04, 0.05),  # 6281234567890
    "phone_dashes": (0.06, 0.08),  # 0812-3456-7890
    "phone_spaces": (0.05, 0.06),
    "phone_no_zero": (0.03, 0.05),  # a number cell lost the leading 0
    "phone_missing": (0.05, 0.15),
    "job_title": (0.30, 0.30),
    "job_upper": (0.25, 0.30),
    "job_synonym": (0.05, 0.08),
    "job_missing": (0.05, 0.10),
}

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
JOB_SYNONYMS = {
    "petani": "tani", "nelayan": "nelayan tangkap", "pedagang": "dagang",
    "buruh harian lepas": "buruh", "ojek": "tukang ojek", "tukang bangunan": "tukang batu",
    "wiraswasta": "swasta",
}  # fmt: skip
MARITAL_WORDS = {"BELUM KAWIN": "Belum Kawin", "KAWIN": "Kawin", "CERAI HIDUP": "Cerai Hidup"}
MARITAL_WORDS |= {"CERAI MATI": "Cerai Mati"}
MARITAL_SYNONYMS = MARITAL_WORDS | {"BELUM KAWIN": "Belum Menikah", "KAWIN": "Menikah"}
MARITAL_CODES = {"BELUM KAWIN": "BK", "KAWIN": "K", "CERAI HIDUP": "CH", "CERAI MATI": "CM"}
_TYPO_LETTERS = "aiueonmrhsk"
_PREFIX_ONLY = r"^(?:La|Wa|Laode|Waode|L\.|W\.O\.)(?: [Oo]de)?$"


class _Dice:
    """Draws for the records with row numbers ``rows``; RATES events scaled by ``mess``."""

    def __init__(self, seed: int, rows: pl.Series, mess: float) -> None:
        self.u = dice(seed, "records", rows)
        self.mess = mess

    def rate(self, name: str) -> pl.Expr:
        original, duplicate = (min(1.0, r * self.mess) for r in RATES[name])
        return pl.when(pl.col("_dup")).then(duplicate).otherwise(original)

    def hit(self, name: str, salt: str | None = None) -> pl.Expr:
        return self.u(salt or name) < self.rate(name)

    def choose(self, salt: str, names: list[str]) -> pl.Expr:
        """0 for none, i + 1 for ``names[i]``: one draw, so the options exclude each other."""
        u, bound = self.u(salt), self.rate(names[0])
        chosen = pl.when(u < bound).then(1)
        for index, name in enumerate(names[1:], start=2):
            bound = bound + self.rate(name)
            chosen = chosen.when(u < bound).then(index)
        return chosen.otherwise(0)


Transform = Callable[[pl.Expr, _Dice], pl.Expr]


@dataclass(frozen=True)
class _Step:
    """Replace ``column``: where ``choice`` is i (an integer expression, 0 for untouched) by
    ``values[i - 1]``, each computed on its own rows only; every row by ``values[0]`` when
    ``choice`` is None."""

    column: str
    choice: Callable[[_Dice], pl.Expr] | None
    values: tuple[Callable[[_Dice], pl.Expr], ...]


def _event(
    column: str,
    name: str,
    transform: Transform,
    when: Callable[[pl.Expr], pl.Expr] | None = None,
    salt: str | None = None,
) -> _Step:
    """``transform`` on the records hit by ``RATES[name]`` that meet ``when`` (the condition is
    evaluated on the hit records only: a hit on a record it does not fit changes nothing)."""

    def value(d: _Dice) -> pl.Expr:
        c = pl.col(column)
        return (
            transform(c, d) if when is None else pl.when(when(c)).then(transform(c, d)).otherwise(c)
        )

    return _Step(column, lambda d: d.hit(name, salt).cast(pl.Int8), (value,))


def _choice(column: str, salt: str, names: list[str], transforms: list[Transform]) -> _Step:
    """At most one of ``transforms``: ``transforms[i]`` at the rate ``RATES[names[i]]``."""

    def bind(transform: Transform) -> Callable[[_Dice], pl.Expr]:
        return lambda d: transform(pl.col(column), d)

    return _Step(column, lambda d: d.choose(salt, names), tuple(bind(t) for t in transforms))


def _missing(column: str, name: str, salt: str | None = None) -> _Step:
    return _event(column, name, lambda c, d: pl.lit(None, pl.String), salt=salt)


def _case(column: str, upper: str, lower: str | None = None) -> _Step:
    names = [upper] if lower is None else [upper, lower]
    return _choice(
        column,
        f"{column}/case",
        names,
        [lambda c, d: c.str.to_uppercase(), lambda c, d: c.str.to_lowercase()][: len(names)],
    )


def _typo(column: str, name: str) -> _Step:
    """One letter (not the first) substituted, deleted or doubled."""

    def typo(c: pl.Expr, d: _Dice) -> pl.Expr:
        length = c.str.len_chars()
        at = (1 + d.u(f"{name}/at") * (length - 1)).floor().cast(pl.Int64)
        kind = d.u(f"{name}/kind")
        letter = pick(d.u(f"{name}/letter"), list(_TYPO_LETTERS))
        head, tail = c.str.slice(0, at), c.str.slice(at + 1)
        typed = (
            pl.when(kind < 0.4)
            .then(head + letter + tail)
            .when(kind < 0.7)
            .then(head + tail)
            .otherwise(c.str.slice(0, at + 1) + c.str.slice(at))
        )
        return pl.when(c.str.slice(at, 1).str.contains("^[A-Za-z]$")).then(typed).otherwise(c)

    return _event(column, name, typo, when=lambda c: c.str.len_chars() >= 3)


def _prefix(column: str, name: str) -> _Step:
    """La Ode -> Laode / L. / La ode; Wa Ode -> Waode / W.O. / Wa ode."""

    def vary(c: pl.Expr, d: _Dice) -> pl.Expr:
        v = d.u(f"{name}/variant")
        la = pl.when(v < 0.6).then(pl.lit("Laode ")).when(v < 0.85).then(pl.lit("L. "))
        wa = pl.when(v < 0.6).then(pl.lit("Waode ")).when(v < 0.85).then(pl.lit("W.O. "))
        return c.str.replace("^La Ode ", la.otherwise(pl.lit("La ode "))).str.replace(
            "^Wa Ode ", wa.otherwise(pl.lit("Wa ode "))
        )

    return _event(column, name, vary, when=lambda c: c.str.contains("^(?:La|Wa) Ode "))


def _islamic(c: pl.Expr, d: _Dice) -> pl.Expr:
    """Muhammad/Muhamad (before another word) -> Muhamad/Moh./M./Muh./Muhammad; Siti <->
    Sitti."""
    muhammad = pick(d.u("name/muhammad"), ["Muhamad ", "Moh. ", "M. ", "Muh. ", "Muhammad "])
    varied = c.str.replace(r"\bMuhamm?ad ", muhammad)  # not the last word: "Muh." alone
    sitti = varied.str.replace(r"\bSitti\b", "Siti")
    return pl.when(sitti != varied).then(sitti).otherwise(varied.str.replace(r"\bSiti\b", "Sitti"))


def _titled(c: pl.Expr, d: _Dice) -> pl.Expr:
    male, v = pl.col("_sex") == "L", d.u("name/degree")
    degree = pl.when(male).then(pick(v, [", S.Pd.", ", S.E.", " S.Sos", ", S.Pd.I"]))
    degree = degree.otherwise(pick(v, [", S.Pd.", ", S.E.", ", A.Md.Keb.", ", S.Pd.I"]))
    haji = pl.when(male).then(pl.lit("H. ")).otherwise(pl.lit("Hj. ")) + c
    return pl.when(d.u("name/title-kind") < 0.5).then(haji).otherwise(c + degree)


def _spaced(c: pl.Expr, d: _Dice) -> pl.Expr:
    v = d.u("name/spaces-kind")
    spaced = pl.when(v < 0.5).then(c.str.replace(" ", "  ", literal=True))
    return spaced.when(v < 0.75).then(" " + c).otherwise(c + " ")


def _old_spelling(c: pl.Expr, d: _Dice) -> pl.Expr:
    c = c.str.replace_all("u", "oe", literal=True).str.replace_all("U", "Oe", literal=True)
    return c.str.replace_all("j", "dj", literal=True).str.replace_all("J", "Dj", literal=True)


def _name_steps() -> list[_Step]:
    column = "full_name"
    return [
        _prefix(column, "name_prefix"),
        _event(
            column,
            "name_drop_la",
            lambda c, d: c.str.replace("^(?:La|Wa) ", ""),
            when=lambda c: c.str.contains("^(?:La|Wa) ") & ~c.str.contains("^(?:La|Wa) Ode "),
        ),
        _event(column, "name_islamic", _islamic, when=lambda c: c.str.contains("Muham|Sit")),
        _event(column, "name_old_spelling", _old_spelling),
        _typo(column, "name_typo"),
        _event(
            column,
            "name_drop_last",
            lambda c, d: c.str.replace(r"\s+\S+$", ""),
            when=lambda c: ~c.str.replace(r"\s+\S+$", "").str.contains(_PREFIX_ONLY),
        ),
        _event(column, "name_title", _titled),
        _event(column, "name_spaces", _spaced),
        _case(column, "name_upper", "name_lower"),
    ]


def _nik_steps() -> list[_Step]:
    def digit(c: pl.Expr, d: _Dice) -> pl.Expr:
        at = (d.u("nik/at") * 16).floor().cast(pl.Int64)
        new = (c.str.slice(at, 1).cast(pl.Int64) + 1 + (d.u("nik/by") * 9).floor()) % 10
        return c.str.slice(0, at) + new.cast(pl.Int64).cast(pl.String) + c.str.slice(at + 1)

    def swap(c: pl.Expr, d: _Dice) -> pl.Expr:
        at = (d.u("nik/swap-at") * 15).floor().cast(pl.Int64)
        return (
            c.str.slice(0, at) + c.str.slice(at + 1, 1) + c.str.slice(at, 1) + c.str.slice(at + 2)
        )

    def padded(c: pl.Expr, d: _Dice) -> pl.Expr:
        pad = d.u("nik/pad")
        return (
            pl.when(pad < 0.5).then(" " + c).when(pad < 0.8).then(c + " ").otherwise(" " + c + " ")
        )

    def pieces(c: pl.Expr, cuts: tuple[int, ...]) -> list[pl.Expr]:
        return [c.str.slice(a, b - a) for a, b in zip((0, *cuts), (*cuts, 16), strict=True)]

    renders: list[Transform] = [
        lambda c, d: pl.concat_str(pieces(c, (4, 8, 12)), separator=" "),
        lambda c, d: pl.concat_str(pieces(c, (2, 4, 6, 12)), separator="."),
        padded,
        lambda c, d: c.str.slice(0, 1) + "." + c.str.slice(1, 11).str.strip_chars_end("0") + "E+15",
        lambda c, d: c.str.slice(0, 15) + "0",
    ]
    names = ["nik_spaced", "nik_dotted", "nik_padded", "nik_excel_e15", "nik_excel_last0"]
    return [
        _event("nik", "nik_digit", digit),
        _event("nik", "nik_swap", swap),
        _choice("nik", "nik/render", names, renders),
        _missing("nik", "nik_missing"),
    ]


def _birth_steps() -> list[_Step]:
    """``_birth`` is the true date (swapped for some duplicates); ``birth_date`` the text."""
    date = pl.col("_birth")
    day, month, year = date.dt.day(), date.dt.month(), date.dt.year()
    named = day.cast(pl.String) + " " + take(MONTHS, month - 1) + " " + year.cast(pl.String)
    forms: list[Transform] = [
        lambda c, d: date.dt.strftime("%d/%m/%y"),
        lambda c, d: date.dt.strftime("%d/%m/%Y"),
        lambda c, d: date.dt.strftime("%Y-%m-%d"),
        lambda c, d: named,
        lambda c, d: (date.cast(pl.Int32) + 25_569).cast(pl.String),  # Excel: 25569 = 1970-01-01
    ]
    names = ["birth_slash_yy", "birth_slash", "birth_iso", "birth_month_name", "birth_excel_serial"]
    return [
        _event(
            "_birth",
            "birth_swap",
            lambda c, d: pl.date(c.dt.year(), c.dt.day(), c.dt.month()),
            when=lambda c: (c.dt.day() <= 12) & (c.dt.day() != c.dt.month()),
        ),
        _Step("birth_date", None, (lambda d: date.dt.strftime("%d-%m-%Y"),)),
        _choice("birth_date", "birth/form", names, forms),
        _missing("birth_date", "birth_missing"),
    ]


def _sex_steps() -> list[_Step]:
    male = pl.col("_sex") == "L"

    def word(c: pl.Expr, d: _Dice) -> pl.Expr:
        text = pl.when(male).then(pl.lit("Laki-laki")).otherwise(pl.lit("Perempuan"))
        return pl.when(d.u("sex/upper") < 0.3).then(text.str.to_uppercase()).otherwise(text)

    forms: list[Transform] = [
        word,
        lambda c, d: pl.when(male).then(pl.lit("LK")).otherwise(pl.lit("PR")),
        lambda c, d: c.str.to_lowercase(),
    ]
    return [
        _choice("sex", "sex/form", ["sex_word", "sex_lk_pr", "sex_lower"], forms),
        _missing("sex", "sex_missing"),
    ]


def _phone_steps() -> list[_Step]:
    def fresh(c: pl.Expr, d: _Dice) -> pl.Expr:
        number = (d.u("phone/number") * 10**8).floor().cast(pl.Int64).cast(pl.String)
        return pick(d.u("phone/prefix"), PHONE_PREFIXES) + number.str.zfill(8)

    def parts(c: pl.Expr) -> list[pl.Expr]:
        return [c.str.slice(0, 4), c.str.slice(4, 4), c.str.slice(8)]

    forms: list[Transform] = [
        lambda c, d: "+62 " + c.str.slice(1),
        lambda c, d: "62" + c.str.slice(1),
        lambda c, d: pl.concat_str(parts(c), separator="-"),
        lambda c, d: pl.concat_str(parts(c), separator=" "),
        lambda c, d: c.str.slice(1),
    ]
    names = ["phone_plus62", "phone_62", "phone_dashes", "phone_spaces", "phone_no_zero"]
    return [
        _event("phone", "phone_changed", fresh, when=lambda c: c.is_not_null()),
        _choice("phone", "phone/form", names, forms),
        _missing("phone", "phone_missing"),
    ]


def _other_steps() -> list[_Step]:
    """The columns with simpler mess."""

    def marital_word(c: pl.Expr, d: _Dice) -> pl.Expr:
        synonym = d.u("marital/synonym") < 0.5
        return (
            pl.when(synonym).then(c.replace(MARITAL_SYNONYMS)).otherwise(c.replace(MARITAL_WORDS))
        )

    rt_rw_forms: list[Transform] = [
        lambda c, d: c.str.strip_chars_start("0"),
        lambda c, d: c.str.slice(1),
    ]
    job_case: list[Transform] = [
        lambda c, d: c.str.to_titlecase(),
        lambda c, d: c.str.to_uppercase(),
    ]
    return [
        _choice(
            "marital_status",
            "marital/form",
            ["marital_word", "marital_code"],
            [
                marital_word,
                lambda c, d: c.replace(MARITAL_CODES),
            ],
        ),
        _missing("marital_status", "marital_missing"),
        _prefix("mother_name", "mother_prefix"),
        _typo("mother_name", "mother_typo"),
        _case("mother_name", "mother_upper"),
        _missing("mother_name", "mother_missing"),
        _typo("birth_place", "place_typo"),
        _case("birth_place", "place_upper"),
        _missing("birth_place", "place_missing"),
        _event("address", "address_jalan", lambda c, d: c.str.replace(r"^Jl\. ", "Jalan ")),
        _event("address", "address_no", lambda c, d: c.str.replace(" No. ", " No ", literal=True)),
        _case("address", "address_upper"),
        _missing("address", "address_missing"),
        # One draw for the form of both RT and RW: a village writes them alike.
        _choice("rt", "rtrw/form", ["rtrw_short", "rtrw_two"], rt_rw_forms),
        _choice("rw", "rtrw/form", ["rtrw_short", "rtrw_two"], rt_rw_forms),
        _missing("rt", "rtrw_missing", salt="rt/missing"),
        _missing("rw", "rtrw_missing", salt="rw/missing"),
        _typo("village", "village_typo"),
        _choice(
            "village",
            "village/form",
            ["village_desa", "village_ds"],
            [
                lambda c, d: "Desa " + c,
                lambda c, d: "Ds. " + c,
            ],
        ),
        _case("village", "village_upper"),
        _event("district", "district_kec", lambda c, d: "Kec. " + c),
        _case("district", "district_upper"),
        _missing("district", "district_missing"),
        _event("occupation", "job_synonym", lambda c, d: c.replace(JOB_SYNONYMS)),
        _choice("occupation", "job/case", ["job_title", "job_upper"], job_case),
        _missing("occupation", "job_missing"),
    ]


def _apply(frame: pl.DataFrame, step: _Step, seed: int, mess: float) -> pl.DataFrame:
    """One step: the choice over the whole frame, each new value on its own rows only.

    Frames are put together from columns (``get_column``) rather than with ``select``, which
    costs ~20 ms per call on a 1,000,000-row frame.
    """
    if step.choice is None:
        value = step.values[0](_Dice(seed, frame["_row"], mess))
        return frame.with_columns(value.alias(step.column))
    dup = frame.get_column("_dup").to_frame()
    choice = dup.select(step.choice(_Dice(seed, frame["_row"], mess))).to_series()
    context = [step.column, *(c for c in ("_row", "_dup", "_sex", "_birth") if c != step.column)]
    columns = pl.DataFrame([frame.get_column(c) for c in context])
    column = frame[step.column].clone()
    for index, value in enumerate(step.values, start=1):
        rows = (choice == index).arg_true()
        if rows.is_empty():
            continue
        sub = columns[rows]
        new = sub.select(value(_Dice(seed, sub["_row"], mess)).cast(column.dtype)).to_series()
        column.scatter(rows, new)
    return frame.with_columns(column)


def make_records(
    people: pl.DataFrame, *, seed: int, duplicate_rate: float = 0.1, mess: float = 1.0
) -> pl.DataFrame:
    """Records of ``people`` as a village types them: one per person plus
    ``round(len(people) * duplicate_rate)`` duplicates of listed people (drawn with
    replacement, so a person may appear three times), shuffled; String columns headed by the
    village template labels, and ``entity`` (Int64, the truth). Mess follows :data:`RATES`
    times ``mess``; the same arguments give the same frame."""
    if duplicate_rate < 0 or mess < 0:
        raise ValueError("duplicate_rate and mess must not be negative")
    n = people.height
    again = (uniform(seed, "records/duplicate-of", round(n * duplicate_rate)) * n).floor()
    base = people.select(
        "entity", "nik", "full_name", "sex", "birth_place", "birth_date", "mother_name",
        "marital_status", "address", "rt", "rw", "phone", "occupation",
        village="village_name", district="district_name",
        _sex="sex", _birth="birth_date",
    )  # fmt: skip
    frame = pl.concat(
        [
            base.with_columns(_dup=pl.lit(False)),
            base[again.cast(pl.UInt32)].with_columns(_dup=pl.lit(True)),
        ]
    ).with_columns(_row=pl.int_range(pl.len(), dtype=pl.UInt64))
    steps = [*_name_steps(), *_nik_steps(), *_birth_steps(), *_sex_steps(), *_phone_steps()]
    for step in [*steps, *_other_steps()]:
        frame = _apply(frame, step, seed, mess)
    order = uniform(seed, "records/order", frame.height)
    return (
        frame.with_columns(_order=order)
        .sort("_order", "_row")
        .select(*[pl.col(field).alias(FIELD_LABELS[field]) for field in FIELDS], "entity")
    )


def write_village_file(records: pl.DataFrame, path: Path) -> None:
    """Write ``records`` without ``entity``: ``.csv`` as UTF-8 with commas, ``.xlsx`` as one
    sheet of text cells, except NIKs in Excel's ``7.41303150885E+15`` form, which are numbers
    as Excel holds them."""
    table = records.drop("entity", strict=False)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table.write_csv(path)
        return
    if suffix != ".xlsx":
        raise ValueError(f"unsupported file type: {path.name} (use .csv or .xlsx)")
    nik_column = (
        table.columns.index(FIELD_LABELS["nik"]) if FIELD_LABELS["nik"] in table.columns else -1
    )
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Data")
    for col, header in enumerate(table.columns):
        sheet.write_string(0, col, header)
    for row, values in enumerate(table.iter_rows(), start=1):
        for col, value in enumerate(values):
            if value is None:
                continue
            if col == nik_column and value.endswith("E+15"):
                sheet.write_number(row, col, float(value))
            else:
                sheet.write_string(row, col, value)
    workbook.close()
