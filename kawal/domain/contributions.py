"""Contribution (iuran) quotes: per programme, per payer and per month, in whole rupiah.

:func:`quote` prices one person in one segment for a run of contribution months and multiplies
by the number of persons. Rates, the JP wage ceiling, the BPU income brackets, discounts and
which programme applies to whom all come from the effective-dated tables of
:mod:`kawal.domain.rates`; each month is priced with the rows in force *in that month*, so a
quote that crosses March picks up the new JP ceiling, and one that leaves a discount period
stops discounting.

**Rounding.** Each line — one programme, one payer, one person, one month — is computed exactly
in ``Decimal`` (``base × rate % × (1 − discount %)``, or ``flat × (1 − discount %)``) and then
rounded **half up to a whole rupiah** (``ROUND_HALF_UP``: 0.5 goes up). Totals are sums of
rounded lines multiplied by the number of persons; nothing is rounded twice. So the employer's
JHT 3.7 % and the worker's 2 % are rounded separately, as they are paid separately.
No regulation text or BPJS document read for this project states how BPJS Ketenagakerjaan
rounds (``domain-rules.md`` is silent); half-up per line is the common Indonesian convention
(it is also the rule of the tax office for amounts), it is exact for all published BPU figures,
and it is a named constant here so it can be changed in one place once BPJS confirms.

**Payers.** PU: the employer pays JKK, JKM, JHT 3.7 % and JP 2 %; the worker JHT 2 % and JP 1 %.
When the employer's share is paid from a pemda budget (APBD, APBDes, hibah Pilkada, BTT) the
payer is ``pemda``. BPU: the participant owes everything, and whoever funds the participant pays
it all: the pemda for pemda budgets, the participant (``worker``) when self-funded, ``employer``
or ``other`` (APBN, CSR) otherwise.

**Discounts** (PP 50/2025) are never applied to participants paid from APBN, APBD or APBDes,
whatever the discount table says.

>>> from datetime import date
>>> q = quote(segment="bpu", month=date(2026, 4, 1), funding="apbd_kabupaten", persons=10_424)
>>> q.by_programme(), q.total
({'jkk': 104240000, 'jkm': 70883200}, 175123200)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from kawal.domain.rates import (
    CONFIDENCES,
    RISK_CLASS_CODES,
    ContributionRate,
    Provenance,
    RateTableError,
    RateTables,
    add_months,
    default_rate_tables,
    format_month,
)

ROUNDING = ROUND_HALF_UP
ROUNDING_RULE = (
    "Dibulatkan setengah ke atas ke rupiah utuh per program, per pembayar, per orang, per bulan; "
    "lalu dikalikan jumlah peserta dan dijumlahkan antarbulan."
)

#: Programme code → name. Order is the order of lines in a quote.
PROGRAMMES: dict[str, str] = {
    "jkk": "Jaminan Kecelakaan Kerja",
    "jkm": "Jaminan Kematian",
    "jht": "Jaminan Hari Tua",
    "jp": "Jaminan Pensiun",
    "jkp": "Jaminan Kehilangan Pekerjaan",
}
SEGMENTS: dict[str, str] = {"pu": "Penerima Upah", "bpu": "Bukan Penerima Upah"}
RISK_CLASSES: tuple[str, ...] = RISK_CLASS_CODES
#: BPU sectors of PP 50/2025: transport (drivers, couriers) and every other sector.
SECTORS: dict[str, str] = {
    "transportasi": "Transportasi (pengemudi, sopir, kurir)",
    "lainnya": "Sektor lain (nontransportasi)",
}
PAYERS: dict[str, str] = {
    "pemda": "Pemda",
    "employer": "Pemberi kerja",
    "worker": "Pekerja/peserta",
    "other": "Pihak lain",
}
DEFAULT_PROGRAMMES: tuple[str, ...] = ("jkk", "jkm")

K = TypeVar("K")


@dataclass(frozen=True)
class FundingSource:
    """Where the money comes from (``sumber dana``), who pays, and whether it is public."""

    code: str
    label: str
    payer: str
    public_budget: bool


#: The controlled vocabulary of funding sources. ``public_budget`` sources are never discounted
#: (PP 50/2025 excludes APBN and APBD; APBDes, hibah Pilkada and BTT are spent from those).
#: APBDes is two sources (domain-rules §5.3): Dana Desa (an APBN transfer, with its own yearly
#: priorities) and Alokasi Dana Desa (ADD, from the kabupaten's APBD), accounted separately.
FUNDING_SOURCES: dict[str, FundingSource] = {
    f.code: f
    for f in (
        FundingSource("apbd_kabupaten", "APBD kabupaten/kota", "pemda", True),
        FundingSource("apbd_provinsi", "APBD provinsi", "pemda", True),
        FundingSource("apbdes_dd", "APBDes (Dana Desa)", "pemda", True),
        FundingSource("apbdes_add", "APBDes (Alokasi Dana Desa)", "pemda", True),
        FundingSource("hibah_pilkada", "Hibah Pilkada (NPHD) dari APBD", "pemda", True),
        FundingSource("btt", "Belanja Tidak Terduga APBD", "pemda", True),
        FundingSource("apbn", "APBN", "other", True),
        FundingSource("csr_other", "CSR atau sumber lain yang sah", "other", False),
        FundingSource("self", "Peserta sendiri (mandiri)", "worker", False),
        FundingSource("employer", "Pemberi kerja", "employer", False),
    )
}


class ContributionError(ValueError):
    """Input a quote cannot be made from; the message is Indonesian and ready for users."""


@dataclass(frozen=True)
class QuoteLine:
    """One programme, one payer, one person, one month. ``amount`` is rounded (rupiah)."""

    month: date
    programme: str
    payer: str
    base: Decimal | None
    rate_percent: Decimal | None
    flat_amount: Decimal | None
    discount_percent: Decimal
    amount: int
    provenance: Provenance
    base_provenance: Provenance | None = None

    @property
    def confidence(self) -> str:
        """The weaker mark of the rate row and of the row that set the base (ceiling/bracket)."""
        marks = [self.provenance.confidence]
        if self.base_provenance is not None:
            marks.append(self.base_provenance.confidence)
        return max(marks, key=CONFIDENCES.index)


@dataclass(frozen=True)
class Quote:
    """A priced contribution; amounts in whole rupiah for all persons and months."""

    segment: str
    funding: FundingSource
    sector: str
    first_month: date
    months: int
    persons: int
    risk_class: str | None
    programmes: tuple[str, ...]
    lines: tuple[QuoteLine, ...]
    notes: tuple[str, ...]

    def by_programme(self) -> dict[str, int]:
        return self._sum(lambda line: line.programme)

    def by_payer(self) -> dict[str, int]:
        return self._sum(lambda line: line.payer)

    def by_programme_and_payer(self) -> dict[tuple[str, str], int]:
        return self._sum(lambda line: (line.programme, line.payer))

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines) * self.persons

    def per_person_by_month(self) -> dict[date, int]:
        """What one person costs in each month (all programmes and payers)."""
        result: dict[date, int] = {}
        for line in self.lines:
            result[line.month] = result.get(line.month, 0) + line.amount
        return result

    def _sum(self, key: Callable[[QuoteLine], K]) -> dict[K, int]:
        result: dict[K, int] = {}
        for line in self.lines:
            result[key(line)] = result.get(key(line), 0) + line.amount * self.persons
        return result

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data; amounts are integers of rupiah, rates are strings."""
        return {
            "segment": self.segment,
            "funding": self.funding.code,
            "sector": self.sector if self.segment == "bpu" else None,
            "month": format_month(self.first_month),
            "months": self.months,
            "persons": self.persons,
            "risk_class": self.risk_class,
            "programmes": self.by_programme(),
            "payers": self.by_payer(),
            "total": self.total,
            "per_person_per_month": {
                format_month(m): amount for m, amount in self.per_person_by_month().items()
            },
            "lines": [_line_dict(line) for line in self.lines],
            "notes": list(self.notes),
            "rounding": ROUNDING_RULE,
        }


