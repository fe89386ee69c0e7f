"""Reconcile an insurer invoice/roster with a cohort's coverage months, per NIK and month.

The file is read with :func:`kawal.pipelines.intake.read.read_table` (CSV or XLSX) and its
columns are found through an :class:`InvoiceTemplate` (header aliases, pluggable: add one to
:data:`TEMPLATES`). Everything after reading is set-based in Polars; the expected side is one
``GROUP BY`` over the cohort's coverage months read with ``COPY … TO STDOUT``.

Differences (:class:`~kawal.contributions.models.Difference`), per NIK and month:

* ``not_ours`` — billed, but the cohort has no coverage for that NIK and month;
* ``not_billed`` — the cohort covers the NIK in a month of the invoice, the invoice does not;
* ``after_death`` — billed for a month after the month the person died;
* ``twice`` — the same NIK, month (and programme, when the file has one) on several lines;
* ``amount`` — billed once, but the amount differs from the coverage months' sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction

from kawal.accounts.models import User
from kawal.accounts.services import audit_record
from kawal.contributions.models import Difference, Reconciliation, ReconciliationItem
from kawal.enrolment.models import Cohort
from kawal.intake.bulk import insert_frame, read_frame
from kawal.pipelines.intake.read import read_table

MAX_INVOICE_BYTES = 200 * 1024 * 1024


class InvoiceError(ValueError):
    """An invoice file that cannot be reconciled; Indonesian message."""


@dataclass(frozen=True)
class InvoiceTemplate:
    """Which header (any of the aliases, case-insensitive) holds which field."""

    code: str
    label: str
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def find(self, headers: list[str]) -> dict[str, str]:
        """Field → the file's header; raises when a required field is missing."""
        by_key = {_key(h): h for h in headers}
        found: dict[str, str] = {}
        for name, aliases in self.columns.items():
            for alias in aliases:
                if _key(alias) in by_key:
                    found[name] = by_key[_key(alias)]
                    break
        missing = [name for name in ("nik", "month", "amount") if name not in found]
        if missing:
            raise InvoiceError(
                "Kolom tagihan tidak ditemukan: "
                + ", ".join(", ".join(self.columns[m]) for m in missing)
            )
        return found


def _key(header: str) -> str:
    return "".join(ch for ch in header.lower() if ch.isalnum())


TEMPLATES: dict[str, InvoiceTemplate] = {
    t.code: t
    for t in (
        InvoiceTemplate(
            "bpjs_default",
            "Tagihan BPJS Ketenagakerjaan (NIK, nama, bulan, iuran)",
            {
                "nik": ("NIK", "No KTP", "Nomor Identitas"),
                "name": ("Nama", "Nama Peserta", "Nama Tenaga Kerja"),
                "kpj": ("KPJ", "No KPJ", "Nomor KPJ"),
                "programme": ("Program",),
                "month": ("Bulan", "Periode", "Bulan Iuran", "Periode Iuran"),
                "amount": ("Iuran", "Jumlah Iuran", "Nominal", "Total Iuran"),
            },
        ),
    )
}


@dataclass(frozen=True)
class InvoiceFrame:
    lines: pl.DataFrame  # nik, name, programme, month (Date), amount (Int64)
    invalid: int
    sha256: str


def read_invoice(path: Path, template: InvoiceTemplate) -> InvoiceFrame:
    """The invoice's usable lines; lines with no valid NIK, month or amount are counted."""
    result = read_table(path, max_bytes=MAX_INVOICE_BYTES)
    cols = template.find(result.columns)
    frame = result.frame
    text = lambda name: (  # noqa: E731
        pl.col(cols[name]).str.strip_chars() if name in cols else pl.lit(None, dtype=pl.String)
    )
    lines = frame.select(
        text("nik").str.replace_all(r"[\s.'-]", "").alias("nik"),
        text("name").fill_null("").alias("name"),
        text("programme").str.to_lowercase().fill_null("").alias("programme"),
        _parse_month(text("month")).alias("month"),
        text("amount")
        .str.replace_all(r"(?i)rp|\s|\.|,00$", "")
        .str.replace_all(",", "")
        .cast(pl.Int64, strict=False)
        .alias("amount"),
    )
    ok = pl.col("nik").str.contains(r"^[0-9]{16}$") & pl.col("month").is_not_null()
    ok = ok & pl.col("amount").is_not_null()
    valid = lines.filter(ok.fill_null(False))
    return InvoiceFrame(valid, lines.height - valid.height, result.sha256)


