"""The row report as spreadsheet text, and its XLSX writer.

Every cell is an inline string (see :mod:`kawal.pipelines.intake.xlsx_sheet`): a value is
never a formula, a number or a link, whatever it looks like. The values themselves are
already escaped by :func:`kawal.pipelines.intake.report.row_report`; header names are escaped
here (for the same text as the CSV's header).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from kawal.pipelines.intake.read import escape_for_export
from kawal.pipelines.intake.xlsx_sheet import write_text_sheet

#: Rows in one XLSX sheet, the header row included (Excel's limit).
SHEET_ROWS = 1_048_576
#: Data rows an XLSX report can hold (below the header); more raise ``ValueError``.
XLSX_MAX_ROWS = SHEET_ROWS - 1
#: Columns in one XLSX sheet (Excel's limit).
XLSX_MAX_COLUMNS = 16_384
#: The report's own columns after the file's (Status … Keterangan, see ``report.COLUMNS``).
OWN_AFTER = 5
ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"
_WIDTHS = {"first": 8, "file": 16, "own": 18, "last": 80}


def score_text(score: pl.Expr) -> pl.Expr:
    """A score with at most 4 decimals and no trailing zeros (``0.5``, ``1``, ``0.1235``);
    null stays null. Rounds half away from zero on the value times 10,000."""
    scaled = (score * 10_000).round(0, mode="half_away_from_zero").cast(pl.Int64)
    whole = (scaled.abs() // 10_000).cast(pl.String)
    fraction = (scaled.abs() % 10_000).cast(pl.String).str.zfill(4).str.strip_chars_end("0")
    sign = pl.when(scaled < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    dot = pl.when(fraction != "").then(pl.lit(".")).otherwise(pl.lit(""))
    return pl.concat_str(sign, whole, dot, fraction)


def report_text(report: pl.DataFrame) -> pl.DataFrame:
    """Every column of ``report`` as String (floats through :func:`score_text`), with empty
    strings made null so that every writer leaves those cells empty."""
    exprs = []
    for name, dtype in report.schema.items():
        text = score_text(pl.col(name)) if dtype.is_float() else pl.col(name).cast(pl.String)
        exprs.append(pl.when(text != "").then(text).alias(name))
    return report.select(exprs)


def _fills(report: pl.DataFrame, findings: pl.DataFrame) -> dict[int, pl.Series]:
    """Sheet column -> per report row 1 (an error: :data:`ERROR_FILL`), 2 (only warnings:
    :data:`WARNING_FILL`) or 0, for the file columns that have findings (``row`` matched on
    the report's first column, ``column`` by name)."""
    file_columns = report.columns[1 : report.width - OWN_AFTER]
    rows = report.select(pl.col(report.columns[0]).cast(pl.Int64).alias("row")).with_row_index("r")
    columns = pl.DataFrame(
        {"column": file_columns, "c": range(1, len(file_columns) + 1)},
        schema={"column": pl.String, "c": pl.Int64},
    )
    rank = pl.col("severity").replace_strict(
        {"error": 2, "warning": 1}, default=0, return_dtype=pl.Int8
    )
    cells = (
        findings.select("row", "column", rank.alias("rank"))
        .join(rows, on="row")
        .join(columns, on="column")
        .group_by("r", "c")
        .agg(pl.col("rank").max())
        .filter(pl.col("rank") > 0)
        .select("r", "c", (3 - pl.col("rank")).cast(pl.UInt8).alias("fill"))
    )
    fills: dict[int, pl.Series] = {}
    for (c,), group in cells.group_by("c"):
        empty = pl.repeat(0, report.height, dtype=pl.UInt8, eager=True)
        fills[int(c)] = empty.scatter(group["r"], group["fill"])
    return fills


def _widths(width: int) -> list[float]:
    """Each column's width in characters: ``Baris`` narrow, file columns medium, the
    report's own columns a bit wider, ``Keterangan`` (the last) wide."""
    last = width - 1
    widths = [float(_WIDTHS["file"])] * width
    for c in range(max(last - OWN_AFTER + 1, 0), last):
        widths[c] = _WIDTHS["own"]
    if width:
        widths[0] = _WIDTHS["first"]
        widths[last] = _WIDTHS["last"]
    return widths


def write_report_xlsx(report: pl.DataFrame, findings: pl.DataFrame, path: Path) -> None:
    """Write the report made by ``row_report`` to ``path`` as one sheet ``Laporan``.

    Bold, frozen header row with an autofilter; every cell a string; a file cell with an
    error finding filled light red, with only warnings light yellow; ``Keterangan`` wide.
    ``ValueError`` (before anything is written) when the report has more rows than
    :data:`XLSX_MAX_ROWS` (an XLSX sheet holds 1,048,576 with the header): offer CSV instead.
    """
    if report.height > XLSX_MAX_ROWS:
        raise ValueError(
            f"the report has {report.height} rows; an XLSX sheet holds at most "
            f"{XLSX_MAX_ROWS} below the header: write CSV instead"
        )
    if report.width > XLSX_MAX_COLUMNS:
        raise ValueError(f"the report has {report.width} columns; XLSX allows {XLSX_MAX_COLUMNS}")
    write_text_sheet(
        path,
        sheet="Laporan",
        header=[escape_for_export(name) for name in report.columns],
        body=report_text(report),
        styles=_fills(report, findings),
        fills=(ERROR_FILL, WARNING_FILL),
        widths=_widths(report.width),
    )