def _line_dict(line: QuoteLine) -> dict[str, object]:
    return {
        "month": format_month(line.month),
        "programme": line.programme,
        "payer": line.payer,
        "base": None if line.base is None else int(line.base),
        "rate_percent": None if line.rate_percent is None else str(line.rate_percent),
        "flat_amount": None if line.flat_amount is None else int(line.flat_amount),
        "discount_percent": str(line.discount_percent),
        "amount_per_person": line.amount,
        "legal_basis": line.provenance.legal_basis,
        "base_legal_basis": line.base_provenance.legal_basis if line.base_provenance else None,
        "confidence": line.confidence,
    }


def round_rupiah(amount: Decimal) -> int:
    """Round half up to a whole rupiah: ``Decimal("4804.5")`` → ``4805``."""
    return int(amount.quantize(Decimal(1), rounding=ROUNDING))


def parse_programmes(text: str) -> tuple[str, ...]:
    """``"jkk, JKM,jht"`` → ``("jkk", "jkm", "jht")``; unknown codes raise."""
    codes = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not codes:
        raise ContributionError("Daftar program kosong; pilih dari jkk, jkm, jht, jp.")
    return _known_programmes(codes)


def quote(
    *,
    segment: str,
    month: date,
    funding: str,
    wage: int | Decimal | None = None,
    income: int | Decimal | None = None,
    risk_class: str | None = None,
    programmes: Iterable[str] | None = None,
    months: int = 1,
    persons: int = 1,
    sector: str = "lainnya",
    tables: RateTables | None = None,
) -> Quote:
    """Price ``programmes`` for ``persons`` people over ``months`` months from ``month``.

    PU needs ``wage`` (monthly upah) and ``risk_class`` (JKK class I–V of the employer/OPD).
    BPU takes ``income`` (reported monthly income; omitted means the lowest bracket). Raises
    :class:`ContributionError` with an Indonesian message for any input it cannot price,
    including a month outside the tables.
    """
    source = _funding(funding)
    chosen = _validate(segment, source, sector, months, persons, programmes, risk_class)
    amount = _inputs(segment, wage, income)
    tables = default_rate_tables() if tables is None else tables
    lines: list[QuoteLine] = []
    notes: list[str] = []
    try:
        for index in range(months):
            current = add_months(month.replace(day=1), index)
            _check_applicability(tables, segment, chosen, current)
            pricer = _price_pu if segment == "pu" else _price_bpu
            lines += pricer(tables, current, chosen, amount, risk_class, source, sector, notes)
    except RateTableError as exc:
        raise ContributionError(str(exc)) from exc
    notes += _confidence_notes(lines)
    return Quote(
        segment=segment,
        funding=source,
        sector=sector,
        first_month=month.replace(day=1),
        months=months,
        persons=persons,
        risk_class=risk_class if segment == "pu" else None,
        programmes=chosen,
        lines=tuple(lines),
        notes=tuple(dict.fromkeys(notes)),
    )