def _parse_month(expr: pl.Expr) -> pl.Expr:
    """``2023-01``, ``2023-01-31``, ``01/2023`` or ``1-2023`` → the first day of that month."""
    iso = expr.str.extract(r"^(\d{4})-(\d{1,2})", 1), expr.str.extract(r"^(\d{4})-(\d{1,2})", 2)
    local = (
        expr.str.extract(r"^(\d{1,2})[/-](\d{4})$", 2),
        expr.str.extract(r"^(\d{1,2})[/-](\d{4})$", 1),
    )
    year = pl.coalesce(iso[0], local[0]).cast(pl.Int32, strict=False)
    month = pl.coalesce(iso[1], local[1]).cast(pl.Int32, strict=False)
    valid = month.is_between(1, 12)
    return pl.when(valid).then(pl.date(year, month, 1)).otherwise(None)


EXPECTED_SCHEMA = {
    "person_id": pl.Int64,
    "nik": pl.String,
    "full_name": pl.String,
    "village_name": pl.String,
    "date_of_death": pl.Date,
    "month": pl.Date,
    "expected": pl.Int64,
}


def _expected(cohort: Cohort, first: object, last: object) -> pl.DataFrame:
    return read_frame(
        "SELECT p.id, p.nik, p.full_name, r.name, p.date_of_death, c.month, SUM(c.amount) "
        "FROM contributions_coveragemonth c JOIN registry_person p ON p.id = c.person_id "
        "JOIN regions_region r ON r.code = p.domicile_village_id "
        "WHERE c.cohort_id = %s AND c.month >= %s AND c.month <= %s "
        "GROUP BY p.id, p.nik, p.full_name, r.name, p.date_of_death, c.month",
        [cohort.pk, first, last],
        EXPECTED_SCHEMA,
    )


def _registry_people(cohort: Cohort, niks: pl.Series) -> pl.DataFrame:
    """Registry people of the cohort's pemda with these NIKs (for names and deaths)."""
    schema = {k: v for k, v in EXPECTED_SCHEMA.items() if k not in ("month", "expected")}
    frames = [pl.DataFrame(schema=schema)]
    values = niks.unique().to_list()
    for start in range(0, len(values), 5_000):
        chunk = values[start : start + 5_000]
        marks = ", ".join(["%s"] * len(chunk))
        frames.append(
            read_frame(
                "SELECT p.id, p.nik, p.full_name, r.name, p.date_of_death FROM registry_person p "  # noqa: S608 - fixed SQL, values are bound
                "JOIN regions_region r ON r.code = p.domicile_village_id "
                f"WHERE p.pemda_id = %s AND p.nik IN ({marks})",  # noqa: S608 - placeholders
                [cohort.pemda_id, *chunk],
                schema,
            )
        )
    return pl.concat(frames)


