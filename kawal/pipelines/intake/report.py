"""The per-row report of an intake file, and the files written from it.

:func:`row_report` joins the file as read, its findings and the linkage outcome of each data
row into one frame for people: ``Baris``, the file's own columns (values as typed, escaped
against formula injection), then ``Status``, ``ID Orang``, ``Skor``, ``Kode Masalah`` and
``Keterangan``. :func:`write_report_csv` and :func:`write_report_xlsx` write it for a
spreadsheet; :func:`write_rows_out` writes the stable machine contract of the CLI.

The outcomes frame has ``row`` (Int64), ``status`` (String, one of :data:`STATUS_LABELS`),
``person`` (Int64, nullable), ``score`` (Float64, nullable) and ``reasons`` (String, codes
separated by ``;``, may be empty or null), one line per data row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from kawal.pipelines.intake.read import ROW, escape_for_export, escape_for_export_expr
from kawal.pipelines.intake.report_xlsx import (
    XLSX_MAX_ROWS,
    report_text,
    score_text,
    write_report_xlsx,
)

__all__ = [
    "COLUMNS",
    "ROWS_OUT_HEADER",
    "STATUS_LABELS",
    "XLSX_MAX_ROWS",
    "report_text",
    "row_report",
    "score_text",
    "write_report_csv",
    "write_report_xlsx",
    "write_rows_out",
]

#: Outcome status code -> Indonesian label shown in the report.
STATUS_LABELS: dict[str, str] = {
    "created": "Baru",
    "linked": "Ditautkan",
    "duplicate": "Duplikat dalam berkas",
    "review": "Perlu ditinjau",
    "invalid": "Tidak valid",
}
#: The report's own columns: the first one, then the ones after the file's columns.
ROW_COLUMN = "Baris"
COLUMNS = ("Status", "ID Orang", "Skor", "Kode Masalah", "Keterangan")
ROWS_OUT_HEADER = ("row", "status", "person", "score", "reasons")
_OUTCOME_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "status": pl.String(),
    "person": pl.Int64(),
    "score": pl.Float64(),
    "reasons": pl.String(),
}


def _free_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (Kawal)`` / ``name (Kawal 2)``… when a file column is called so
    (ignoring case and surrounding white space, as a reader of the sheet would)."""
    candidate, n = name, 1
    while candidate.casefold() in taken:
        candidate = f"{name} (Kawal)" if n == 1 else f"{name} (Kawal {n})"
        n += 1
    taken.add(candidate.casefold())
    return candidate


def _checked_outcomes(outcomes: pl.DataFrame, rows: pl.Series | None = None) -> pl.DataFrame:
    """``outcomes`` cast to its schema, after checking rows are unique (and, when ``rows`` is
    given, the same set) and every status is known; ``ValueError`` otherwise."""
    missing = [name for name in _OUTCOME_SCHEMA if name not in outcomes.columns]
    if missing:
        raise ValueError(f"outcomes lacks column(s) {missing}")
    out = outcomes.select(pl.col(n).cast(t) for n, t in _OUTCOME_SCHEMA.items())
    if out["row"].null_count() or out["row"].is_duplicated().any():
        raise ValueError("outcomes must have exactly one line per data row")
    unknown = set(out["status"].unique().to_list()) - set(STATUS_LABELS)
    if unknown:
        raise ValueError(f"unknown outcome status(es): {sorted(map(str, unknown))}")
    if rows is not None and (
        out.height != rows.len() or not out["row"].is_in(rows.implode()).all()
    ):
        raise ValueError("outcomes and the file must have the same data rows")
    if not out["score"].drop_nulls().is_finite().all():
        raise ValueError("outcome scores must be finite")
    return out


def _codes_list(text: pl.Expr) -> pl.Expr:
    """``"A; B;;"`` -> ``["A", "B"]`` (null -> empty list)."""
    parts = text.fill_null("").str.split(";").list.eval(pl.element().str.strip_chars())
    return parts.list.eval(pl.element().filter(pl.element() != ""))


def _joined(column: str, separator: str) -> pl.Expr:
    """List column ``column`` joined by ``separator`` (null for an empty list)."""
    items = pl.col(column)
    return pl.when(items.list.len() > 0).then(items.list.join(separator)).alias(column)


