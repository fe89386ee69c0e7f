"""Decree list downloads: XLSX (every cell a string, never a formula) and a plain PDF.

No PDF library is installed in the project (weasyprint, reportlab and fpdf are absent), so
:func:`decree_pdf` writes PDF 1.4 directly: the standard Helvetica font in WinAnsi encoding,
uncompressed text streams, A4 landscape pages with the title, number, date, the table and the
signature block. Characters outside Latin-1 are replaced by ``?``.
"""

from __future__ import annotations

import io

import xlsxwriter

from kawal.enrolment.models import DecreeList

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


def _pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _show(x: float, y: float, text: str, *, size: int = 9, bold: bool = False) -> bytes:
    font = b"/F2" if bold else b"/F1"
    return b"BT %s %d Tf %.1f %.1f Td (%s) Tj ET\n" % (font, size, x, y, _pdf_text(text))


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
    pages = _pages(decree)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for content in pages:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (PAGE_W, PAGE_H, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
