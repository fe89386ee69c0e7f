"""A small PDF 1.4 writer for Kawal's printed documents (decree lists, budget proposals).

No PDF library is installed in the project (weasyprint, reportlab and fpdf are absent), so the
documents are written directly: the standard Helvetica and Helvetica-Bold fonts in WinAnsi
encoding (nothing embedded), uncompressed content streams (so tests read the text back), and
pages of any size. A page is the bytes of its content stream, built with :func:`show`,
:func:`show_right`, :func:`show_center`, :func:`rule` and :func:`box`; :func:`pdf_document`
assembles the pages into a file. Characters outside Windows-1252 are replaced by ``?``.
"""

from __future__ import annotations

A4_PORTRAIT = (595, 842)
A4_LANDSCAPE = (842, 595)

# Advance widths (1/1000 em) of the printable ASCII characters 32–126 of the standard
# Helvetica and Helvetica-Bold fonts (Adobe's AFM files); other characters count as 556.
_HELVETICA = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 "
    "556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556 "
    "1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 "
    "667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 "
    "333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 "
    "556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
_HELVETICA_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 "
    "556 556 556 556 556 556 556 556 556 556 333 333 584 584 584 611 "
    "975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 "
    "667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 "
    "333 556 611 556 611 556 333 611 611 278 278 556 278 889 611 611 "
    "611 611 389 556 333 611 556 778 556 556 500 389 280 389 584"
)
_WIDTHS = {
    False: dict(zip(map(chr, range(32, 127)), map(int, _HELVETICA.split()), strict=True)),
    True: dict(zip(map(chr, range(32, 127)), map(int, _HELVETICA_BOLD.split()), strict=True)),
}


def pdf_text(text: str) -> bytes:
    """``text`` as the bytes of a PDF string literal: WinAnsi, ``\\`` and parentheses escaped."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size``."""
    widths = _WIDTHS[bold]
    return sum(widths.get(char, 556) for char in text) * size / 1000


def fit(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` cut (with ``…`` as ``...``) so that it is at most ``width`` points wide."""
    if text_width(text, size, bold=bold) <= width:
        return text
    while text and text_width(text + "...", size, bold=bold) > width:
        text = text[:-1]
    return text.rstrip() + "..."


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines at most ``width`` points wide (long words cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = fit(word, width, size, bold=bold)
    if current:
        lines.append(current)
    return lines or [""]


def show(x: float, y: float, text: str, *, size: float = 9, bold: bool = False) -> bytes:
    """Text whose baseline starts at (``x``, ``y``)."""
    font = b"/F2" if bold else b"/F1"
    return b"BT %s %.1f Tf %.1f %.1f Td (%s) Tj ET\n" % (font, size, x, y, pdf_text(text))


def show_right(x: float, y: float, text: str, *, size: float = 9, bold: bool = False) -> bytes:
    """Text that ends at ``x`` (numbers in a column)."""
    return show(x - text_width(text, size, bold=bold), y, text, size=size, bold=bold)


def show_center(x: float, y: float, text: str, *, size: float = 9, bold: bool = False) -> bytes:
    """Text centred on ``x`` (titles)."""
    return show(x - text_width(text, size, bold=bold) / 2, y, text, size=size, bold=bold)


def rule(x1: float, y1: float, x2: float, y2: float, *, width: float = 0.5) -> bytes:
    """A straight black line."""
    return b"%.2f w %.1f %.1f m %.1f %.1f l S\n" % (width, x1, y1, x2, y2)


def box(x: float, y: float, w: float, h: float, *, gray: float = 0.9) -> bytes:
    """A filled rectangle without border (``gray`` 0 black … 1 white), e.g. a header shade."""
    return b"q %.2f g %.1f %.1f %.1f %.1f re f Q\n" % (gray, x, y, w, h)


def pdf_document(
    pages: list[bytes], size: tuple[int, int] = A4_LANDSCAPE, title: str = ""
) -> bytes:
    """A complete PDF file of ``pages`` (content streams), every page ``size`` points."""
    width, height = size
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title (%s) /Producer (Kawal) >>" % pdf_text(title),
    ]
    kids = []
    for content in pages:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (width, height, len(objects))
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
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
