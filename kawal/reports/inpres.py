"""The semiannual Inpres 2/2021 monitoring report (monev): its figures, read from the database.

Inpres 2/2021 has the Menko PMK report to the President at least every six months; pemda are
monitored on coverage (peserta aktif ÷ potensi), budget and realisation, regulations and claims
paid (domain-rules §4.1). :func:`inpres_report` gathers one semester (``2026-1`` = January–June,
``2026-2`` = July–December) for the user's pemda:

1. coverage per segment on the semester's last day, from
   :func:`kawal.reports.coverage.coverage_figures`, with the denominator stated;
2. per budget line of the year in force in that semester (APBD murni in semester 1, the
   perubahan where there is one in semester 2): the ceiling, and what was billed and paid for the
   coverage months of the semester (matched as :func:`kawal.contributions.selectors.realisation`
   does), plus the payments (SP2D) dated inside the semester;
3. regulations in force on at least one day of the semester;
4. claims paid in the semester (by ``paid_on``) per programme, and the events that happened in it;
5. problems and notes (typed by the admin, then the ones the figures show), and the signer.

:mod:`kawal.reports.inpres_export` writes it as XLSX and PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum

from kawal.accounts.models import User
from kawal.claims.models import Claim, ClaimStatus
from kawal.contributions.models import BudgetLine, BudgetStage, Payment
from kawal.contributions.selectors import coverage_sums
from kawal.domain.contributions import FUNDING_SOURCES
from kawal.domain.pemda_names import government_heading, signing_place
from kawal.regions.models import Pemda
from kawal.reports.inpres_coverage import TOTAL, CoverageLine, coverage_lines
from kawal.reports.inpres_regulations import in_force_between, regulations_for
from kawal.reports.models import Regulation

INPRES = "Instruksi Presiden Nomor 2 Tahun 2021"
INPRES_ABOUT = "Optimalisasi Pelaksanaan Program Jaminan Sosial Ketenagakerjaan"
PROGRAMME_LABELS = {
    "jkk": "JKK (Jaminan Kecelakaan Kerja)",
    "jkm": "JKM (Jaminan Kematian)",
    "": "Tanpa program (tidak terlindungi)",
}
SEMESTER_RE = re.compile(r"^\s*(\d{4})-([12])\s*$")


class SemesterError(ValueError):
    """A semester that cannot be read; the message is Indonesian."""


@dataclass(frozen=True)
class Semester:
    """Half ``half`` (1: January–June, 2: July–December) of ``year``."""

    year: int
    half: int

    @property
    def code(self) -> str:
        return f"{self.year}-{self.half}"

    @property
    def first_day(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def last_month(self) -> date:
        return self.last_day.replace(day=1)

    @property
    def roman(self) -> str:
        return "I" if self.half == 1 else "II"

    @property
    def label(self) -> str:
        """``Semester I (Januari–Juni) Tahun 2026``."""
        months = "Januari–Juni" if self.half == 1 else "Juli–Desember"
        return f"Semester {self.roman} ({months}) Tahun {self.year}"

    def previous(self) -> Semester:
        return Semester(self.year, 1) if self.half == 2 else Semester(self.year - 1, 2)


def parse_semester(text: str) -> Semester:
    """``2026-1`` → January–June 2026; anything else raises :class:`SemesterError`."""
    match = SEMESTER_RE.match(text or "")
    if not match:
        raise SemesterError(
            f"Semester harus berbentuk TAHUN-1 (Januari–Juni) atau TAHUN-2 (Juli–Desember), "
            f"misalnya 2026-1; bukan {text!r}."
        )
    year = int(match.group(1))
    if not 2015 <= year <= 2100:
        raise SemesterError(f"Tahun semester harus antara 2015 dan 2100, bukan {year}.")
    return Semester(year, int(match.group(2)))


def semester_of(day: date) -> Semester:
    return Semester(day.year, 1 if day.month <= 6 else 2)


@dataclass(frozen=True)
class Signer:
    """Who signs: ``kepala_dinas`` or ``bupati``; blank name/NIP print as dotted lines."""

    role: str = "kepala_dinas"
    name: str = ""
    nip: str = ""


@dataclass(frozen=True)
class BudgetRow:
    account_code: str
    account_name: str
    stage: str
    funding_label: str
    cohort_name: str
    programme: str
    allocated: int
    billed: int
    paid: int


@dataclass(frozen=True)
class ClaimRow:
    programme: str
    label: str
    count: int
    amount: int


@dataclass(frozen=True)
class EventCounts:
    """Events (deaths, accidents) that happened in the semester, by coverage and state."""

    total: int = 0
    covered: int = 0
    uncovered: int = 0
    pending: int = 0
    pending_benefit: int = 0


@dataclass
class InpresReport:
    pemda_name: str
    dinas_name: str
    semester: Semester
    reporting_date: date
    coverage: list[CoverageLine]
    budget: list[BudgetRow]
    payments_in_semester: int
    regulations: list[Regulation]
    claims_paid: list[ClaimRow]
    events: EventCounts
    notes: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)

    @property
    def government(self) -> str:
        """``PEMERINTAH KABUPATEN MUNA BARAT``."""
        return government_heading(self.pemda_name)

    @property
    def place(self) -> str:
        """``Muna Barat``: the pemda's name without "Pemerintah", "Kabupaten", "Kota"."""
        return signing_place(self.pemda_name)

    @property
    def head_title(self) -> str:
        """``Bupati Muna Barat`` (``Wali Kota …`` for a kota, ``Gubernur …`` for a province)."""
        name = self.pemda_name.lower()
        title = "Wali Kota" if " kota " in f" {name} " else "Bupati"
        if "provinsi" in name:
            title = "Gubernur"
        return f"{title} {self.place}"

    @property
    def signer_title(self) -> str:
        if self.signer.role == "bupati":
            return self.head_title
        return f"Kepala {self.dinas_name}" if self.dinas_name else "Kepala Dinas"

    @property
    def allocated_total(self) -> int:
        return sum(r.allocated for r in self.budget)

    @property
    def billed_total(self) -> int:
        return sum(r.billed for r in self.budget)

    @property
    def paid_total(self) -> int:
        return sum(r.paid for r in self.budget)

    @property
    def claims_count(self) -> int:
        return sum(r.count for r in self.claims_paid)

    @property
    def claims_amount(self) -> int:
        return sum(r.amount for r in self.claims_paid)

    @property
    def coverage_segments(self) -> list[CoverageLine]:
        return [line for line in self.coverage if line.segment != TOTAL]

    @property
    def coverage_total(self) -> CoverageLine | None:
        return next((line for line in self.coverage if line.segment == TOTAL), None)


