"""The Inpres 2/2021 monitoring report (:mod:`kawal.reports.inpres`) as XLSX and as PDF.

Both carry the same document, in Bahasa Indonesia, ready to sign: the title block (pemda,
semester, reporting date, the Inpres reference), A. coverage per segment with the denominator
stated, B. budget ceiling and what was billed and paid in the semester, C. regulations in force,
D. claims and benefits paid, E. problems and notes, and the signature block. The XLSX holds
amounts and counts as numbers (never formulas) so the totals can be checked; the PDF is a
portrait A4 document (:mod:`kawal.reports.inpres_layout`) with numbered pages.
"""

from __future__ import annotations

import io

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from kawal.domain.pemda_names import date_text
from kawal.reports.inpres import INPRES, INPRES_ABOUT, InpresReport
from kawal.reports.inpres_layout import Column, OfficialDocument

NO_DATA = "-"
SECTION_A = "A. CAKUPAN KEPESERTAAN"
SECTION_B = "B. ANGGARAN DAN REALISASI IURAN"
SECTION_C = "C. REGULASI DAN KEBIJAKAN YANG BERLAKU"
SECTION_D = "D. KLAIM DAN MANFAAT YANG DIBAYAR"
SECTION_E = "E. PERMASALAHAN DAN CATATAN"
COVERAGE_HEADER = ["Segmen", "Peserta aktif", "Potensi (penyebut)", "Cakupan (%)", "Penyebut"]
BUDGET_HEADER = [
    "Kode rekening",
    "Uraian",
    "Tahapan",
    "Sumber dana",
    "Pagu (Rp)",
    "Ditagih semester ini (Rp)",
    "Dibayar semester ini (Rp)",
    "Dibayar thd pagu (%)",
]
REGULATION_HEADER = ["Jenis", "Nomor", "Tentang", "Ditetapkan", "Berlaku"]
CLAIM_HEADER = ["Program", "Jumlah klaim", "Manfaat dibayar (Rp)"]
TOTAL_LABEL = "JUMLAH"


def rp(amount: int) -> str:
    """``2101478400`` → ``2.101.478.400``."""
    return f"{amount:,}".replace(",", ".")


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}".replace(".", ",") if whole else NO_DATA


def title_lines(r: InpresReport) -> list[str]:
    return [
        "LAPORAN PEMANTAUAN DAN EVALUASI",
        f"PELAKSANAAN {INPRES.upper()}",
        f"TENTANG {INPRES_ABOUT.upper()}",
        r.semester.label.upper(),
    ]


def identity(r: InpresReport) -> list[tuple[str, str]]:
    return [
        ("Pemerintah daerah", r.pemda_name or NO_DATA),
        ("Perangkat daerah pelapor", r.dinas_name or NO_DATA),
        (
            "Periode laporan",
            f"{date_text(r.semester.first_day)} s.d. {date_text(r.semester.last_day)} "
            f"(Semester {r.semester.roman})",
        ),
        ("Tanggal laporan", date_text(r.reporting_date)),
        ("Dasar", f"{INPRES} tentang {INPRES_ABOUT}"),
    ]


def coverage_intro(r: InpresReport) -> str:
    return (
        f"Keadaan per {date_text(r.semester.last_day)}. Peserta aktif: orang dengan kepesertaan "
        "yang berlaku pada tanggal tersebut (periode kohort dan tanggal mulai/akhir mencakup "
        "tanggal itu), hidup. Cakupan = peserta aktif ÷ potensi; penyebut tiap segmen disebutkan."
    )


def budget_intro(r: InpresReport) -> str:
    months = "Januari–Juni" if r.semester.half == 1 else "Juli–Desember"
    stage = "APBD murni" if r.semester.half == 1 else "APBD perubahan bila ada, selain itu murni"
    return (
        f"Tahun anggaran {r.semester.year}, pagu yang berlaku pada semester ini ({stage}). "
        f"Ditagih dan dibayar: iuran bulan {months} {r.semester.year} menurut bulan-kepesertaan."
    )


def payments_line(r: InpresReport) -> str:
    return (
        "Pembayaran (SP2D/transfer) yang bertanggal dalam semester ini: "
        f"Rp {rp(r.payments_in_semester)}."
    )


def events_line(r: InpresReport) -> str:
    e = r.events
    return (
        f"Peristiwa kematian/kecelakaan yang terjadi dalam semester ini: {e.total} "
        f"({e.covered} terlindungi, {e.uncovered} tidak terlindungi); {e.pending} klaim "
        f"peserta terlindungi masih diproses, perkiraan manfaat Rp {rp(e.pending_benefit)}."
    )


def signature_lines(r: InpresReport) -> list[str]:
    return [f"{r.place}, {date_text(r.reporting_date)}", r.signer_title]


def regulation_rows(r: InpresReport) -> list[list[str]]:
    return [
        [
            reg.get_kind_display(),
            reg.number,
            reg.title,
            date_text(reg.signed_on),
            f"{date_text(reg.in_force_from)} s.d. "
            + (date_text(reg.in_force_to) if reg.in_force_to else "sekarang"),
        ]
        for reg in r.regulations
    ]


