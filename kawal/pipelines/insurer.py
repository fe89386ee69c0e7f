"""Insurer exchange files on frames: registration export, response and roster checks.

Pure Polars, no Django. The service layer (``kawal.insurer.services``) loads memberships into
frames, calls these functions and writes the outcome set-based.

Problem codes are stable; :data:`PROBLEMS` gives their Indonesian and English messages. A
response or roster file with any problem is refused as a whole (nothing is applied), and the
per-row report says which rows to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import polars as pl

from kawal.domain.insurer_layouts import KPJ_PATTERN, Layout
from kawal.domain.nik import STRIP_PATTERN
from kawal.domain.nik_frame import check_nik_frame
from kawal.domain.regions import RegionCodes
from kawal.pipelines.intake.dates import parse_dates
from kawal.pipelines.intake.headers import header_key
from kawal.pipelines.intake.read import ROW, ReadResult, escape_for_export_expr
from kawal.pipelines.intake.xlsx_sheet import write_text_sheet

#: code -> (Indonesian message, English message)
PROBLEMS: dict[str, tuple[str, str]] = {
    "NIK_INVALID": ("NIK tidak sesuai aturan Dukcapil", "NIK breaks the structural rules"),
    "NAME_MISSING": ("Nama kosong", "Name is empty"),
    "BIRTH_DATE_MISMATCH": (
        "Tanggal lahir tidak cocok dengan tanggal di NIK",
        "Birth date differs from the date encoded in the NIK",
    ),
    "SEX_MISMATCH": (
        "Jenis kelamin tidak cocok dengan NIK",
        "Sex differs from the one encoded in the NIK",
    ),
    "NIK_UNKNOWN": (
        "NIK tidak ada dalam kohort ini",
        "NIK is not a member of this cohort",
    ),
    "NIK_DUPLICATE": ("NIK muncul lebih dari sekali dalam berkas", "NIK repeated in the file"),
    "NOT_SUBMITTED": (
        "Peserta ini tidak sedang menunggu jawaban BPJS (status bukan 'didaftarkan')",
        "Member is not awaiting the insurer's answer (status is not submitted)",
    ),
    "RESULT_UNKNOWN": (
        "Status hasil tidak dikenal (harus diterima atau ditolak)",
        "Unknown result (must be accepted or rejected)",
    ),
    "KPJ_MISSING": ("Diterima tetapi nomor KPJ kosong", "Accepted without a KPJ number"),
    "KPJ_INVALID": ("Nomor KPJ harus 8–16 angka", "KPJ number must be 8-16 digits"),
    "KPJ_DUPLICATE": (
        "Nomor KPJ yang sama dipakai lebih dari sekali dalam berkas",
        "The same KPJ number is used twice in the file",
    ),
    "KPJ_TAKEN": (
        "Nomor KPJ sudah dipakai peserta lain di Kawal",
        "KPJ number already belongs to another member",
    ),
    "START_DATE_INVALID": (
        "Diterima tetapi tanggal mulai kosong atau tidak terbaca",
        "Accepted without a readable start date",
    ),
    "STATUS_UNKNOWN": (
        "Status kepesertaan tidak dikenal (harus aktif atau nonaktif)",
        "Unknown participation status (must be active or inactive)",
    ),
    "WAGE_MISSING": (
        "Upah kosong: format penerima upah (PU) memerlukan upah bulanan",
        "No wage: a wage-earner (PU) layout needs the monthly wage",
    ),
    # death extracts (kawal.pipelines.deaths)
    "DEATH_DATE_INVALID": (
        "Tanggal meninggal kosong atau tidak terbaca",
        "Date of death is empty or unreadable",
    ),
    "DEATH_DATE_FUTURE": ("Tanggal meninggal di masa depan", "Date of death in the future"),
    "DEATH_BEFORE_BIRTH": (
        "Tanggal meninggal sebelum tanggal lahir",
        "Date of death before the date of birth",
    ),
}

#: Reconciliation categories -> Indonesian label.
CATEGORIES: dict[str, str] = {
    "theirs_not_ours": "Ada di BPJS, tidak ada di Kawal",
    "ours_not_theirs": "Aktif di Kawal, tidak ada di BPJS",
    "status_differs": "Status berbeda",
    "kpj_differs": "Nomor KPJ berbeda",
}

Outcome = Literal["active", "rejected", "invalid"]


class ExchangeFileError(ValueError):
    """The file's columns do not fit the layout; ``message`` is Indonesian."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def problem_text(codes: str | None) -> str:
    """``"A;B"`` -> the Indonesian messages joined by ``"; "``."""
    if not codes:
        return ""
    return "; ".join(PROBLEMS.get(code, (code, code))[0] for code in codes.split(";"))