# --- input checks -------------------------------------------------------------------------


def _funding(code: str) -> FundingSource:
    if code not in FUNDING_SOURCES:
        raise ContributionError(
            f"Sumber dana {code!r} tidak dikenal; pilih dari {', '.join(FUNDING_SOURCES)}."
        )
    return FUNDING_SOURCES[code]


def _known_programmes(codes: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(codes))
    unknown = [code for code in chosen if code not in PROGRAMMES]
    if unknown:
        raise ContributionError(
            f"Program {', '.join(unknown)} tidak dikenal; pilih dari jkk, jkm, jht, jp."
        )
    return tuple(code for code in PROGRAMMES if code in chosen)


def _validate(
    segment: str,
    source: FundingSource,
    sector: str,
    months: int,
    persons: int,
    programmes: Iterable[str] | None,
    risk_class: str | None,
) -> tuple[str, ...]:
    if segment not in SEGMENTS:
        raise ContributionError(f"Segmen harus pu atau bpu, bukan {segment!r}.")
    if sector not in SECTORS:
        raise ContributionError(f"Sektor harus salah satu dari {', '.join(SECTORS)}.")
    if months < 1:
        raise ContributionError("Jumlah bulan paling sedikit 1.")
    if persons < 1:
        raise ContributionError("Jumlah peserta paling sedikit 1.")
    if segment == "pu" and source.code == "self":
        raise ContributionError(
            "Iuran PU tidak dibayar mandiri: pemberi kerja membayar bagiannya dan memotong "
            "bagian pekerja dari upah. Pilih sumber dana pemberi kerja atau APBD."
        )
    if segment == "pu" and risk_class not in RISK_CLASSES:
        raise ContributionError(
            "Kelas risiko JKK (I, II, III, IV atau V) wajib untuk PU; kelas ditetapkan BPJS "
            "per pemberi kerja/OPD."
        )
    if segment == "bpu" and risk_class is not None:
        raise ContributionError("Kelas risiko hanya untuk PU; JKK BPU 1% dari dasar penghasilan.")
    return _known_programmes(DEFAULT_PROGRAMMES if programmes is None else programmes)


def _inputs(segment: str, wage: int | Decimal | None, income: int | Decimal | None) -> Decimal:
    if segment == "pu":
        if income is not None:
            raise ContributionError("Untuk PU isikan upah sebulan, bukan penghasilan BPU.")
        if wage is None:
            raise ContributionError("Untuk PU upah sebulan wajib diisi.")
        value = _rupiah(wage, "Upah")
        if value == 0:
            raise ContributionError("Upah harus lebih dari nol.")
        return value
    if wage is not None:
        raise ContributionError("Untuk BPU isikan penghasilan (dasar iuran), bukan upah.")
    return _rupiah(0 if income is None else income, "Penghasilan")


