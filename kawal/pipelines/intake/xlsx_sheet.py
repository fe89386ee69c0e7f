"""A fast writer of one XLSX sheet of text cells: the package's XML written directly.

Each row's XML is built by Polars expressions, a chunk of rows at a time, and streamed into
the zip entry while the next chunk is built; the cells are inline strings, so no value is ever
a number, a formula or a link. Text is encoded as xlsxwriter encodes it (so Excel shows the
same): cut to :data:`CELL_TEXT_LIMIT` UTF-16 units, ``_xHHHH_`` escapes for control
characters (and ``_x005F`` before text that already looks like one), ``&``, ``<`` and ``>``
escaped, ``xml:space="preserve"`` when it starts or ends with white space.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import polars as pl

#: UTF-16 code units a cell holds; longer text is cut (Excel would repair the file).
CELL_TEXT_LIMIT = 32_767
#: Cells built and compressed at a time, in whole rows (bounds the memory the XML takes:
#: about 20,000 rows of a 19-column report, some 30 MB of XML).
CHUNK_CELLS = 400_000
#: zlib level of the package: 1 is fast; the sheet's XML compresses about 8 times anyway.
COMPRESS_LEVEL = 1
BOLD = 1  # the header's style (cellXfs index); a fill ``k`` (1-based) is ``BOLD + k``

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0xFFFE, 0xFFFF)]
_CONTROL_ESCAPES = [f"_x{ord(c):04X}_" for c in _CONTROLS]
_CONTROL_CLASS = r"[\x00-\x08\x0B-\x1F\x{FFFE}\x{FFFF}]"
_LOOKS_ESCAPED = r"_x[0-9a-fA-F]{4}_"
_EDGE_SPACE = r"^\s|\s$"
_XML_CHARS = ["&", "<", ">"]
_XML_ESCAPES = ["&amp;", "&lt;", "&gt;"]
_ZIP64_AT = zipfile.ZIP64_LIMIT
_WIDE = 64  # from this many columns, check the cells in one long column


def column_letter(index: int) -> str:
    """The letters of 0-based column ``index``: ``0`` -> ``A``, ``26`` -> ``AA``."""
    if index < 0:
        raise ValueError(f"column index {index} is negative")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _clip(text: str) -> str:
    """``text`` cut to :data:`CELL_TEXT_LIMIT` UTF-16 units, never inside a character."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > CELL_TEXT_LIMIT:
            return text[:index]
    return text


def _clipped(column: pl.Series) -> pl.Series:
    """``column`` with every value over :data:`CELL_TEXT_LIMIT` UTF-16 units cut."""
    positions = (column.str.len_bytes() > CELL_TEXT_LIMIT).arg_true()
    values = [_clip(text) for text in column.gather(positions).to_list()]
    return column.clone().scatter(positions, values)


def _joined(*pieces: str | pl.Expr) -> pl.Expr:
    """``pieces`` concatenated, null where an expression is null (one ``pl.format``: far
    less planning than ``concat_str`` for thousands of columns)."""
    parts = [pl.lit(p) if isinstance(p, str) and ("{" in p or "}" in p) else p for p in pieces]
    template = "".join(part if isinstance(part, str) else "{}" for part in parts)
    return pl.format(template, *(part for part in parts if isinstance(part, pl.Expr)))


class _Needs(NamedTuple):
    """What a column's text needs before it goes into the XML."""

    controls: bool  # control characters, or text like an ``_xHHHH_`` escape
    xml: bool  # ``&``, ``<`` or ``>``
    edges: bool  # white space at either end (``xml:space="preserve"``)
    long: bool  # a value that may pass CELL_TEXT_LIMIT


def _checks(value: pl.Expr) -> list[pl.Expr]:
    """:class:`_Needs` of a column, as expressions (in its order)."""
    return [
        value.str.contains(f"{_CONTROL_CLASS}|{_LOOKS_ESCAPED}").any(),
        value.str.contains_any(_XML_CHARS).any(),
        (value.str.strip_chars() != value).any(),
        (value.str.len_bytes() > CELL_TEXT_LIMIT).any(),  # UTF-16 units <= UTF-8 bytes
    ]


def _needs(frame: pl.DataFrame) -> list[_Needs]:
    """:class:`_Needs` of each column of ``frame`` (String columns)."""
    if frame.width > _WIDE:  # one set of expressions over all cells, not one per column
        long = frame.unpivot(variable_name="name", value_name="value")
        checks = [check.alias(f"k{i}") for i, check in enumerate(_checks(pl.col("value")))]
        found = {name: flags for name, *flags in long.group_by("name").agg(checks).iter_rows()}
        return [_Needs(*(bool(flag) for flag in found[name])) for name in frame.columns]
    size = len(_Needs._fields)
    row = frame.select(
        check.alias(f"{i}.{k}")
        for i, name in enumerate(frame.columns)
        for k, check in enumerate(_checks(pl.col(name)))
    ).row(0)
    return [
        _Needs(*(bool(flag) for flag in row[size * i : size * (i + 1)])) for i in range(frame.width)
    ]