def compare(invoice: pl.DataFrame, expected: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """The differences as a frame (pure Polars; see the module docstring for the categories)."""
    keys = ["nik", "month"]
    times = invoice.group_by([*keys, "programme"]).agg(pl.len().alias("times"))
    billed = invoice.group_by(keys).agg(
        pl.col("amount").sum().alias("billed"),
        pl.col("name").first().alias("invoice_name"),
    )
    billed = billed.join(times.group_by(keys).agg(pl.col("times").max()), on=keys, how="left")
    joined = billed.join(expected, on=keys, how="full", coalesce=True)
    known = people.select(
        "nik",
        pl.col("person_id").alias("r_person"),
        pl.col("full_name").alias("r_name"),
        pl.col("village_name").alias("r_village"),
        pl.col("date_of_death").alias("r_death"),
    )
    joined = joined.join(known, on="nik", how="left").with_columns(
        pl.coalesce("person_id", "r_person").alias("person_id"),
        pl.coalesce("full_name", "r_name", "invoice_name").fill_null("").alias("name"),
        pl.coalesce("village_name", "r_village").fill_null("").alias("village_name"),
        pl.coalesce("date_of_death", "r_death").alias("death"),
    )
    in_invoice = pl.col("billed").is_not_null()
    ours = pl.col("expected").is_not_null()
    twice = in_invoice & (pl.col("times") > 1)
    death_month = pl.col("death").dt.truncate("1mo")
    rules = {
        Difference.NOT_OURS: in_invoice & ~ours,
        Difference.NOT_BILLED: ours & ~in_invoice,
        Difference.AFTER_DEATH: in_invoice
        & pl.col("death").is_not_null()
        & (pl.col("month") > death_month),
        Difference.TWICE: twice,
        Difference.AMOUNT: in_invoice & ours & ~twice & (pl.col("billed") != pl.col("expected")),
    }
    parts = [
        joined.filter(rule.fill_null(False)).with_columns(pl.lit(str(code)).alias("category"))
        for code, rule in rules.items()
    ]
    return pl.concat(parts).select(
        "category",
        "person_id",
        "nik",
        "name",
        "village_name",
        "month",
        pl.col("billed").alias("billed_amount"),
        pl.col("expected").alias("expected_amount"),
        pl.col("times").fill_null(0).cast(pl.Int64).alias("billed_times"),
    )


def reconciliation_run(
    *,
    actor: User | None,
    cohort: Cohort,
    path: Path,
    file_name: str,
    template: str = "bpjs_default",
) -> Reconciliation:
    """Read ``path``, compare it with the cohort and store the differences (audited)."""
    if template not in TEMPLATES:
        raise InvoiceError(f"Templat tagihan {template!r} tidak dikenal.")
    invoice = read_invoice(path, TEMPLATES[template])
    lines = invoice.lines
    if lines.height == 0:
        raise InvoiceError("Berkas tagihan tidak memuat baris yang bisa dibaca.")
    first, last = lines["month"].min(), lines["month"].max()
    expected = _expected(cohort, first, last)
    outside = lines.join(expected.select("nik").unique(), on="nik", how="anti")
    people = _registry_people(cohort, outside["nik"])
    diffs = compare(lines, expected, people)
    counts = {str(c): 0 for c in Difference}
    counts.update(dict(diffs.group_by("category").len().iter_rows()))
    counts["invalid_lines"] = invoice.invalid
    with transaction.atomic():
        rec = Reconciliation.objects.create(
            cohort=cohort,
            file_name=file_name[:255],
            file_sha256=invoice.sha256,
            template=template,
            first_month=first,
            last_month=last,
            invoice_lines=lines.height,
            invoice_total=int(lines["amount"].sum()),
            expected_total=int(expected["expected"].sum() or 0),
            matched=lines.select("nik", "month")
            .unique()
            .join(expected.select("nik", "month"), on=["nik", "month"], how="semi")
            .height,
            counts=counts,
            created_by=actor,
        )
        items = diffs.with_columns(
            pl.lit(rec.pk, dtype=pl.Int64).alias("reconciliation_id"),
            pl.col("name").str.slice(0, 150),
            pl.col("village_name").str.slice(0, 120),
        )
        insert_frame(
            ReconciliationItem,
            items,
            [
                "reconciliation_id",
                "category",
                "person_id",
                "nik",
                "name",
                "village_name",
                "month",
                "billed_amount",
                "expected_amount",
                "billed_times",
            ],
        )
        audit_record(
            actor=actor,
            action="contributions.reconcile",
            object_type="contributions.reconciliation",
            object_id=rec.pk,
            pemda_id=cohort.pemda_id,
            changes={"file": [None, file_name[:255]], "differences": [None, counts]},
        )
    return rec


def upload_dir() -> Path:
    """Where invoices and payment documents are kept: private, under ``DATA_DIR``."""
    return Path(settings.DATA_DIR) / "contributions"