def footer(r: InpresReport) -> str:
    return f"Laporan Monev Inpres 2/2021 · {r.pemda_name} · {r.semester.label}"


# --- XLSX ---------------------------------------------------------------------------------


class _Sheet:
    """One sheet written top-down with the report's formats."""

    def __init__(self, book: xlsxwriter.Workbook, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 0
        border = {"border": 1, "valign": "top", "text_wrap": 1}
        self.f = {
            "title": book.add_format({"bold": True, "font_size": 12}),
            "bold": book.add_format({"bold": True}),
            "head": book.add_format(
                {**border, "bold": True, "bg_color": "#E6E6E6", "align": "center"}
            ),
            "s": book.add_format(border),
            "n": book.add_format({**border, "num_format": "#,##0"}),
            "p": book.add_format({**border, "num_format": "0.0"}),
            "ts": book.add_format({**border, "bold": True, "bg_color": "#F2F2F2"}),
            "tn": book.add_format(
                {**border, "bold": True, "bg_color": "#F2F2F2", "num_format": "#,##0"}
            ),
            "tp": book.add_format(
                {**border, "bold": True, "bg_color": "#F2F2F2", "num_format": "0.0"}
            ),
        }

    def line(self, text: str, style: str | None = None, col: int = 0) -> None:
        self.sheet.write_string(self.row, col, text, self.f[style] if style else None)
        self.row += 1

    def table(
        self, header: list[str], kinds: str, rows: list[list[object]], totals: list[object] | None
    ) -> None:
        for col, name in enumerate(header):
            self.sheet.write_string(self.row, col, name, self.f["head"])
        self.row += 1
        for values in rows:
            self._cells(kinds, values, "")
        if totals is not None:
            self._cells(kinds, totals, "t")
        self.row += 1

    def _cells(self, kinds: str, values: list[object], prefix: str) -> None:
        for col, (kind, value) in enumerate(zip(kinds, values, strict=True)):
            fmt = self.f[prefix + ("s" if prefix == "t" and kind == "s" else kind)]
            if value is None or value == "":
                self.sheet.write_blank(self.row, col, None, fmt)
            elif kind == "s":
                self.sheet.write_string(self.row, col, str(value), fmt)
            else:
                self.sheet.write_number(self.row, col, value, fmt)  # type: ignore[arg-type]
        self.row += 1


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def inpres_xlsx(r: InpresReport) -> bytes:
    """One sheet ``Laporan``: amounts and counts are numbers, text cells strings."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Laporan")
    w = _Sheet(book, sheet)
    w.line(r.government, "title")
    w.line(r.dinas_name.upper(), "title")
    w.row += 1
    for line in title_lines(r):
        w.line(line, "title")
    w.row += 1
    for label, value in identity(r):
        sheet.write_string(w.row, 0, label)
        w.line(value, None, col=1)
    w.row += 1
    w.line(SECTION_A, "bold")
    w.line(coverage_intro(r))
    total = r.coverage_total
    w.table(
        COVERAGE_HEADER,
        "snnps",
        [
            [c.label, c.active, c.potential, c.percent and round(c.percent, 1), c.denominator]
            for c in r.coverage_segments
        ],
        None
        if total is None
        else [
            total.label,
            total.active,
            total.potential,
            total.percent and round(total.percent, 1),
            total.denominator,
        ],
    )
    w.line(SECTION_B, "bold")
    w.line(budget_intro(r))
    w.table(
        BUDGET_HEADER,
        "ssssnnnp",
        [
            [
                b.account_code,
                " · ".join(x for x in (b.account_name, b.cohort_name, b.programme) if x),
                b.stage,
                b.funding_label,
                b.allocated,
                b.billed,
                b.paid,
                _percent(b.paid, b.allocated),
            ]
            for b in r.budget
        ],
        [
            TOTAL_LABEL,
            "",
            "",
            "",
            r.allocated_total,
            r.billed_total,
            r.paid_total,
            _percent(r.paid_total, r.allocated_total),
        ],
    )
    w.line(payments_line(r))
    w.row += 1
    w.line(SECTION_C, "bold")
    if r.regulations:
        w.table(REGULATION_HEADER, "sssss", regulation_rows(r), None)  # type: ignore[arg-type]
    else:
        w.line("Belum ada regulasi yang dicatat berlaku dalam semester ini.")
        w.row += 1
    w.line(SECTION_D, "bold")
    w.table(
        CLAIM_HEADER,
        "snn",
        [[c.label, c.count, c.amount] for c in r.claims_paid],
        [TOTAL_LABEL, r.claims_count, r.claims_amount],
    )
    w.line(events_line(r))
    w.row += 1
    w.line(SECTION_E, "bold")
    for number, note in enumerate(r.notes or ["Tidak ada."], start=1):
        w.line(f"{number}. {note}")
    w.row += 1
    for line in signature_lines(r):
        w.line(line, None, col=5)
    w.row += 3
    w.line(r.signer.name or "(.......................................)", "bold", col=5)
    if r.signer.role != "bupati":
        w.line(
            f"NIP. {r.signer.nip}" if r.signer.nip else "NIP. ..........................",
            None,
            col=5,
        )
    for col, width in enumerate((24, 40, 18, 22, 18, 22, 22, 16)):
        sheet.set_column(col, col, width)
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&CHalaman &P dari &N")
    book.close()
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------


def _pdf_coverage(doc: OfficialDocument, r: InpresReport) -> None:
    doc.heading(SECTION_A)
    doc.paragraph(coverage_intro(r), size=8.5)
    rows = [
        [str(n), c.label, rp(c.active), rp(c.potential), c.percent_text, c.denominator]
        for n, c in enumerate(r.coverage_segments, start=1)
    ]
    total = r.coverage_total
    totals = (
        []
        if total is None
        else [["", total.label, rp(total.active), rp(total.potential), total.percent_text, ""]]
    )
    doc.table(
        [
            Column("No", 22, "center"),
            Column("Segmen", 110),
            Column("Peserta aktif", 58, "right"),
            Column("Potensi (penyebut)", 62, "right"),
            Column("Cakupan", 50, "right"),
            Column("Dasar penyebut", 190),
        ],
        rows,
        totals=totals,
    )


def _pdf_budget(doc: OfficialDocument, r: InpresReport) -> None:
    doc.heading(SECTION_B)
    doc.paragraph(budget_intro(r), size=8.5)
    rows = [
        [
            str(n),
            b.account_code,
            " · ".join(x for x in (b.account_name, b.cohort_name, b.programme) if x) or NO_DATA,
            f"{b.funding_label} ({b.stage})",
            rp(b.allocated),
            rp(b.billed),
            rp(b.paid),
            pct(b.paid, b.allocated),
        ]
        for n, b in enumerate(r.budget, start=1)
    ]
    if not rows:
        rows = [["", NO_DATA, "Belum ada baris anggaran.", "", "0", "0", "0", NO_DATA]]
    doc.table(
        [
            Column("No", 20, "center"),
            Column("Kode rekening", 78),
            Column("Uraian", 112),
            Column("Sumber dana", 70),
            Column("Pagu (Rp)", 70, "right"),
            Column("Ditagih (Rp)", 70, "right"),
            Column("Dibayar (Rp)", 70, "right"),
            Column("% pagu", 36, "right"),
        ],
        rows,
        totals=[
            [
                "",
                TOTAL_LABEL,
                "",
                "",
                rp(r.allocated_total),
                rp(r.billed_total),
                rp(r.paid_total),
                pct(r.paid_total, r.allocated_total),
            ]
        ],
        size=8,
    )
    doc.paragraph(payments_line(r), size=9)


def _pdf_regulations(doc: OfficialDocument, r: InpresReport) -> None:
    doc.heading(SECTION_C)
    if not r.regulations:
        doc.paragraph("Belum ada regulasi yang dicatat berlaku dalam semester ini.")
        return
    doc.table(
        [
            Column("No", 20, "center"),
            Column("Jenis", 70),
            Column("Nomor", 70),
            Column("Tentang", 170),
            Column("Ditetapkan", 62),
            Column("Masa berlaku", 100),
        ],
        [[str(n), *row] for n, row in enumerate(regulation_rows(r), start=1)],
    )


def _pdf_claims(doc: OfficialDocument, r: InpresReport) -> None:
    doc.heading(SECTION_D)
    rows = [
        [str(n), c.label, rp(c.count), rp(c.amount)] for n, c in enumerate(r.claims_paid, start=1)
    ]
    if not rows:
        rows = [["", "Tidak ada klaim yang dibayar dalam semester ini.", "0", "0"]]
    doc.table(
        [
            Column("No", 22, "center"),
            Column("Program", 220),
            Column("Jumlah klaim", 80, "right"),
            Column("Manfaat dibayar (Rp)", 120, "right"),
        ],
        rows,
        totals=[["", TOTAL_LABEL, rp(r.claims_count), rp(r.claims_amount)]],
    )
    doc.paragraph(events_line(r), size=9)


def inpres_pdf(r: InpresReport) -> bytes:
    """The report as portrait A4 pages, numbered "Halaman n dari m"."""
    doc = OfficialDocument(footer(r))
    doc.letterhead([r.government, r.dinas_name.upper()])
    doc.title(title_lines(r))
    doc.fields(identity(r))
    _pdf_coverage(doc, r)
    _pdf_budget(doc, r)
    _pdf_regulations(doc, r)
    _pdf_claims(doc, r)
    doc.heading(SECTION_E)
    doc.numbered(r.notes or ["Tidak ada."])
    doc.signature(
        signature_lines(r),
        name=r.signer.name,
        nip=r.signer.nip if r.signer.role != "bupati" else "",
        show_nip=r.signer.role != "bupati",
    )
    return doc.finish(f"Laporan Monev Inpres 2/2021 {r.pemda_name} {r.semester.code}")
