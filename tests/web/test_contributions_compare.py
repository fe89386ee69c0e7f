"""The reconciliation rules on frames alone (no database): one planted case per category."""

from __future__ import annotations

from datetime import date

import polars as pl

from kawal.contributions.reconcile import EXPECTED_SCHEMA, _parse_month, compare

JAN, FEB = date(2023, 1, 1), date(2023, 2, 1)


def _invoice(rows: list[tuple[str, str, date, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"nik": pl.String, "programme": pl.String, "month": pl.Date, "amount": pl.Int64},
        orient="row",
    ).with_columns(pl.lit("Nama Tagihan").alias("name"))


def test_each_category_once():
    invoice = _invoice(
        [
            ("7413030000000001", "", JAN, 16_800),  # matches
            ("7413030000000002", "", JAN, 16_800),  # twice
            ("7413030000000002", "", JAN, 16_800),
            ("7413030000000003", "", JAN, 20_000),  # amount differs
            ("7413030000000004", "", FEB, 16_800),  # billed after death (died in January)
            ("7413039999999999", "", JAN, 16_800),  # not ours
        ]
    )
    expected = pl.DataFrame(
        [
            (1, "7413030000000001", "A", "Wamelai", None, JAN, 16_800),
            (2, "7413030000000002", "B", "Wamelai", None, JAN, 16_800),
            (3, "7413030000000003", "C", "Lagadi", None, JAN, 16_800),
            (4, "7413030000000004", "D", "Lagadi", date(2023, 1, 20), FEB, 16_800),
            (5, "7413030000000005", "E", "Lagadi", None, JAN, 16_800),  # not billed
        ],
        schema=EXPECTED_SCHEMA,
        orient="row",
    )
    people = expected.drop("month", "expected").head(0)
    found = compare(invoice, expected, people).sort("category", "nik")
    assert found.select("category", "nik", "billed_amount", "expected_amount").rows() == [
        ("after_death", "7413030000000004", 16_800, 16_800),
        ("amount", "7413030000000003", 20_000, 16_800),
        ("not_billed", "7413030000000005", None, 16_800),
        ("not_ours", "7413039999999999", 16_800, None),
        ("twice", "7413030000000002", 33_600, 16_800),
    ]
    assert found.filter(pl.col("category") == "not_ours")["name"].to_list() == ["Nama Tagihan"]


def test_months_in_the_forms_insurers_write():
    frame = pl.DataFrame({"m": ["2023-01", "2023-02-28", "03/2023", "4-2023", "13/2023", "Jan"]})
    assert frame.select(_parse_month(pl.col("m")).alias("m"))["m"].to_list() == [
        date(2023, 1, 1),
        date(2023, 2, 1),
        date(2023, 3, 1),
        date(2023, 4, 1),
        None,
        None,
    ]