def normal_nik(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(STRIP_PATTERN, "").fill_null("")


def codes_expr(flags: dict[str, pl.Expr]) -> pl.Expr:
    """The codes whose flag is true, joined by ``;`` (null when none)."""
    parts = [pl.when(flag.fill_null(False)).then(pl.lit(code)) for code, flag in flags.items()]
    joined = pl.concat_str(parts, separator=";", ignore_nulls=True)
    return pl.when(joined != "").then(joined)


# ---------------------------------------------------------------- registration export


def check_registration(
    members: pl.DataFrame, *, codes: RegionCodes, today: date, wage_required: bool = False
) -> pl.DataFrame:
    """``members`` plus ``refusal`` (codes joined by ``;``, null when ready to export).

    ``members`` needs ``nik``, ``full_name``, ``birth_date`` (Date) and ``sex`` (``L``/``P``).
    A member is refused when the NIK breaks a rule, the name is empty, or the recorded birth
    date or sex differs from the NIK's (BPJS checks the NIK against Dukcapil and rejects such
    rows, domain-rules §7; in the registry itself a mismatch is only a warning).
    """
    checked = check_nik_frame(
        members, codes=codes, today=today, birth_date_col="birth_date", sex_col="sex"
    )
    warnings = pl.col("nik_warnings")
    refusal = codes_expr(
        {
            "NIK_INVALID": ~pl.col("nik_valid"),
            "NAME_MISSING": pl.col("full_name").fill_null("").str.strip_chars() == "",
            "BIRTH_DATE_MISMATCH": warnings.list.contains("NIK_BIRTH_DATE_MISMATCH"),
            "SEX_MISMATCH": warnings.list.contains("NIK_SEX_MISMATCH"),
            "WAGE_MISSING": (pl.col("wage").cast(pl.Int64, strict=False).fill_null(0) <= 0)
            if wage_required
            else pl.lit(False),
        }
    )
    drop = [name for name in checked.columns if name.startswith("nik_")]
    return checked.with_columns(refusal.alias("refusal")).drop(drop)


def registration_frame(members: pl.DataFrame, layout: Layout) -> pl.DataFrame:
    """The file's table: one String column per layout column, in order, values formatted.

    ``members`` holds the source fields the layout uses (:data:`SOURCE_FIELDS`); dates are
    Date columns, the rest anything castable to text. ``line`` is generated. Text cells are
    escaped against formula injection.
    """
    exprs: list[pl.Expr] = []
    for index, column in enumerate(layout.columns):
        name = f"c{index}"
        if column.constant is not None:
            expr = pl.lit(column.constant)
        elif column.source == "line":
            expr = pl.int_range(1, pl.len() + 1).cast(pl.String)
        elif column.source not in members.columns:
            expr = pl.lit(None, pl.String)
        elif members.schema[column.source] == pl.Date:
            expr = pl.col(column.source).dt.strftime(layout.date_format)
        elif column.source == "sex":
            expr = pl.col("sex").replace_strict(dict(layout.sex_values), default=pl.col("sex"))
        else:
            expr = escape_for_export_expr(pl.col(column.source).cast(pl.String))
        exprs.append(expr.cast(pl.String).alias(name))
    frame = members.select(exprs) if exprs else pl.DataFrame()
    return frame.rename({f"c{i}": c.header for i, c in enumerate(layout.columns)})


def write_table(frame: pl.DataFrame, path: Path, *, sheet: str = "Data") -> None:
    """Write a table of text as ``.xlsx`` (every cell a string) or CSV (UTF-8 with BOM).

    The format follows ``path``'s suffix; empty text is an empty cell (unquoted in CSV).
    """
    cells = (pl.col(name).cast(pl.String) for name in frame.columns)
    text = frame.select(
        pl.when(cell != "").then(cell).alias(cell.meta.output_name()) for cell in cells
    )
    if path.suffix.lower() == ".xlsx":
        widths = [max(10.0, min(40.0, len(name) + 4.0)) for name in text.columns]
        write_text_sheet(
            path, sheet=sheet, header=text.columns, body=text, styles={}, fills=[], widths=widths
        )
        return
    with open(path, "wb") as handle:
        handle.write(b"\xef\xbb\xbf")
        text.write_csv(handle, line_terminator="\n")


# ---------------------------------------------------------------- incoming files


@dataclass(frozen=True)
class Incoming:
    """An incoming file mapped onto canonical fields: ``frame`` has ``row`` and one String
    column per layout field (null when the file lacks it); ``columns`` maps field -> file
    column."""

    frame: pl.DataFrame
    columns: dict[str, str]


def map_incoming(result: ReadResult, layout: Layout) -> Incoming:
    """Map the file's headers onto the layout's fields; :class:`ExchangeFileError` when a
    required field has no column or two columns claim one field."""
    index = {header_key(label): name for name, labels in layout.headers.items() for label in labels}
    columns: dict[str, str] = {}
    for column in result.columns:
        name = index.get(header_key(column))
        if name is None:
            continue
        if name in columns:
            raise ExchangeFileError(
                "HEADER_DUPLICATE",
                f"Kolom '{columns[name]}' dan '{column}' sama-sama berisi {name}; "
                "hapus salah satunya.",
            )
        columns[name] = column
    missing = [name for name in layout.required if name not in columns]
    if missing:
        wanted = "; ".join(f"{name}: {' / '.join(layout.headers[name][:3])}" for name in missing)
        raise ExchangeFileError(
            "HEADER_MISSING",
            f"Kolom wajib tidak ditemukan ({wanted}). Periksa baris judul berkas: "
            f"kolom yang ada {', '.join(result.columns)}.",
        )
    exprs = [pl.col(ROW)]
    for name in layout.headers:
        source = columns.get(name)
        value = pl.col(source).str.strip_chars() if source else pl.lit(None, pl.String)
        exprs.append(value.alias(name))
    return Incoming(frame=result.frame.select(exprs), columns=columns)


def _kpj(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(STRIP_PATTERN, "")


def check_response(
    incoming: pl.DataFrame,
    layout: Layout,
    *,
    members: pl.DataFrame,
    taken_kpj: pl.DataFrame,
    today: date,
) -> pl.DataFrame:
    """One line per data row: ``row``, ``nik``, ``membership_id``, ``outcome``
    (``active``/``rejected``/``invalid``), ``kpj``, ``start_date`` (Date), ``reason`` and
    ``problems`` (codes joined by ``;``, null when none).

    ``members`` has ``membership_id``, ``nik`` and ``status`` of the cohort's memberships;
    ``taken_kpj`` has ``kpj`` and ``membership_id`` of KPJ numbers already held in Kawal.
    """
    result = pl.col("result").fill_null("").str.to_lowercase().str.strip_chars()
    frame = incoming.with_columns(
        normal_nik(pl.col("nik")).alias("nik"),
        _kpj(pl.col("kpj")).alias("kpj"),
        parse_dates(incoming["start_date"].cast(pl.String), today=today).alias("start_date"),
        pl.when(result.is_in(list(layout.accepted_values)))
        .then(pl.lit("active"))
        .when(result.is_in(list(layout.rejected_values)))
        .then(pl.lit("rejected"))
        .alias("__result"),
    )
    frame = frame.join(
        members.select("nik", "membership_id", pl.col("status").alias("__status")),
        on="nik",
        how="left",
    ).join(
        taken_kpj.select("kpj", pl.col("membership_id").alias("__kpj_owner")),
        on="kpj",
        how="left",
    )
    accepted = pl.col("__result") == "active"
    kpj_given = pl.col("kpj").fill_null("") != ""
    problems = codes_expr(
        {
            "NIK_UNKNOWN": pl.col("membership_id").is_null(),
            "NIK_DUPLICATE": pl.col("nik").is_duplicated(),
            "NOT_SUBMITTED": pl.col("membership_id").is_not_null()
            & (pl.col("__status") != "submitted"),
            "RESULT_UNKNOWN": pl.col("__result").is_null(),
            "KPJ_MISSING": accepted & ~kpj_given,
            "KPJ_INVALID": accepted & kpj_given & ~pl.col("kpj").str.contains(KPJ_PATTERN),
            "KPJ_DUPLICATE": accepted & kpj_given & pl.col("kpj").is_duplicated().over(accepted),
            "KPJ_TAKEN": accepted
            & pl.col("__kpj_owner").is_not_null()
            & pl.col("__kpj_owner").ne_missing(pl.col("membership_id")),
            "START_DATE_INVALID": accepted & pl.col("start_date").is_null(),
        }
    )
    reason = pl.col("reason").fill_null("")
    return (
        frame.with_columns(problems.alias("problems"))
        .with_columns(
            pl.when(pl.col("problems").is_not_null())
            .then(pl.lit("invalid"))
            .otherwise(pl.col("__result"))
            .alias("outcome"),
            pl.when(accepted).then(pl.col("kpj")).otherwise(pl.lit("")).alias("kpj"),
            pl.when(accepted).then(pl.col("start_date")).alias("start_date"),
            pl.when(~accepted & (reason == ""))
            .then(pl.lit("Ditolak BPJS (tanpa keterangan)"))
            .when(~accepted)
            .then(reason.str.slice(0, 250))
            .otherwise(pl.lit(""))
            .alias("reason"),
        )
        .select(ROW, "nik", "membership_id", "outcome", "kpj", "start_date", "reason", "problems")
        .sort(ROW)
    )


def check_roster(incoming: pl.DataFrame, layout: Layout, *, today: date) -> pl.DataFrame:
    """The roster rows normalised: ``row``, ``nik``, ``full_name``, ``kpj``, ``active``
    (Boolean), ``start_date``, ``village_name`` and ``problems`` (duplicated NIK, unknown
    status, KPJ not 8–16 digits)."""
    status = pl.col("status").fill_null("").str.to_lowercase().str.strip_chars()
    frame = incoming.with_columns(
        normal_nik(pl.col("nik")).alias("nik"),
        _kpj(pl.col("kpj")).fill_null("").alias("kpj"),
        parse_dates(incoming["start_date"].cast(pl.String), today=today).alias("start_date"),
        pl.when(status.is_in(list(layout.active_values)))
        .then(True)
        .when(status.is_in(list(layout.inactive_values)))
        .then(False)
        .alias("active"),
    )
    problems = codes_expr(
        {
            "NIK_INVALID": pl.col("nik").str.len_chars() != 16,
            "NIK_DUPLICATE": pl.col("nik").is_duplicated(),
            "STATUS_UNKNOWN": pl.col("active").is_null(),
            "KPJ_INVALID": (pl.col("kpj") != "") & ~pl.col("kpj").str.contains(KPJ_PATTERN),
        }
    )
    return frame.with_columns(problems.alias("problems")).select(
        ROW, "nik", "full_name", "kpj", "active", "start_date", "village_name", "problems"
    )


def reconcile(ours: pl.DataFrame, theirs: pl.DataFrame) -> pl.DataFrame:
    """Compare Kawal's memberships with the insurer's roster.

    ``ours``: ``membership_id``, ``nik``, ``full_name``, ``village_name``, ``status``,
    ``kpj`` — one line per NIK (the caller picks the membership that counts). ``theirs``:
    the output of :func:`check_roster` without problems. Returns one line per finding:
    ``category`` (:data:`CATEGORIES`), ``nik``, ``full_name``, ``village_name``,
    ``our_status``, ``their_status`` (``aktif``/``nonaktif``), ``our_kpj``, ``their_kpj``,
    ``membership_id`` and ``row`` (the roster row), sorted by category, village and name.
    A person can appear in both ``status_differs`` and ``kpj_differs``.
    """
    their = theirs.select(
        "nik",
        pl.col("full_name").alias("__their_name"),
        pl.col("village_name").alias("__their_village"),
        pl.col("kpj").alias("their_kpj"),
        pl.when(pl.col("active"))
        .then(pl.lit("aktif"))
        .otherwise(pl.lit("nonaktif"))
        .alias("their_status"),
        ROW,
    )
    our = ours.select(
        "membership_id",
        "nik",
        "full_name",
        "village_name",
        pl.col("status").alias("our_status"),
        pl.col("kpj").fill_null("").alias("our_kpj"),
    )
    both = our.join(their, on="nik", how="full", coalesce=True)
    in_ours, in_theirs = pl.col("membership_id").is_not_null(), pl.col(ROW).is_not_null()
    ours_active = pl.col("our_status") == "active"
    their_active = pl.col("their_status") == "aktif"
    rules = {
        "theirs_not_ours": ~in_ours,
        "ours_not_theirs": in_ours & ~in_theirs & ours_active,
        "status_differs": in_ours & in_theirs & (ours_active != their_active),
        "kpj_differs": in_ours
        & in_theirs
        & (pl.col("our_kpj") != "")
        & (pl.col("their_kpj") != "")
        & (pl.col("our_kpj") != pl.col("their_kpj")),
    }
    parts = [
        both.filter(rule).with_columns(pl.lit(category).alias("category"))
        for category, rule in rules.items()
    ]
    out = pl.concat(parts) if parts else both.clear()
    order = {category: i for i, category in enumerate(CATEGORIES)}
    return (
        out.with_columns(
            pl.coalesce("full_name", "__their_name").alias("full_name"),
            pl.coalesce("village_name", "__their_village").fill_null("").alias("village_name"),
            pl.col("category").replace_strict(order, return_dtype=pl.Int32).alias("__order"),
        )
        .sort("__order", "village_name", "full_name", "nik")
        .select(
            "category",
            "nik",
            "full_name",
            "village_name",
            "our_status",
            "their_status",
            "our_kpj",
            "their_kpj",
            "membership_id",
            ROW,
        )
    )


def mask_nik_expr(nik: pl.Expr) -> pl.Expr:
    """:func:`kawal.domain.nik.mask_nik` as an expression (on normalised NIKs): 16 digits keep
    the first 4 and last 2, anything else its first 2 then 14 stars, empty stays empty."""
    value = nik.fill_null("")
    return (
        pl.when(value == "")
        .then(pl.lit(""))
        .when(value.str.contains(r"^[0-9]{16}$"))
        .then(pl.concat_str(value.str.slice(0, 4), pl.lit("*" * 10), value.str.slice(14, 2)))
        .otherwise(pl.concat_str(value.str.slice(0, 2), pl.lit("*" * 14)))
    )