def inpres_report(
    user: User,
    semester: Semester,
    *,
    reporting_date: date,
    notes: str = "",
    signer: Signer | None = None,
) -> InpresReport:
    """The report of ``semester`` for the user's pemda (empty figures for a user without one)."""
    pemda = Pemda.objects.filter(pk=user.pemda_id).first()
    budget = budget_rows(user.pemda_id, semester) if pemda else []
    report = InpresReport(
        pemda_name=pemda.name if pemda else "",
        dinas_name=pemda.dinas_name if pemda else "",
        semester=semester,
        reporting_date=reporting_date,
        coverage=coverage_lines(user, as_of=semester.last_day),
        budget=budget,
        payments_in_semester=payments_between(user.pemda_id, semester.first_day, semester.last_day),
        regulations=in_force_between(regulations_for(user), semester.first_day, semester.last_day),
        claims_paid=claims_paid_between(user.pemda_id, semester.first_day, semester.last_day),
        events=events_between(user.pemda_id, semester.first_day, semester.last_day),
        signer=signer or Signer(),
    )
    report.notes = [line.strip() for line in notes.splitlines() if line.strip()]
    report.notes += automatic_notes(report)
    return report


# --- budget -------------------------------------------------------------------------------


def lines_in_force(pemda_id: int | None, semester: Semester) -> list[BudgetLine]:
    """The year's lines in force in the semester, one per account, source, cohort, programme.

    Semester 1 takes the APBD murni line (the perubahan is adopted later in the year); semester
    2 the perubahan where there is one. A line with only the other stage is taken as it is.
    """
    prefer = BudgetStage.MURNI if semester.half == 1 else BudgetStage.PERUBAHAN
    best: dict[tuple[str, str, int | None, str], BudgetLine] = {}
    lines = BudgetLine.objects.filter(pemda_id=pemda_id, fiscal_year=semester.year)
    for line in lines.select_related("cohort").order_by("account_code", "stage", "id"):
        key = (line.account_code, line.funding_source, line.cohort_id, line.programme)
        if key not in best or line.stage == prefer:
            best[key] = line
    return sorted(best.values(), key=lambda ln: (ln.account_code, ln.funding_source, ln.pk))