def _cell_text(value: pl.Expr, needs: _Needs) -> tuple[pl.Expr, str | pl.Expr]:
    """``(the escaped text, its <t> opening tag)``, doing only the steps a column needs."""
    if needs.controls:
        value = value.str.replace_all(f"({_LOOKS_ESCAPED})", "_x005F$1")
        value = value.str.replace_many(_CONTROLS, _CONTROL_ESCAPES)
    opening: str | pl.Expr = "<t>"
    if needs.edges:
        preserve = value.str.contains(_EDGE_SPACE)
        opening = (
            pl.when(preserve).then(pl.lit('<t xml:space="preserve">')).otherwise(pl.lit("<t>"))
        )
    if needs.xml:
        value = value.str.replace_many(_XML_CHARS, _XML_ESCAPES)
    return value, opening


def _row_xml(
    frame: pl.DataFrame,
    needs: Sequence[_Needs],
    styles: Mapping[int, str | pl.Expr],
    number: pl.Expr,
) -> pl.Expr:
    """Each row of ``frame`` (String columns, null for an empty cell) as ``<row>`` XML.

    ``styles`` gives a column's cellXfs index, a constant or a per-row UInt expression
    (0 for none); ``number`` is the sheet row number as String.
    """
    cells: list[pl.Expr] = []
    for index, name in enumerate(frame.columns):
        letter = column_letter(index)
        text, opening = _cell_text(pl.col(name), needs[index])
        style = styles.get(index, "0")
        if isinstance(style, str):
            attribute: str | pl.Expr = "" if style == "0" else f' s="{style}"'
        else:
            attribute = pl.when(style > 0).then(_joined(' s="', style.cast(pl.String), '"'))
            attribute = attribute.otherwise(pl.lit(""))
        cell = _joined(
            f'<c r="{letter}',
            number,
            '"',
            attribute,
            ' t="inlineStr"><is>',
            opening,
            text,
            "</t></is></c>",
        )  # null when the value is null
        if not isinstance(style, str):  # an empty cell with a fill is written too
            blank = pl.when(style > 0).then(
                _joined(f'<c r="{letter}', number, '"', attribute, "/>")
            )
            cell = pl.coalesce(cell, blank)
        cells.append(cell)
    return pl.concat_str(
        [_joined('<row r="', number, '">'), *cells, pl.lit("</row>")], ignore_nulls=True
    )


