"""Read a region list file (Kawal's own layout or a two-column Kemendagri transcription).

Two layouts are accepted:

* Kawal's ``regions.csv``, with the header
  ``code,name,level,kind,parent_code,valid_from,valid_to,replaced_by``.
* The common transcription of the Kepmendagri annex: no header, two columns
  ``74.13.01.2001,Wakoila`` (codes with dots), as published by several open datasets.

The result is a Polars frame in Kawal's layout, sorted so parents come before children.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

COLUMNS = ["code", "name", "level", "kind", "parent_code", "valid_from", "valid_to", "replaced_by"]
LEVEL_BY_LENGTH = {2: "province", 4: "regency", 6: "district", 10: "village"}
PARENT_LENGTH = {4: 2, 6: 4, 10: 6}


class RegionFileError(ValueError):
    """The file cannot be read as a region list; the message is for the user (Indonesian)."""


def _infer_kind(code: pl.Expr, length: pl.Expr) -> pl.Expr:
    return (
        pl.when(length == 2)
        .then(pl.lit("provinsi"))
        .when((length == 4) & (code.str.slice(2, 1) == "7"))
        .then(pl.lit("kota"))
        .when(length == 4)
        .then(pl.lit("kabupaten"))
        .when(length == 6)
        .then(pl.lit("kecamatan"))
        .when(code.str.slice(6, 1) == "1")
        .then(pl.lit("kelurahan"))
        .otherwise(pl.lit("desa"))
    )


def _from_two_columns(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.rename({frame.columns[0]: "raw_code", frame.columns[1]: "name"})
    code = pl.col("raw_code").str.replace_all(r"[.\s]", "")
    length = code.str.len_chars()
    return frame.select(
        code.alias("code"),
        pl.col("name").str.strip_chars(),
        length.replace_strict(LEVEL_BY_LENGTH, default=None).alias("level"),
        _infer_kind(code, length).alias("kind"),
        pl.when(length > 2)
        .then(code.str.slice(0, length.replace_strict(PARENT_LENGTH, default=0)))
        .otherwise(None)
        .alias("parent_code"),
        pl.lit(None, dtype=pl.String).alias("valid_from"),
        pl.lit(None, dtype=pl.String).alias("valid_to"),
        pl.lit(None, dtype=pl.String).alias("replaced_by"),
    )


def read_region_file(path: Path) -> pl.DataFrame:
    """Parse ``path`` into Kawal's layout or raise :class:`RegionFileError` saying why not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RegionFileError(f"Berkas tidak dapat dibaca: {exc.strerror}") from exc
    if not raw.strip():
        raise RegionFileError("Berkas kosong.")
    if b"\x00" in raw[:4096]:
        raise RegionFileError("Berkas bukan CSV teks (berisi data biner).")
    text = raw.decode("utf-8-sig", errors="strict") if _is_utf8(raw) else raw.decode("cp1252")
    first = text.splitlines()[0].strip().lower()
    has_header = first.startswith("code,")
    try:
        frame = pl.read_csv(
            text.encode(), has_header=has_header, infer_schema=False, truncate_ragged_lines=False
        )
    except pl.exceptions.PolarsError as exc:
        raise RegionFileError(f"Format CSV tidak dikenali: {exc}") from exc
    if has_header:
        missing = [c for c in COLUMNS if c not in frame.columns]
        if missing:
            raise RegionFileError(f"Kolom wajib tidak ada: {', '.join(missing)}")
        frame = frame.select(COLUMNS)
    elif frame.width < 2:
        raise RegionFileError("Berkas harus berisi dua kolom: kode dan nama.")
    else:
        frame = _from_two_columns(frame.select(frame.columns[:2]))
    frame = frame.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in COLUMNS)
    _check(frame)
    return frame.sort(pl.col("code").str.len_chars(), "code")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check(frame: pl.DataFrame) -> None:
    """Reject rows whose code or name cannot be right, naming the first few (1-based rows)."""
    numbered = frame.with_row_index("row", offset=1)
    bad = numbered.filter(
        ~pl.col("code").str.contains(r"^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?$")
        | pl.col("name").is_null()
        | pl.col("level").is_null()
    )
    if bad.height:
        rows = ", ".join(str(r) for r in bad["row"].head(5).to_list())
        raise RegionFileError(
            f"{bad.height} baris berisi kode atau nama yang tidak sah (baris {rows})."
        )
    dupes = frame.filter(pl.col("code").is_duplicated())["code"].unique().sort()
    if dupes.len():
        raise RegionFileError(f"Kode ganda dalam berkas: {', '.join(dupes.head(5).to_list())}")
