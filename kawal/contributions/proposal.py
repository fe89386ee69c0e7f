"""The budget proposal (RKA-style) of a fiscal year, built from membership and rates.

**Where the rows come from.** A proposal asks for money that is not budgeted yet, so its rows
come from the same data as the projection of the budget page, not from the year's budget lines:
every cohort of the user's pemda that has active members now and is paid from a pemda budget
(``payer == "pemda"``: APBD kabupaten/provinsi, APBDes Dana Desa/ADD, hibah Pilkada, BTT) is
priced for the 12 months of the fiscal year at that year's rates by the calculator. The budget
lines are only read for the name of an account the cohort names (``budget_account``) that has no
standard name. The worker's share of a PU contribution (JHT 2 %, JP 1 %) is cut from the wage and
is not budgeted, so only the lines the pemda pays are counted.

Each row is one cohort, programme and per-person monthly rate: ``persons × months × unit rate =
amount`` holds exactly on every row (a rate that changes within the year, such as JP across
March, gives two rows). Rows are grouped by funding source, then by account code (kode
rekening); the document shows a subtotal per funding source, the grand total and the total in
words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from kawal.accounts.models import User
from kawal.contributions import selectors
from kawal.contributions.coverage import calculator_segment
from kawal.contributions.models import BudgetLine, BudgetStage
from kawal.contributions.services import account_code_for
from kawal.domain.contributions import FUNDING_SOURCES, PROGRAMMES, ContributionError, quote
from kawal.domain.pemda_names import date_text, government_heading, signing_place
from kawal.domain.terbilang import rupiah_words
from kawal.enrolment.models import Cohort

MONTHS = 12
#: Standard names of the non-ASN accounts (domain-rules §5.2).
ACCOUNT_NAMES: dict[str, str] = {
    "5.1.02.02.02.0006": "Belanja Iuran Jaminan Kecelakaan Kerja bagi Non ASN",
    "5.1.02.02.02.0007": "Belanja Iuran Jaminan Kematian bagi Non ASN",
    "5.1.02.02.02.0010": "Belanja Iuran Jaminan Hari Tua bagi Non ASN",
}
NO_ACCOUNT = "(belum ditetapkan)"


@dataclass(frozen=True)
class ProposalRow:
    """``persons × months × unit_amount = amount`` (rupiah) for one cohort and programme."""

    funding_source: str
    account_code: str
    account_name: str
    programme: str
    cohort_name: str
    persons: int
    months: int
    unit_amount: int
    amount: int
    stage: str

    @property
    def programme_name(self) -> str:
        return PROGRAMMES[self.programme]

    @property
    def funding_label(self) -> str:
        return FUNDING_SOURCES[self.funding_source].label


@dataclass(frozen=True)
class Account:
    code: str
    name: str
    rows: tuple[ProposalRow, ...]

    @property
    def amount(self) -> int:
        return sum(row.amount for row in self.rows)


@dataclass(frozen=True)
class Section:
    """The rows of one funding source, by account."""

    funding_source: str
    accounts: tuple[Account, ...]

    @property
    def label(self) -> str:
        return FUNDING_SOURCES[self.funding_source].label

    @property
    def amount(self) -> int:
        return sum(account.amount for account in self.accounts)


@dataclass(frozen=True)
class Proposal:
    pemda_name: str
    dinas_name: str
    fiscal_year: int
    stage: str
    prepared_on: date
    rows: tuple[ProposalRow, ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def stage_label(self) -> str:
        return str(BudgetStage(self.stage).label)

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)

    @property
    def total_words(self) -> str:
        return rupiah_words(self.total)

    @property
    def government(self) -> str:
        """``PEMERINTAH KABUPATEN MUNA BARAT``."""
        return government_heading(self.pemda_name)

    @property
    def place(self) -> str:
        """The place of signing: ``Muna Barat``."""
        return signing_place(self.pemda_name)

    @property
    def date_text(self) -> str:
        day = self.prepared_on
        return date_text(day)

    def sections(self) -> list[Section]:
        """Rows grouped by funding source, then by account code, in the order of the rows."""
        by_source: dict[str, dict[str, list[ProposalRow]]] = defaultdict(dict)
        for row in self.rows:
            by_source[row.funding_source].setdefault(row.account_code, []).append(row)
        return [
            Section(
                source,
                tuple(
                    Account(code, rows[0].account_name, tuple(rows))
                    for code, rows in by_source[source].items()
                ),
            )
            for source in FUNDING_SOURCES
            if source in by_source
        ]


def budget_proposal(
    user: User, year: int, *, stage: str = BudgetStage.MURNI, today: date | None = None
) -> Proposal:
    """The proposal of ``user``'s pemda for fiscal ``year`` (see the module docstring)."""
    if stage not in BudgetStage.values:
        raise ValueError(f"Tahapan {stage!r} tidak dikenal; pilih murni atau perubahan.")
    pemda = user.pemda
    names = _known_account_names(user)
    rows: list[ProposalRow] = []
    problems: list[str] = []
    for cohort in selectors.base_cohorts(user, year).order_by("name", "id"):
        if FUNDING_SOURCES[cohort.funding_source].payer != "pemda":
            continue
        groups = selectors.active_groups(cohort)
        if not groups:
            continue
        try:
            units = _cohort_units(cohort, groups, year)
        except ContributionError as exc:
            problems.append(f"{cohort.name}: {exc}")
            continue
        for (programme, unit, months), persons in units.items():
            code = account_code_for(cohort.segment, programme, cohort.budget_account)
            rows.append(
                ProposalRow(
                    funding_source=cohort.funding_source,
                    account_code=code or NO_ACCOUNT,
                    account_name=_account_name(code, names),
                    programme=programme,
                    cohort_name=cohort.name,
                    persons=persons,
                    months=months,
                    unit_amount=unit,
                    amount=persons * months * unit,
                    stage=stage,
                )
            )
    sources, programmes = list(FUNDING_SOURCES), list(PROGRAMMES)
    rows.sort(
        key=lambda r: (
            sources.index(r.funding_source),
            r.account_code == NO_ACCOUNT,
            r.account_code,
            r.cohort_name,
            programmes.index(r.programme),
            -r.unit_amount,
        )
    )
    return Proposal(
        pemda_name=pemda.name if pemda else "",
        dinas_name=(pemda.dinas_name if pemda else "") or "Dinas Tenaga Kerja",
        fiscal_year=year,
        stage=stage,
        prepared_on=today or timezone.localdate(),
        rows=tuple(rows),
        problems=tuple(problems),
    )


