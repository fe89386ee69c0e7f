"""The budget proposal (:mod:`kawal.contributions.proposal`) as XLSX and as PDF.

Both carry the same document: the title block (pemda, SKPD, fiscal year, stage, basis of the
calculation), per funding source the accounts (kode rekening and name, with their sum) and their
rows (programme, cohort, persons × months × rate per person per month = amount), a subtotal per
funding source, the grand total, the total in words (*Terbilang*) and the signature block of the
Kepala Dinas with blank name and NIP lines. The XLSX holds amounts as numbers (never formulas)
so a finance officer can check the sums; the PDF is written by :mod:`kawal.pdf`.
"""

from __future__ import annotations

import io

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from kawal.contributions.proposal import Proposal, ProposalRow
from kawal.pdf import (
    A4_LANDSCAPE,
    box,
    fit,
    pdf_document,
    rule,
    show,
    show_center,
    show_right,
    wrap,
)

TITLE = "RENCANA KERJA DAN ANGGARAN (RKA)"
SUBJECT = "Iuran Jaminan Sosial Ketenagakerjaan (BPJS Ketenagakerjaan)"
HEADER = [
    "Kode Rekening",
    "Uraian",
    "Program",
    "Kohort",
    "Peserta (orang)",
    "Bulan",
    "Tarif per orang per bulan (Rp)",
    "Jumlah (Rp)",
    "Sumber Dana",
    "Tahapan",
]
AMOUNT_COL = 7


def rupiah(amount: int) -> str:
    """``2101478400`` → ``2.101.478.400``."""
    return f"{amount:,}".replace(",", ".")


def title_lines(p: Proposal) -> list[str]:
    return [
        p.government,
        TITLE,
        SUBJECT,
        f"SKPD: {p.dinas_name}",
        f"Tahun Anggaran {p.fiscal_year} · {p.stage_label}",
    ]


def basis_line(p: Proposal) -> str:
    return (
        f"Dasar perhitungan: peserta aktif per {p.date_text} × 12 bulan × tarif iuran tahun "
        f"{p.fiscal_year}; hanya bagian yang dibayar pemda."
    )


def signature_lines(p: Proposal) -> list[str]:
    return [
        f"{p.place}, {p.date_text}",
        f"Kepala {p.dinas_name}",
        "",
        "",
        "",
        "(.......................................................)",
        "NIP. .................................................",
    ]


def row_text(row: ProposalRow) -> str:
    return f"{row.programme_name} ({row.programme.upper()}) · {row.cohort_name}"


# --- XLSX ---------------------------------------------------------------------------------


