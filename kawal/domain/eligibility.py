"""Eligibility of one person for one cohort, with every reason explained (domain-rules §3).

The Perbup decides the rules, so they are data (:class:`CohortRules`): age range, the poverty
sources accepted, the highest desil, the oldest data period accepted, the programmes and the
period. :func:`evaluate` checks a person's facts (:class:`PersonFacts`) against them and returns
a :class:`Verdict` with one :class:`Reason` per check — passed or failed — each with a stable
``code`` and an Indonesian message a village operator can read aloud:

>>> from datetime import date
>>> rules = CohortRules(region_code="7413", max_desil=4, poverty_sources=("DTSEN",),
...                     legal_basis="Perbup 12/2025")
>>> facts = PersonFacts(birth_date=date(1959, 1, 2), domicile_code="7413031007",
...                     poverty=(PovertyFact("DTSEN", 6, date(2026, 10, 1)),))
>>> verdict = evaluate(rules, facts, on=date(2026, 11, 24))
>>> verdict.eligible, verdict.failed_codes
(False, ('AGE_ABOVE', 'DESIL_ABOVE'))
>>> [r.message for r in verdict.reasons if not r.passed]
['Usia 67 tahun melewati batas 64 (Perbup 12/2025)', 'Desil 6 di atas batas 4 (DTSEN 2026-10)']

Pure Python: no Django. :func:`eligibility_frame` is the same rules as Polars expressions for a
whole cohort at once; a test proves both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

PROGRAMME_NAMES = {"jkk": "JKK", "jkm": "JKM", "jht": "JHT", "jp": "JP", "jkp": "JKP"}

#: Failing codes, in the order they are checked. Never rename a code: pages and exports use it.
FAIL_CODES = (
    "DEAD",
    "NOT_DOMICILED",
    "AGE_BELOW",
    "AGE_ABOVE",
    "ASN",
    "NO_POVERTY_DATA",
    "POVERTY_DATA_OLD",
    "DESIL_ABOVE",
    "DOUBLE_COVER",
)


@dataclass(frozen=True, slots=True)
class PovertyFact:
    source: str
    desil: int
    period: date


@dataclass(frozen=True, slots=True)
class OtherCover:
    """A membership of the same person in another cohort that counts as cover."""

    cohort_name: str
    programmes: tuple[str, ...]
    start: date
    end: date


@dataclass(frozen=True, slots=True, kw_only=True)
class CohortRules:
    region_code: str  # the pemda's Kemendagri code: domicile must be inside it
    min_age: int = 15
    max_age: int = 64
    max_desil: int | None = None  # None: poverty is not a condition
    poverty_sources: tuple[str, ...] = ()  # empty: every source is accepted
    poverty_period_from: date | None = None
    programmes: tuple[str, ...] = ("jkk", "jkm")
    period_start: date = date(1900, 1, 1)
    period_end: date = date(2999, 12, 31)
    legal_basis: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonFacts:
    birth_date: date
    domicile_code: str  # the desa/kelurahan code of the address, never the NIK prefix
    poverty: tuple[PovertyFact, ...] = ()
    date_of_death: date | None = None
    is_asn: bool | None = None  # the occupation recorded is PNS/PPPK/TNI/Polri; None: unknown
    other_cover: tuple[OtherCover, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    passed: bool
    message: str


@dataclass(frozen=True, slots=True)
class Verdict:
    reasons: tuple[Reason, ...]

    @property
    def eligible(self) -> bool:
        return all(r.passed for r in self.reasons)

    @property
    def failed_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons if not r.passed)


def age_on(birth_date: date, on: date) -> int:
    """Full years of age on ``on`` (a 29 February birthday counts from 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def month_label(period: date) -> str:
    return f"{period.year:04d}-{period.month:02d}"


def _basis(rules: CohortRules) -> str:
    return f" ({rules.legal_basis})" if rules.legal_basis else ""


def _age(rules: CohortRules, facts: PersonFacts, on: date) -> Reason:
    age = age_on(facts.birth_date, on)
    if age < rules.min_age:
        return Reason(
            "AGE_BELOW", False, f"Usia {age} tahun di bawah batas {rules.min_age}{_basis(rules)}"
        )
    if age > rules.max_age:
        return Reason(
            "AGE_ABOVE", False, f"Usia {age} tahun melewati batas {rules.max_age}{_basis(rules)}"
        )
    return Reason("AGE_OK", True, f"Usia {age} tahun ({rules.min_age}–{rules.max_age})")


def latest_poverty(rules: CohortRules, records: Sequence[PovertyFact]) -> PovertyFact | None:
    """The newest record from an accepted source (latest period; the lower desil on a tie)."""
    accepted = [
        r for r in records if not rules.poverty_sources or r.source in rules.poverty_sources
    ]
    if not accepted:
        return None
    return max(accepted, key=lambda r: (r.period, -r.desil))


def _poverty(rules: CohortRules, facts: PersonFacts) -> Reason | None:
    if rules.max_desil is None:
        return None
    latest = latest_poverty(rules, facts.poverty)
    if latest is None:
        return Reason(
            "NO_POVERTY_DATA", False, "Tidak ada data kemiskinan dari sumber yang diterima"
        )
    label = f"{latest.source} {month_label(latest.period)}"
    if rules.poverty_period_from is not None and latest.period < rules.poverty_period_from:
        return Reason(
            "POVERTY_DATA_OLD",
            False,
            f"Data kemiskinan terbaru ({label}) lebih lama dari batas "
            f"{month_label(rules.poverty_period_from)}",
        )
    if latest.desil > rules.max_desil:
        return Reason(
            "DESIL_ABOVE", False, f"Desil {latest.desil} di atas batas {rules.max_desil} ({label})"
        )
    return Reason("DESIL_OK", True, f"Desil {latest.desil} ({label}), batas {rules.max_desil}")


def _double_cover(rules: CohortRules, facts: PersonFacts) -> list[Reason]:
    reasons = []
    for cover in facts.other_cover:
        overlap = cover.start <= rules.period_end and cover.end >= rules.period_start
        shared = [p for p in rules.programmes if p in cover.programmes]
        if overlap and shared:
            names = ", ".join(PROGRAMME_NAMES.get(p, p.upper()) for p in shared)
            reasons.append(
                Reason(
                    "DOUBLE_COVER",
                    False,
                    f"Sudah aktif di kohort lain untuk {names} pada periode yang sama "
                    f"({cover.cohort_name})",
                )
            )
    return reasons


def evaluate(rules: CohortRules, facts: PersonFacts, *, on: date) -> Verdict:
    """Every check of ``rules`` on ``facts`` as of ``on`` (the enrolment date)."""
    reasons: list[Reason] = []
    if facts.date_of_death is not None and facts.date_of_death <= on:
        reasons.append(
            Reason("DEAD", False, f"Meninggal dunia pada {facts.date_of_death:%d-%m-%Y}")
        )
    if not facts.domicile_code.startswith(rules.region_code):
        reasons.append(Reason("NOT_DOMICILED", False, "Domisili (alamat KK) di luar wilayah pemda"))
    else:
        reasons.append(Reason("DOMICILE_OK", True, "Berdomisili di wilayah pemda"))
    reasons.append(_age(rules, facts, on))
    if facts.is_asn:
        reasons.append(Reason("ASN", False, "Berstatus ASN/TNI/Polri"))
    poverty = _poverty(rules, facts)
    if poverty is not None:
        reasons.append(poverty)
    double = _double_cover(rules, facts)
    reasons.extend(double)
    if not double:
        reasons.append(Reason("COVER_OK", True, "Tidak terdaftar ganda di kohort lain"))
    return Verdict(tuple(reasons))


# --- the same rules over a whole cohort -------------------------------------------------------

PERSON_SCHEMA = {
    "person_id": pl.Int64(),
    "birth_date": pl.Date(),
    "domicile_code": pl.String(),
    "date_of_death": pl.Date(),
    "is_asn": pl.Boolean(),  # null: unknown
}
POVERTY_SCHEMA = {
    "person_id": pl.Int64(),
    "source": pl.String(),
    "desil": pl.Int64(),
    "period": pl.Date(),
}
COVER_SCHEMA = {
    "person_id": pl.Int64(),
    "programmes": pl.List(pl.String()),
    "start": pl.Date(),
    "end": pl.Date(),
}


def eligibility_frame(
    rules: CohortRules,
    persons: pl.DataFrame,
    poverty: pl.DataFrame,
    cover: pl.DataFrame,
    *,
    on: date,
) -> pl.DataFrame:
    """Columns ``person_id``, ``eligible`` and ``codes`` (the failed codes, in check order).

    ``persons``, ``poverty`` and ``cover`` follow :data:`PERSON_SCHEMA`, :data:`POVERTY_SCHEMA`
    and :data:`COVER_SCHEMA`; ``is_asn`` is true for a person recorded as PNS/PPPK/TNI/Polri.
    """
    accepted = poverty
    if rules.poverty_sources:
        accepted = poverty.filter(pl.col("source").is_in(list(rules.poverty_sources)))
    latest = (
        accepted.sort(["person_id", "period", "desil"], descending=[False, True, False])
        .unique("person_id", keep="first", maintain_order=True)
        .select("person_id", pl.col("desil").alias("_desil"), pl.col("period").alias("_period"))
    )
    shared = pl.col("programmes").list.set_intersection(list(rules.programmes)).list.len() > 0
    doubled = (
        cover.filter(
            shared & (pl.col("start") <= rules.period_end) & (pl.col("end") >= rules.period_start)
        )
        .group_by("person_id")
        .agg(pl.len().alias("_double"))
    )
    birth = pl.col("birth_date")
    before_birthday = (pl.lit(on.month) < birth.dt.month()) | (
        (pl.lit(on.month) == birth.dt.month()) & (pl.lit(on.day) < birth.dt.day())
    )
    age = pl.lit(on.year) - birth.dt.year() - before_birthday.cast(pl.Int32)
    checks: dict[str, pl.Expr] = {
        "DEAD": pl.col("date_of_death").is_not_null() & (pl.col("date_of_death") <= on),
        "NOT_DOMICILED": ~pl.col("domicile_code").str.starts_with(rules.region_code),
        "AGE_BELOW": age < rules.min_age,
        "AGE_ABOVE": age > rules.max_age,
        "ASN": pl.col("is_asn"),
    }
    if rules.max_desil is not None:
        old = (
            pl.col("_period") < rules.poverty_period_from
            if rules.poverty_period_from is not None
            else pl.lit(False)
        )
        checks["NO_POVERTY_DATA"] = pl.col("_desil").is_null()
        checks["POVERTY_DATA_OLD"] = pl.col("_desil").is_not_null() & old
        checks["DESIL_ABOVE"] = (
            pl.col("_desil").is_not_null() & ~old & (pl.col("_desil") > rules.max_desil)
        )
    checks["DOUBLE_COVER"] = pl.col("_double").fill_null(0) > 0
    flags = [pl.when(expr.fill_null(False)).then(pl.lit(code)) for code, expr in checks.items()]
    return (
        persons.join(latest, on="person_id", how="left", maintain_order="left")
        .join(doubled, on="person_id", how="left", maintain_order="left")
        .select(
            "person_id",
            pl.concat_list(flags).list.drop_nulls().alias("codes"),
        )
        .with_columns(eligible=pl.col("codes").list.len() == 0)
        .select("person_id", "eligible", "codes")
    )