def _rupiah(value: int | Decimal, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ContributionError(f"{what} harus angka rupiah utuh.")
    amount = Decimal(value)
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ContributionError(f"{what} harus angka rupiah utuh.")
    if amount < 0:
        raise ContributionError(f"{what} tidak boleh negatif.")
    return amount


def _check_applicability(
    tables: RateTables, segment: str, chosen: tuple[str, ...], month: date
) -> None:
    for programme in PROGRAMMES:
        rule = tables.applicability_of(programme, segment, month) if programme in chosen else None
        if rule is not None and rule.status == "not_applicable":
            raise ContributionError(
                f"{programme.upper()} tidak berlaku untuk {SEGMENTS[segment]}: "
                f"{rule.provenance.note} ({rule.provenance.legal_basis})."
            )
    for programme in ("jkk", "jkm"):
        rule = tables.applicability_of(programme, segment, month)
        if rule.status == "mandatory" and programme not in chosen:
            raise ContributionError(
                f"{programme.upper()} wajib untuk {SEGMENTS[segment]}; program lain hanya "
                f"tambahan ({rule.provenance.legal_basis})."
            )


# --- pricing ------------------------------------------------------------------------------


def _price_pu(
    tables: RateTables,
    month: date,
    chosen: tuple[str, ...],
    wage: Decimal,
    risk_class: str | None,
    source: FundingSource,
    sector: str,
    notes: list[str],
) -> list[QuoteLine]:
    lines = []
    for programme in chosen:
        base, base_provenance = wage, None
        if programme == "jp":
            ceiling = tables.jp_ceiling(month)
            if wage > ceiling.ceiling:
                base, base_provenance = ceiling.ceiling, ceiling.provenance
                notes.append(
                    f"Upah JP dibatasi Rp {_rp(ceiling.ceiling)} (batas upah tertinggi JP "
                    f"{ceiling.validity.label()}, {ceiling.provenance.legal_basis})."
                )
        klass = (risk_class or "") if programme == "jkk" else ""
        for rate in tables.rates_in_force(programme, "pu", month, klass):
            payer = "worker" if rate.payer == "worker" else _employer_payer(source)
            lines.append(_line(month, rate, payer, base, Decimal(0), base_provenance))
    return lines


def _price_bpu(
    tables: RateTables,
    month: date,
    chosen: tuple[str, ...],
    income: Decimal,
    risk_class: str | None,
    source: FundingSource,
    sector: str,
    notes: list[str],
) -> list[QuoteLine]:
    bracket = tables.bpu_bracket(income, month)
    basis = bracket.basis_for(income)
    notes.append(f"Dasar iuran BPU Rp {_rp(basis)} (penghasilan dilaporkan Rp {_rp(income)}).")
    lines = []
    for programme in chosen:
        discount = _discount(tables, programme, sector, month, source, notes)
        for rate in tables.rates_in_force(programme, "bpu", month):
            lines.append(_line(month, rate, source.payer, basis, discount, bracket.provenance))
    return lines


def _discount(
    tables: RateTables,
    programme: str,
    sector: str,
    month: date,
    source: FundingSource,
    notes: list[str],
) -> Decimal:
    row = tables.discount(programme, "bpu", sector, month)
    if row is None:
        return Decimal(0)
    if source.public_budget or source.code in row.excluded_funding:
        notes.append(
            f"Diskon {row.provenance.legal_basis} tidak diterapkan: iuran dibayar dari "
            f"{source.label}, yang dikecualikan (PP 50/2025 Pasal 3)."
        )
        return Decimal(0)
    notes.append(
        f"Diskon {row.discount_percent.normalize():f}% {programme.upper()} "
        f"({row.provenance.legal_basis}, sektor {sector}, {row.validity.label()})."
    )
    return row.discount_percent


def _employer_payer(source: FundingSource) -> str:
    return "pemda" if source.payer == "pemda" else "employer"


def _line(
    month: date,
    rate: ContributionRate,
    payer: str,
    base: Decimal,
    discount: Decimal,
    base_provenance: Provenance | None = None,
) -> QuoteLine:
    factor = (Decimal(100) - discount) / Decimal(100)
    if rate.flat_amount is not None:
        exact = rate.flat_amount * factor
        line_base = None
    else:
        assert rate.rate_percent is not None  # the loader guarantees one of the two
        exact = base * rate.rate_percent / Decimal(100) * factor
        line_base = base
    return QuoteLine(
        month=month,
        programme=rate.programme,
        payer=payer,
        base=line_base,
        rate_percent=rate.rate_percent,
        flat_amount=rate.flat_amount,
        discount_percent=discount,
        amount=round_rupiah(exact),
        provenance=rate.provenance,
        base_provenance=base_provenance if line_base is not None else None,
    )


def _confidence_notes(lines: list[QuoteLine]) -> list[str]:
    """One note per row marked S or ? that a line rests on (rate, ceiling or bracket)."""
    notes = []
    for line in lines:
        for row in (line.provenance, line.base_provenance):
            if row is not None and row.confidence != "V":
                note = f"; {row.note}" if row.note else ""
                notes.append(f"[{row.confidence}] {row.legal_basis}; sumber: {row.source}{note}")
    return notes


def _rp(amount: Decimal | int) -> str:
    """``1000000`` → ``"1.000.000"`` (Indonesian thousands separator)."""
    return f"{int(amount):,}".replace(",", ".")
