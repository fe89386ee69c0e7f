"""A portrait A4 official document on :mod:`kawal.pdf`: letterhead, headings, bordered tables.

Used by the Inpres 2/2021 report and the award dossier. :class:`OfficialDocument` keeps a
running y on the current page; a table that runs past the bottom margin continues on a new page
with its header repeated; :meth:`OfficialDocument.finish` numbers the pages "Halaman n dari m".
"""

from __future__ import annotations

from dataclasses import dataclass

from kawal.pdf import (
    A4_PORTRAIT,
    box,
    pdf_document,
    rule,
    show,
    show_center,
    show_right,
    text_width,
    wrap,
)

PAGE_W, PAGE_H = A4_PORTRAIT
LEFT, RIGHT, TOP, BOTTOM = 56, PAGE_W - 48, PAGE_H - 48, 62
WIDTH = RIGHT - LEFT
PAD = 3.5


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str = "left"  # "left", "right" or "center"


class OfficialDocument:
    """Pages of content-stream operators with a running y (top-down)."""

    def __init__(self, footer: str) -> None:
        self.footer = footer
        self.pages: list[bytearray] = [bytearray()]
        self.y: float = TOP

    @property
    def ops(self) -> bytearray:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(bytearray())
        self.y = TOP

    def need(self, height: float) -> bool:
        """Start a new page when ``height`` does not fit; True when it did."""
        if self.y - height < BOTTOM:
            self.new_page()
            return True
        return False

    def space(self, height: float) -> None:
        self.y -= height

    # --- blocks -------------------------------------------------------------------------

    def letterhead(self, lines: list[str]) -> None:
        """The kop: centred lines (the first two bold and larger) over a thick and a thin rule."""
        centre = LEFT + WIDTH / 2
        for index, line in enumerate(lines):
            size = 13 if index == 0 else 12 if index == 1 else 8.5
            for part in wrap(line, WIDTH, size, bold=index < 2):
                self.ops.extend(show_center(centre, self.y, part, size=size, bold=index < 2))
                self.y -= size + 3
        self.y -= 1
        self.ops.extend(rule(LEFT, self.y, RIGHT, self.y, width=2))
        self.ops.extend(rule(LEFT, self.y - 3, RIGHT, self.y - 3, width=0.6))
        self.y -= 22

    def title(self, lines: list[str], *, size: float = 11) -> None:
        centre = LEFT + WIDTH / 2
        for line in lines:
            for part in wrap(line, WIDTH - 40, size, bold=True):
                self.need(size + 4)
                self.ops.extend(show_center(centre, self.y, part, size=size, bold=True))
                self.y -= size + 4
        self.y -= 10

    def heading(self, text: str) -> None:
        self.need(60)
        self.ops.extend(show(LEFT, self.y, text, size=10.5, bold=True))
        self.y -= 16

    def paragraph(self, text: str, *, size: float = 9.5, indent: float = 0) -> None:
        for part in wrap(text, WIDTH - indent, size):
            self.need(size + 4)
            self.ops.extend(show(LEFT + indent, self.y, part, size=size))
            self.y -= size + 4
        self.y -= 3

    def numbered(self, items: list[str], *, size: float = 9.5) -> None:
        """A numbered list whose continuation lines hang under the text."""
        for number, item in enumerate(items, start=1):
            parts = wrap(item, WIDTH - 18, size)
            for index, part in enumerate(parts):
                self.need(size + 4)
                if index == 0:
                    self.ops.extend(show(LEFT, self.y, f"{number}.", size=size))
                self.ops.extend(show(LEFT + 18, self.y, part, size=size))
                self.y -= size + 4
        self.y -= 3

    def fields(self, pairs: list[tuple[str, str]], *, size: float = 9.5) -> None:
        """``Label : value`` lines with the colons aligned."""
        label_w = max(text_width(label, size) for label, _ in pairs) + 8
        for label, value in pairs:
            parts = wrap(value, WIDTH - label_w - 10, size)
            for index, part in enumerate(parts):
                self.need(size + 4)
                if index == 0:
                    self.ops.extend(show(LEFT, self.y, label, size=size))
                    self.ops.extend(show(LEFT + label_w, self.y, ":", size=size))
                self.ops.extend(show(LEFT + label_w + 8, self.y, part, size=size))
                self.y -= size + 4
        self.y -= 8

    # --- tables -------------------------------------------------------------------------

    def table(
        self,
        columns: list[Column],
        rows: list[list[str]],
        *,
        totals: list[list[str]] | None = None,
        size: float = 8.5,
    ) -> None:
        """A grid with a shaded header (repeated on every page) and bold total rows."""
        scale = WIDTH / sum(c.width for c in columns)
        cols = [Column(c.title, c.width * scale, c.align) for c in columns]
        self.need(self._row_height(cols, [c.title for c in cols], size, True) + 3 * (size + 7))
        self._row(cols, [c.title for c in cols], size, bold=True, shade=True, header=True)
        for values in rows:
            self._fit_row(cols, values, size, bold=False)
        for values in totals or []:
            self._fit_row(cols, values, size, bold=True)
        self.y -= 12

    def _fit_row(self, cols: list[Column], values: list[str], size: float, *, bold: bool) -> None:
        if self.need(self._row_height(cols, values, size, bold)):
            self._row(cols, [c.title for c in cols], size, bold=True, shade=True, header=True)
        self._row(cols, values, size, bold=bold, shade=bold)

    @staticmethod
    def _lines(cols: list[Column], values: list[str], size: float, bold: bool) -> list[list[str]]:
        """Each cell's text broken at ``\\n`` and wrapped to its column."""
        return [
            [
                part
                for piece in v.split("\n")
                for part in wrap(piece, c.width - 2 * PAD, size, bold=bold)
            ]
            for c, v in zip(cols, values, strict=True)
        ]

    def _row_height(self, cols: list[Column], values: list[str], size: float, bold: bool) -> float:
        return max(len(lines) for lines in self._lines(cols, values, size, bold)) * (size + 2.5) + 6

    def _row(
        self,
        cols: list[Column],
        values: list[str],
        size: float,
        *,
        bold: bool,
        shade: bool,
        header: bool = False,
    ) -> None:
        cells = self._lines(cols, values, size, bold)
        height = self._row_height(cols, values, size, bold)
        top, bottom = self.y, self.y - height
        if shade:
            self.ops.extend(box(LEFT, bottom, WIDTH, height, gray=0.86 if header else 0.94))
        x = LEFT
        for col, lines in zip(cols, cells, strict=True):
            baseline = top - 3 - size * 0.8
            for line in lines:
                align = "center" if header else col.align
                if align == "right":
                    self.ops.extend(
                        show_right(x + col.width - PAD, baseline, line, size=size, bold=bold)
                    )
                elif align == "center":
                    self.ops.extend(
                        show_center(x + col.width / 2, baseline, line, size=size, bold=bold)
                    )
                else:
                    self.ops.extend(show(x + PAD, baseline, line, size=size, bold=bold))
                baseline -= size + 2.5
            self.ops.extend(rule(x, top, x, bottom))
            x += col.width
        self.ops.extend(rule(RIGHT, top, RIGHT, bottom))
        self.ops.extend(rule(LEFT, top, RIGHT, top))
        self.ops.extend(rule(LEFT, bottom, RIGHT, bottom))
        self.y = bottom

    # --- signature and finishing --------------------------------------------------------

    def signature(self, lines: list[str], *, name: str, nip: str, show_nip: bool = True) -> None:
        """The signature block in the right half: place and date, title, space, name, NIP.

        An elected head (Bupati) has no NIP: ``show_nip`` False leaves the line out.
        """
        width = WIDTH / 2
        x = RIGHT - width / 2
        wrapped: list[str] = []
        for line in lines:
            wrapped += wrap(line, width, 10) if line else [""]
        self.need(14 * (len(wrapped) + 6))
        self.y -= 8
        for line in wrapped:
            self.ops.extend(show_center(x, self.y, line, size=10))
            self.y -= 14
        self.y -= 48
        shown = name or "(" + "." * 50 + ")"
        self.ops.extend(show_center(x, self.y, shown, size=10, bold=bool(name)))
        if name:
            half = text_width(name, 10, bold=True) / 2
            self.ops.extend(rule(x - half, self.y - 2, x + half, self.y - 2, width=0.6))
        self.y -= 14
        if show_nip:
            nip_text = f"NIP. {nip}" if nip else "NIP. " + "." * 40
            self.ops.extend(show_center(x, self.y, nip_text, size=10))
            self.y -= 14

    def finish(self, title: str) -> bytes:
        count = len(self.pages)
        for number, ops in enumerate(self.pages, start=1):
            ops.extend(rule(LEFT, 44, RIGHT, 44, width=0.4))
            ops.extend(show(LEFT, 32, self.footer, size=7.5))
            ops.extend(show_right(RIGHT, 32, f"Halaman {number} dari {count}", size=7.5))
        return pdf_document([bytes(ops) for ops in self.pages], A4_PORTRAIT, title=title)