def proposal_xlsx(p: Proposal) -> bytes:
    """One sheet ``RKA``; amounts are numbers (``#,##0``), text cells are strings."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("RKA")
    f = {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "bold": book.add_format({"bold": True}),
        "head": book.add_format({"bold": True, "bg_color": "#E6E6E6", "border": 1, "text_wrap": 1}),
        "num": book.add_format({"num_format": "#,##0"}),
        "bold_num": book.add_format({"bold": True, "num_format": "#,##0"}),
        "total": book.add_format({"bold": True, "num_format": "#,##0", "top": 1, "bottom": 6}),
    }
    row = 0
    for index, line in enumerate(title_lines(p)):
        sheet.write_string(row, 0, line, f["title"] if index < 2 else f["bold"])
        row += 1
    sheet.write_string(row, 0, basis_line(p))
    row += 2
    for col, name in enumerate(HEADER):
        sheet.write_string(row, col, name, f["head"])
    row += 1
    for section in p.sections():
        sheet.write_string(row, 0, f"Sumber dana: {section.label}", f["bold"])
        row += 1
        for account in section.accounts:
            sheet.write_string(row, 0, account.code, f["bold"])
            sheet.write_string(row, 1, account.name, f["bold"])
            sheet.write_number(row, AMOUNT_COL, account.amount, f["bold_num"])
            row += 1
            for item in account.rows:
                _xlsx_row(sheet, row, item, f["num"])
                row += 1
        sheet.write_string(row, 1, f"Jumlah {section.label}", f["bold"])
        sheet.write_number(row, AMOUNT_COL, section.amount, f["bold_num"])
        row += 2
    sheet.write_string(row, 0, "JUMLAH TOTAL", f["bold"])
    sheet.write_number(row, AMOUNT_COL, p.total, f["total"])
    row += 1
    sheet.write_string(row, 0, f"Terbilang: {p.total_words}")
    row += 1
    for problem in p.problems:
        sheet.write_string(row, 0, f"Catatan: {problem}")
        row += 1
    row += 1
    for line in signature_lines(p):
        sheet.write_string(row, 6, line)
        row += 1
    for col, width in enumerate((19, 46, 9, 34, 12, 7, 16, 17, 24, 15)):
        sheet.set_column(col, col, width)
    book.close()
    return out.getvalue()


def _xlsx_row(sheet: Worksheet, row: int, item: ProposalRow, num: Format) -> None:
    sheet.write_string(row, 0, item.account_code)
    sheet.write_string(row, 1, item.programme_name)
    sheet.write_string(row, 2, item.programme.upper())
    sheet.write_string(row, 3, item.cohort_name)
    sheet.write_number(row, 4, item.persons, num)
    sheet.write_number(row, 5, item.months)
    sheet.write_number(row, 6, item.unit_amount, num)
    sheet.write_number(row, 7, item.amount, num)
    sheet.write_string(row, 8, item.funding_label)
    sheet.write_string(row, 9, item.stage)


# --- PDF ----------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4_LANDSCAPE
LEFT, RIGHT, TOP, BOTTOM = 40, PAGE_W - 40, PAGE_H - 40, 50
LINE = 13
#: Column layout: (header, x, alignment). Numbers end at their x.
COLS = (
    ("Kode Rekening", LEFT + 3, "left"),
    ("Uraian", LEFT + 112, "left"),
    ("Peserta", LEFT + 478, "right"),
    ("Bulan", LEFT + 520, "right"),
    ("Tarif/orang/bulan", LEFT + 615, "right"),
    ("Jumlah (Rp)", RIGHT - 3, "right"),
)
DESC_WIDTH = 330


class _Pages:
    """Content streams with a running y; a new page repeats the table header."""

    def __init__(self) -> None:
        self.pages: list[bytearray] = [bytearray()]
        self.y = TOP

    @property
    def ops(self) -> bytearray:
        return self.pages[-1]

    def need(self, height: float, *, header: bool = True) -> None:
        if self.y - height < BOTTOM:
            self.pages.append(bytearray())
            self.y = TOP
            if header:
                self.header()

    def header(self) -> None:
        self.ops.extend(box(LEFT, self.y - 5, RIGHT - LEFT, LINE + 4, gray=0.88))
        for name, x, align in COLS:
            writer = show_right if align == "right" else show
            self.ops.extend(writer(x, self.y, name, size=8.5, bold=True))
        self.ops.extend(rule(LEFT, self.y - 5, RIGHT, self.y - 5))
        self.y -= LINE + 4

    def cells(self, values: list[str], *, bold: bool = False, size: float = 8.5) -> None:
        self.need(LINE)
        for (_name, x, align), value in zip(COLS, values, strict=True):
            if not value:
                continue
            if align == "right":
                self.ops.extend(show_right(x, self.y, value, size=size, bold=bold))
            else:
                limit = DESC_WIDTH if x > LEFT + 100 else 106
                self.ops.extend(
                    show(x, self.y, fit(value, limit, size, bold=bold), size=size, bold=bold)
                )
        self.y -= LINE


def _title(pages: _Pages, p: Proposal) -> None:
    centre = PAGE_W / 2
    for index, line in enumerate(title_lines(p)):
        size = 13 if index < 2 else 10
        pages.ops.extend(show_center(centre, pages.y, line, size=size, bold=index < 3))
        pages.y -= size + 5
    pages.ops.extend(rule(LEFT, pages.y + 4, RIGHT, pages.y + 4, width=1.2))
    pages.y -= 10
    pages.ops.extend(show(LEFT, pages.y, basis_line(p), size=8.5))
    pages.y -= LINE + 6


def _body(pages: _Pages, p: Proposal) -> None:
    pages.header()
    if not p.rows:
        pages.cells(["", "Tidak ada kohort aktif yang dibiayai pemda.", "", "", "", ""])
    for section in p.sections():
        pages.need(LINE * 3)
        pages.cells(["", f"Sumber dana: {section.label}", "", "", "", ""], bold=True)
        for account in section.accounts:
            pages.need(LINE * 2)
            pages.cells([account.code, account.name, "", "", "", rupiah(account.amount)], bold=True)
            for item in account.rows:
                pages.cells(
                    [
                        "",
                        f"   {row_text(item)}",
                        rupiah(item.persons),
                        str(item.months),
                        rupiah(item.unit_amount),
                        rupiah(item.amount),
                    ]
                )
        pages.ops.extend(rule(RIGHT - 110, pages.y + LINE - 3, RIGHT, pages.y + LINE - 3))
        pages.cells(["", f"Jumlah {section.label}", "", "", "", rupiah(section.amount)], bold=True)
        pages.y -= 3
    pages.need(LINE * 3)
    pages.ops.extend(rule(LEFT, pages.y + LINE - 2, RIGHT, pages.y + LINE - 2, width=1))
    pages.cells(["", "JUMLAH TOTAL", "", "", "", rupiah(p.total)], bold=True, size=9.5)
    pages.ops.extend(rule(LEFT, pages.y + LINE - 4, RIGHT, pages.y + LINE - 4, width=1))
    pages.y -= 6


def _words_and_notes(pages: _Pages, p: Proposal) -> None:
    lines = wrap(f"Terbilang: {p.total_words}", RIGHT - LEFT, 9.5, bold=True)
    pages.need(LINE * len(lines), header=False)
    for line in lines:
        pages.ops.extend(show(LEFT, pages.y, line, size=9.5, bold=True))
        pages.y -= LINE
    for problem in p.problems:
        for line in wrap(f"Catatan: {problem}", RIGHT - LEFT, 8.5):
            pages.need(LINE, header=False)
            pages.ops.extend(show(LEFT, pages.y, line, size=8.5))
            pages.y -= LINE


def _signature(pages: _Pages, p: Proposal) -> None:
    x, width = RIGHT - 270, 270
    lines: list[str] = []
    for line in signature_lines(p):
        lines += wrap(line, width, 10) if line else [""]
    pages.need(LINE * (len(lines) + 2), header=False)
    pages.y -= LINE
    for line in lines:
        pages.ops.extend(show_center(x + width / 2, pages.y, line, size=10))
        pages.y -= LINE


def proposal_pdf(p: Proposal) -> bytes:
    """The proposal as A4 landscape pages, numbered "Halaman n dari m"."""
    pages = _Pages()
    _title(pages, p)
    _body(pages, p)
    _words_and_notes(pages, p)
    _signature(pages, p)
    count = len(pages.pages)
    footer = f"RKA Iuran BPJS Ketenagakerjaan · {p.government} · Tahun Anggaran {p.fiscal_year}"
    for number, ops in enumerate(pages.pages, start=1):
        ops.extend(show(LEFT, 28, footer, size=7.5))
        ops.extend(show_right(RIGHT, 28, f"Halaman {number} dari {count}", size=7.5))
    title = f"RKA {p.fiscal_year} {p.government}"
    return pdf_document([bytes(ops) for ops in pages.pages], A4_LANDSCAPE, title=title)