def _cohort_units(
    cohort: Cohort, groups: dict[tuple[int | None, str], int], year: int
) -> dict[tuple[str, int, int], int]:
    """(programme, pemda's rupiah per person-month, months at that rate) → persons."""
    segment = calculator_segment(cohort.segment)
    units: dict[tuple[str, int, int], int] = defaultdict(int)
    for (wage, risk), persons in groups.items():
        q = quote(
            segment=segment,
            month=date(year, 1, 1),
            months=MONTHS,
            persons=persons,
            funding=cohort.funding_source,
            wage=wage if segment == "pu" else None,
            risk_class=risk if segment == "pu" else None,
            programmes=cohort.programmes or None,
        )
        per_month: dict[tuple[str, date], int] = defaultdict(int)
        for line in q.lines:
            if line.payer == "pemda":
                per_month[(line.programme, line.month)] += line.amount
        months_at: dict[tuple[str, int], int] = defaultdict(int)
        for (programme, _month), unit in per_month.items():
            months_at[(programme, unit)] += 1
        for (programme, unit), months in months_at.items():
            if unit:
                units[(programme, unit, months)] += persons
    return dict(units)


def _known_account_names(user: User) -> dict[str, str]:
    """Account code → the latest non-empty name the pemda's budget lines give it."""
    names: dict[str, str] = {}
    lines = (
        BudgetLine.objects.filter(pemda_id=user.pemda_id)
        .exclude(account_name="")
        .order_by("fiscal_year", "id")
        .values_list("account_code", "account_name")
    )
    for code, name in lines:
        names[code] = name
    return names


def _account_name(code: str, names: dict[str, str]) -> str:
    """The standard name, else the pemda's own name for the code, else a plain description."""
    if not code:
        return "Kode rekening belum ditetapkan pada data kohort"
    return ACCOUNT_NAMES.get(code) or names.get(code) or "Belanja iuran BPJS Ketenagakerjaan"