def _as_bytes(rows: pl.Series) -> bytes:
    """The String ``rows`` concatenated, as UTF-8."""
    return rows.str.join("").cast(pl.Binary).item()


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attribute(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;")


def _sheet_reference(sheet: str) -> str:
    """``sheet`` as a formula refers to it (quoted unless a plain name)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _excel_width(characters: float) -> float:
    """The ``<col width>`` Excel stores for a width in characters (Calibri 11, as
    xlsxwriter's ``set_column`` converts it)."""
    pixels = int(characters * 12 + 0.5) if characters < 1 else int(characters * 7 + 0.5) + 5
    return (pixels * 256 // 7) / 256


def _cols_xml(widths: Sequence[float]) -> str:
    """``<cols>`` with one ``<col>`` per run of columns of equal width."""
    runs: list[list[float]] = []  # [first, last, width], 1-based
    for number, width in enumerate(widths, start=1):
        if runs and runs[-1][2] == width:
            runs[-1][1] = number
        else:
            runs.append([number, number, width])
    cols = "".join(
        f'<col min="{first}" max="{last}" width="{_excel_width(width):.16g}" customWidth="1"/>'
        for first, last, width in runs
    )
    return f"<cols>{cols}</cols>" if cols else ""


def _styles_xml(fills: Sequence[str]) -> str:
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    solid = "".join(
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{colour.lstrip("#").upper()}"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
        for colour in fills
    )
    xf = '<xf numFmtId="0" fontId="{}" fillId="{}" borderId="0" xfId="0"{}/>'
    xfs = [xf.format(0, 0, ""), xf.format(1, 0, ' applyFont="1"')]
    xfs += [xf.format(0, 2 + k, ' applyFill="1"') for k in range(len(fills))]
    return (
        f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
        f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        f'<fills count="{2 + len(fills)}"><fill><patternFill patternType="none"/></fill>'
        f'<fill><patternFill patternType="gray125"/></fill>{solid}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
        'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    )


def _package_parts(sheet: str, area: str, fills: Sequence[str]) -> dict[str, str]:
    """Every part but the worksheet: content types, relationships, workbook, styles."""
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    filter_area = f"{_sheet_reference(sheet)}!{area}"
    return {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView '
            'xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>'
            f'<sheets><sheet name="{_xml_attribute(sheet)}" sheetId="1" r:id="rId1"/></sheets>'
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
            f'hidden="1">{_xml_text(filter_area)}</definedName></definedNames></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _styles_xml(fills),
    }


def _size_bound(body: pl.DataFrame) -> int:
    """More bytes than the sheet's XML can take: an escape makes a character 7 bytes at
    most, a cell's markup takes less than 80 (the frame's size is more than its text's)."""
    return 7 * body.estimated_size() + 80 * (body.height + 1) * (body.width + 1) + 4096


def _worksheet_ends(
    header: Sequence[str], widths: Sequence[float], area: str
) -> tuple[bytes, bytes]:
    """The worksheet's XML before the data rows (with the bold header row) and after them."""
    # One cell per line, so that a wide header takes one expression, not one per column.
    titles = pl.DataFrame(
        {
            "title": [_clip(name) for name in header],
            "letter": [column_letter(index) for index in range(len(header))],
        },
        schema={"title": pl.String, "letter": pl.String},
    )
    text, opening = _cell_text(pl.col("title"), _needs(titles.select("title"))[0])
    cells = _joined('<c r="', pl.col("letter"), f'1" s="{BOLD}" t="inlineStr"><is>', opening)
    row = pl.concat_str(pl.lit('<row r="1">'), _joined(cells, text, "</t></is></c>").str.join(""))
    row = pl.concat_str(row, pl.lit("</row>"))
    head = (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{area}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" '
        'topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
        f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>{_cols_xml(widths)}'
        "<sheetData>"
    )
    tail = (
        f'</sheetData><autoFilter ref="{area}"/><pageMargins left="0.7" right="0.7" '
        'top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
    return head.encode() + _as_bytes(titles.select(row).to_series()), tail.encode()


def _with_styles(body: pl.DataFrame, styles: Mapping[int, pl.Series]) -> pl.DataFrame:
    """``body`` (String columns ``v0``, ``v1``…) with a UInt8 column ``s{i}`` per styled
    column ``i``: the cellXfs index of each row's fill (0 for none)."""
    if any(series.len() != body.height for series in styles.values()):
        raise ValueError("every styles Series must be as long as body")
    fills = pl.DataFrame([pl.Series(f"s{i}", styles[i], pl.UInt8) for i in sorted(styles)])
    xfs = fills.select(
        pl.when(pl.col(name) > 0).then(pl.col(name) + BOLD).otherwise(0).cast(pl.UInt8)
        for name in fills.columns
    )
    return body.hstack(xfs.get_columns())


def write_text_sheet(
    path: Path,
    *,
    sheet: str,
    header: Sequence[str],
    body: pl.DataFrame,
    styles: Mapping[int, pl.Series],
    fills: Sequence[str],
    widths: Sequence[float],
) -> None:
    """Write a workbook of one sheet named ``sheet``: ``header`` bold in a frozen first row
    with an autofilter over all rows, then ``body`` (String columns; a null is an empty cell).

    ``styles`` maps a column index to a UInt8 Series as long as ``body``: 0 for no fill,
    ``k`` for ``fills[k - 1]`` (``"#RRGGBB"``); an empty cell with a fill is still written.
    ``widths`` is each column's width in characters.
    """
    if not len(header) == body.width == len(widths) > 0:
        raise ValueError("header, body and widths need the same number (> 0) of columns")
    body = pl.DataFrame([column.cast(pl.String).alias(f"v{i}") for i, column in enumerate(body)])
    needs = _needs(body)
    body = body.with_columns(
        _clipped(body.to_series(i)) for i, need in enumerate(needs) if need.long
    )
    frame = _with_styles(body, styles)
    style_columns = {i: pl.col(f"s{i}") for i in styles}
    rows = _row_xml(body, needs, style_columns, pl.col("__n")).alias("xml")

    step = max(CHUNK_CELLS // body.width, 1)

    def chunk(offset: int) -> bytes:
        part = frame.slice(offset, step)
        first = offset + 2  # the header is row 1
        number = pl.int_range(first, first + part.height, dtype=pl.Int64).cast(pl.String)
        return _as_bytes(part.with_columns(number.alias("__n")).select(rows).to_series())

    letter, bottom = column_letter(body.width - 1), body.height + 1
    head, tail = _worksheet_ends(header, widths, f"A1:{letter}{bottom}")
    parts = _package_parts(sheet, f"$A$1:${letter}${bottom}", fills)
    big = _size_bound(body) >= _ZIP64_AT
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=big) as out:
            out.write(head)
            # Build the next chunk (Polars, without the GIL) while this one is compressed.
            with ThreadPoolExecutor(max_workers=1) as pool:
                pending = None
                for offset in range(0, body.height, step):
                    following = pool.submit(chunk, offset)
                    if pending is not None:
                        out.write(pending.result())
                    pending = following
                if pending is not None:
                    out.write(pending.result())
            out.write(tail)