def row_report(
    original: pl.DataFrame,
    findings: pl.DataFrame,
    outcomes: pl.DataFrame,
    *,
    messages: Callable[[str], str] | None = None,
) -> pl.DataFrame:
    """One line per data row, sorted by row (see the module docstring for the columns).

    ``original`` is :attr:`ReadResult.frame` (``row`` plus the file's String columns).
    ``Kode Masalah`` lists the row's finding codes in findings order, then the outcome's
    reason codes, each code once, joined by ``;``. ``Keterangan`` joins by ``"; "`` the
    row's distinct finding messages, in findings order, as shown by ``messages`` (a
    ``message_id`` -> the text shown; identity by default), then the explanation of each
    reason code that ``messages`` maps to a text other than the code itself (so none by
    default). Both are null when there is nothing to say.
    ``Baris``, ``ID Orang`` and ``Skor`` stay typed (nullable); the rest is String.
    An own column whose name a file column already uses gets a suffix: ``Status (Kawal)``.
    ``ValueError`` when ``outcomes`` does not have exactly one known outcome per data row.
    """
    file_columns = [name for name in original.columns if name != ROW]
    base = original.select(ROW, *file_columns).sort(ROW)
    out = _checked_outcomes(outcomes, base[ROW])
    taken = {name.strip().casefold() for name in file_columns}
    row_name = _free_name(ROW_COLUMN, taken)
    names = dict(zip(COLUMNS, (_free_name(name, taken) for name in COLUMNS), strict=True))

    found = findings.filter(pl.col("row").is_not_null()).select("row", "code", "message_id")
    out = out.with_columns(_codes_list(pl.col("reasons")).alias("__reasons"))
    explained: dict[str, str] = {}
    if messages is not None:
        ids = found["message_id"].drop_nulls().unique().to_list()
        shown = pl.col("message_id").replace_strict(
            {m: messages(m) for m in ids}, default=None, return_dtype=pl.String
        )
        found = found.with_columns(shown.alias("message_id"))
        for code in out["__reasons"].explode().drop_nulls().unique().to_list():
            if (text := messages(code)) != code:
                explained[code] = text
    per_row = (
        found.sort("row", maintain_order=True)
        .group_by("row", maintain_order=True)
        .agg(
            pl.col("code").drop_nulls().alias("__codes"),
            pl.col("message_id").drop_nulls().unique(maintain_order=True).alias("__messages"),
        )
    )
    joined = base.join(out, on=ROW, how="left").join(per_row, on=ROW, how="left").sort(ROW)
    empty = pl.lit([], pl.List(pl.String))
    reasons = pl.col("__reasons").list.eval(
        pl.element().replace_strict(explained, default=None, return_dtype=pl.String).drop_nulls()
    )
    # Each list is built once as a column: expressions used twice would compute it again.
    joined = joined.with_columns(
        pl.concat_list(pl.col("__codes").fill_null(empty), "__reasons")
        .list.unique(maintain_order=True)
        .alias("__codes"),
        pl.concat_list(pl.col("__messages").fill_null(empty), reasons)
        .list.unique(maintain_order=True)
        .alias("__messages"),
    ).with_columns(_joined("__codes", ";"), _joined("__messages", "; "))
    return joined.select(
        pl.col(ROW).alias(row_name),
        *(escape_for_export_expr(pl.col(name)).alias(name) for name in file_columns),
        pl.col("status").replace_strict(STATUS_LABELS).alias(names["Status"]),
        pl.col("person").alias(names["ID Orang"]),
        pl.col("score").alias(names["Skor"]),
        escape_for_export_expr(pl.col("__codes")).alias(names["Kode Masalah"]),
        escape_for_export_expr(pl.col("__messages")).alias(names["Keterangan"]),
    )


def _header_line(names: list[str] | tuple[str, ...]) -> bytes:
    """A CSV header line for ``names`` (names escaped, quoted like Polars quotes values)."""
    frame = pl.DataFrame([pl.Series(str(i), [n], pl.String) for i, n in enumerate(names)])
    return frame.write_csv(include_header=False, line_terminator="\n").encode("utf-8")


def write_report_csv(report: pl.DataFrame, path: Path) -> None:
    """Write ``report`` as comma-separated UTF-8 with a BOM (Excel then detects UTF-8).

    Header names are escaped like the values (a file column may be called ``=x``).
    """
    with open(path, "wb") as handle:
        handle.write(b"\xef\xbb\xbf")
        handle.write(_header_line([escape_for_export(name) for name in report.columns]))
        report_text(report).write_csv(handle, include_header=False, line_terminator="\n")


def write_rows_out(outcomes: pl.DataFrame, path: Path) -> None:
    """Write the CLI's contract file: header ``row,status,person,score,reasons``, one line
    per data row sorted by row, empty fields for nulls, UTF-8 without BOM, ``\\n`` endings.

    ``score`` has at most 4 decimals (:func:`score_text`); ``reasons`` is written as given.
    """
    out = _checked_outcomes(outcomes).sort("row")
    out = out.with_columns(
        score_text(pl.col("score")).alias("score"),
        pl.when(pl.col("reasons") != "").then(pl.col("reasons")).alias("reasons"),
    )
    with open(path, "wb") as handle:
        handle.write(_header_line(ROWS_OUT_HEADER))
        out.select(ROWS_OUT_HEADER).write_csv(handle, include_header=False, line_terminator="\n")