def budget_rows(pemda_id: int | None, semester: Semester) -> list[BudgetRow]:
    """Ceiling, billed and paid per line in force; matched like the realisation page."""
    sums = coverage_sums(pemda_id, semester.first_day, semester.last_month)
    rows = []
    for line in lines_in_force(pemda_id, semester):
        billed = paid = 0
        for (cohort_id, funding, programme), (b, p) in sums.items():
            if funding != line.funding_source:
                continue
            if line.cohort_id is not None and cohort_id != line.cohort_id:
                continue
            if line.programme and programme != line.programme:
                continue
            billed += b
            paid += p
        source = FUNDING_SOURCES.get(line.funding_source)
        rows.append(
            BudgetRow(
                account_code=line.account_code,
                account_name=line.account_name,
                stage=str(BudgetStage(line.stage).label),
                funding_label=source.label if source else line.funding_source,
                cohort_name=line.cohort.name if line.cohort else "",
                programme=line.programme.upper(),
                allocated=line.amount,
                billed=billed,
                paid=paid,
            )
        )
    return rows


def payments_between(pemda_id: int | None, first: date, last: date) -> int:
    """Rupiah of the payments (SP2D/transfer) dated ``first``…``last``."""
    total = Payment.objects.filter(
        bill__pemda_id=pemda_id, paid_on__gte=first, paid_on__lte=last
    ).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


# --- claims -------------------------------------------------------------------------------


def claims_paid_between(pemda_id: int | None, first: date, last: date) -> list[ClaimRow]:
    """Claims paid ``first``…``last`` per programme: count and rupiah paid (one GROUP BY)."""
    rows = (
        Claim.objects.filter(
            pemda_id=pemda_id, status=ClaimStatus.PAID, paid_on__gte=first, paid_on__lte=last
        )
        .values("programme")
        .annotate(n=Count("id"), amount=Sum("paid_amount"))
        .order_by("programme")
    )
    return [
        ClaimRow(
            programme=r["programme"],
            label=PROGRAMME_LABELS.get(r["programme"], r["programme"].upper()),
            count=r["n"],
            amount=int(r["amount"] or 0),
        )
        for r in rows
    ]


def events_between(pemda_id: int | None, first: date, last: date) -> EventCounts:
    """Deaths and accidents dated ``first``…``last``: covered or not, and still open."""
    open_q = ~Q(status__in=[ClaimStatus.PAID, ClaimStatus.REJECTED])
    agg = Claim.objects.filter(
        pemda_id=pemda_id, event_date__gte=first, event_date__lte=last
    ).aggregate(
        n_total=Count("id"),
        n_covered=Count("id", filter=Q(covered=True)),
        n_pending=Count("id", filter=open_q & Q(covered=True)),
        s_pending=Sum("benefit_total", filter=open_q & Q(covered=True)),
    )
    return EventCounts(
        total=agg["n_total"],
        covered=agg["n_covered"],
        uncovered=agg["n_total"] - agg["n_covered"],
        pending=agg["n_pending"],
        pending_benefit=int(agg["s_pending"] or 0),
    )


# --- notes --------------------------------------------------------------------------------


def rupiah(amount: int) -> str:
    """``2101478400`` → ``Rp 2.101.478.400``."""
    return "Rp " + f"{amount:,}".replace(",", ".")


def automatic_notes(report: InpresReport) -> list[str]:
    """Problems the figures themselves show (unpaid bills, no budget, uncovered deaths…)."""
    notes = []
    if not report.budget:
        notes.append(f"Belum ada baris anggaran tahun {report.semester.year} yang dicatat.")
    unpaid = report.billed_total - report.paid_total
    if unpaid > 0:
        notes.append(
            f"Iuran bulan-bulan semester ini yang sudah ditagih tetapi belum dibayar: "
            f"{rupiah(unpaid)}."
        )
    if not any(r.kind in ("perbup", "perda") for r in report.regulations):
        notes.append("Belum ada Perbup/Perda tentang jaminan sosial ketenagakerjaan yang berlaku.")
    if report.events.uncovered:
        notes.append(
            f"{report.events.uncovered} peristiwa kematian/kecelakaan dalam semester ini menimpa "
            "orang yang tidak terlindungi pada tanggal kejadian."
        )
    if report.events.pending:
        notes.append(
            f"{report.events.pending} klaim peserta terlindungi masih dalam proses "
            f"(perkiraan manfaat {rupiah(report.events.pending_benefit)})."
        )
    for line in report.coverage_segments:
        if line.potential == 0 and line.active:
            notes.append(
                f"Segmen {line.label}: ada peserta aktif tetapi potensi di registri nol; "
                "lengkapi data registri."
            )
    return notes
