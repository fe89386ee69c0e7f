"""Decree list downloads: XLSX (every cell a string, never a formula) and a plain PDF.

:func:`decree_pdf` uses Kawal's small PDF writer (:mod:`kawal.pdf`): the standard Helvetica font
in WinAnsi encoding, uncompressed text streams, A4 landscape pages with the title, number, date,
the table and the signature block. Characters outside Windows-1252 are replaced by ``?``.
"""

from __future__ import annotations

import io

import xlsxwriter

from kawal.enrolment.models import DecreeList
from kawal.pdf import pdf_document
from kawal.pdf import show as _show

HEADER = [
    "No",
    "NIK",
    "Nama",
    "L/P",
    "Tanggal lahir",
    "Desa/Kelurahan",
    "Kecamatan",
    "Pekerjaan",
    "Desil",
]


def _rows(decree: DecreeList) -> list[list[str]]:
    return [
        [
            str(e.line),
            e.nik,
            e.full_name,
            e.sex,
            e.birth_date.strftime("%d-%m-%Y"),
            e.village_name,
            e.district_name,
            e.occupation,
            "" if e.desil is None else str(e.desil),
        ]
        for e in decree.entries.all().iterator(chunk_size=2_000)
    ]


def _heading(decree: DecreeList) -> list[str]:
    return [
        decree.title,
        f"Nomor: {decree.number or '-'}",
        f"Tanggal: {decree.decree_date:%d-%m-%Y}",
        f"Kohort: {decree.cohort.name} (versi {decree.version})",
    ]


def decree_xlsx(decree: DecreeList) -> bytes:
    """The decree list as one sheet; text cells only (``write_string``)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Lampiran")
    bold = book.add_format({"bold": True})
    row = 0
    for line in _heading(decree):
        sheet.write_string(row, 0, line, bold if row == 0 else None)
        row += 1
    row += 1
    for col, name in enumerate(HEADER):
        sheet.write_string(row, col, name, bold)
    for values in _rows(decree):
        row += 1
        for col, value in enumerate(values):
            sheet.write_string(row, col, value)
    row += 2
    for line in _signature(decree):
        sheet.write_string(row, 6, line)
        row += 1
    sheet.set_column(1, 1, 19)
    sheet.set_column(2, 2, 30)
    sheet.set_column(5, 7, 18)
    book.close()
    return out.getvalue()


def _signature(decree: DecreeList) -> list[str]:
    return [
        f"Ditetapkan tanggal {decree.decree_date:%d-%m-%Y}",
        decree.signer_title or "",
        "",
        "",
        "",
        decree.signer_name or "(.............................)",
    ]


# --- a small PDF writer -----------------------------------------------------------------------

PAGE_W, PAGE_H = 842, 595  # A4 landscape, points
MARGIN = 36
LINE = 13
COLUMNS = [0, 28, 140, 330, 355, 425, 545, 655, 745]  # x offsets of HEADER from the margin


def _pages(decree: DecreeList) -> list[bytes]:
    pages: list[bytes] = []
    ops = bytearray()
    y = PAGE_H - MARGIN
    for i, line in enumerate(_heading(decree)):
        ops += _show(MARGIN, y, line, size=14 if i == 0 else 10, bold=i == 0)
        y -= LINE + (6 if i == 0 else 2)

    def header(y: float) -> float:
        for x, name in zip(COLUMNS, HEADER, strict=True):
            ops.extend(_show(MARGIN + x, y, name, bold=True))
        return y - LINE

    y = header(y - 6)
    for values in _rows(decree):
        if y < MARGIN + LINE:
            pages.append(bytes(ops))
            ops.clear()
            y = header(PAGE_H - MARGIN)
        for x, value in zip(COLUMNS, values, strict=True):
            ops += _show(MARGIN + x, y, value[:38])
        y -= LINE
    block = _signature(decree)
    if y < MARGIN + LINE * (len(block) + 2):
        pages.append(bytes(ops))
        ops.clear()
        y = PAGE_H - MARGIN
    y -= LINE * 2
    for line in block:
        ops += _show(PAGE_W - MARGIN - 230, y, line, size=10)
        y -= LINE
    pages.append(bytes(ops))
    return pages


def decree_pdf(decree: DecreeList) -> bytes:
    """The decree list as a PDF: title, number, date, the entries, and a signature block."""
    return pdf_document(_pages(decree), (PAGE_W, PAGE_H), title=decree.title)
