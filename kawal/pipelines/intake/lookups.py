"""Type low-cardinality columns on their distinct values and map the result back by hash.

A million rows hold a few hundred sexes, villages and occupations and a few tens of
thousands of birth dates. Parsing each distinct value once and mapping back is the cheap
way, and mapping back through a 64-bit hash of the text avoids copying or re-hashing strings
per row. A second, independently seeded hash checks every row against the value its first
hash was mapped to; on a (practically impossible) collision the lookup is mapped again by
exact comparison, so the result never depends on the hash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

#: Parses the distinct values of the source columns (a frame with those columns, one row per
#: distinct combination, nulls included) into a frame of outputs, row for row.
Parser = Callable[[pl.DataFrame], pl.DataFrame]


@dataclass(frozen=True)
class Lookup:
    """Type columns ``sources`` with ``parse``; outputs become columns ``prefix + name``."""

    sources: tuple[str, ...]
    prefix: str
    parse: Parser

    @property
    def hash_column(self) -> str:
        """The per-row hash column this lookup maps through."""
        return f"__h:{self.prefix}"

    @property
    def check_column(self) -> str:
        """The per-row second hash column that detects collisions."""
        return f"__g:{self.prefix}"

    def _hash(self, seed: int) -> pl.Expr:
        parts = [
            pl.col(name).cast(pl.String).hash(seed + 2 * index)
            for index, name in enumerate(self.sources)
        ]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined.xor(part)
        return combined

    def hash_exprs(self) -> list[pl.Expr]:
        """The two per-row hash columns (add them to the frame before :func:`apply`)."""
        return [self._hash(0).alias(self.hash_column), self._hash(1).alias(self.check_column)]


def _packed(distinct: pl.DataFrame, lookup: Lookup) -> pl.Series:
    outputs = lookup.parse(distinct.select(lookup.sources))
    return (
        pl.concat([distinct.select(pl.col("__g")), outputs], how="horizontal")
        .select(pl.struct(pl.all()).alias(lookup.prefix))
        .to_series()
    )


def apply(
    frame: pl.DataFrame, lookups: Sequence[Lookup], extra: Sequence[pl.Expr] = ()
) -> pl.DataFrame:
    """``frame`` with every lookup's outputs added (and ``extra`` computed alongside).

    ``frame`` must hold each lookup's sources and :meth:`Lookup.hash_exprs` columns; the
    hash columns are dropped from the result.
    """
    if not lookups:
        return frame.with_columns(*extra)
    # The first row of each distinct hash (a pass over integers, not strings).
    firsts = frame.select(
        pl.col(lookup.hash_column).arg_unique().implode().alias(str(index))
        for index, lookup in enumerate(lookups)
    )
    tables = []
    for index, lookup in enumerate(lookups):
        rows = firsts.get_column(str(index))[0]
        distinct = frame.select(
            pl.col(*lookup.sources).gather(rows),
            pl.col(lookup.hash_column).gather(rows).alias("__h"),
            pl.col(lookup.check_column).gather(rows).alias("__g"),
        )
        tables.append((distinct.get_column("__h"), _packed(distinct, lookup)))
    mapped = [
        pl.col(lookup.hash_column)
        .replace_strict(keys, packed, default=None, return_dtype=packed.dtype)
        .alias(f"__s:{lookup.prefix}")
        for lookup, (keys, packed) in zip(lookups, tables, strict=True)
    ]
    out = frame.lazy().with_columns(*mapped, *extra).collect()
    collided = out.select(
        (pl.col(f"__s:{lookup.prefix}").struct.field("__g") != pl.col(lookup.check_column))
        .any()
        .alias(str(index))
        for index, lookup in enumerate(lookups)
    ).row(0)
    for lookup, hit in zip(lookups, collided, strict=True):
        if hit:
            out = out.with_columns(exact_struct(out, lookup))
    return _unnest(out, lookups)


def exact_struct(frame: pl.DataFrame, lookup: Lookup) -> pl.Series:
    """Map ``frame`` through ``lookup`` by exact comparison of the sources (no hash)."""
    sources = frame.select(pl.col(name).cast(pl.String) for name in lookup.sources)
    distinct = sources.unique().with_columns(pl.lit(0, pl.UInt64).alias("__g"))
    table = distinct.select(lookup.sources).with_columns(_packed(distinct, lookup).alias("__s"))
    joined = sources.join(
        table, on=list(lookup.sources), how="left", nulls_equal=True, maintain_order="left"
    )
    packed = joined.get_column("__s")
    # Mark the check hash as matching so that callers see no collision.
    check = frame.get_column(lookup.check_column)
    return (
        packed.to_frame()
        .select(pl.col("__s").struct.with_fields(check.alias("__g")))
        .to_series()
        .alias(f"__s:{lookup.prefix}")
    )


def _unnest(frame: pl.DataFrame, lookups: Sequence[Lookup]) -> pl.DataFrame:
    fields: list[pl.Expr] = []
    helpers: list[str] = []
    for lookup in lookups:
        column = f"__s:{lookup.prefix}"
        dtype = frame.schema[column]
        assert isinstance(dtype, pl.Struct)
        fields += [
            pl.col(column).struct.field(item.name).alias(lookup.prefix + item.name)
            for item in dtype.fields
            if item.name != "__g"
        ]
        helpers += [column, lookup.hash_column, lookup.check_column]
    return frame.with_columns(fields).drop(helpers)
