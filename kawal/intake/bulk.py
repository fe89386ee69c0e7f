"""Set-based writes of a Polars frame into a table: COPY on PostgreSQL, executemany on SQLite.

Ids are reserved up front (:func:`reserve_ids`) so that the rows written in one statement can
be referred to by the next one (outcomes point at the people just created) without reading
anything back. Callers run inside ``transaction.atomic()``: a job commits whole or not at all.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import polars as pl
from django.db import connection
from django.db.models import Model

_BATCH = 50_000


def _table(model: type[Model]) -> str:
    return model._meta.db_table


def read_frame(sql: str, params: list[object], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The result of one SELECT as a frame (``schema`` names and types its columns)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = cursor.mogrify(sql, params)
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
                for chunk in copy:
                    buffer.write(chunk)
            buffer.seek(0)
            if buffer.getbuffer().nbytes == 0:
                return pl.DataFrame(schema=schema)
            # PostgreSQL's CSV writes booleans as t/f, which Polars does not parse as Boolean.
            flags = [name for name, dtype in schema.items() if dtype == pl.Boolean()]
            frame = pl.read_csv(
                buffer,
                has_header=False,
                new_columns=list(schema),
                schema_overrides={n: pl.String() if n in flags else t for n, t in schema.items()},
                infer_schema=False,
            )
            return frame.with_columns(
                pl.col(name).replace_strict({"t": True, "f": False}, return_dtype=pl.Boolean)
                for name in flags
            )
        cursor.execute(sql, params)
        return pl.DataFrame(cursor.fetchall(), schema=schema, orient="row")


def reserve_ids(model: type[Model], count: int) -> pl.Series:
    """``count`` fresh primary keys for ``model``, valid until the transaction ends.

    PostgreSQL takes one block from the table's sequence under a table lock (safe with
    concurrent writers, who wait for this transaction); SQLite has a single writer per
    database, so ``max(id) + 1 …`` inside the write transaction is.
    """
    if count == 0:
        return pl.Series("id", [], dtype=pl.Int64)
    table = _table(model)
    if connection.vendor == "postgresql":
        # One contiguous block: the sequence is moved once. The table lock (held to the end of
        # the transaction, self-conflicting, readers unaffected) keeps every other insert, and
        # so every other nextval of this sequence, out until then.
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            last = int(cursor.fetchone()[0])
        return pl.int_range(last - count + 1, last + 1, dtype=pl.Int64, eager=True).alias("id")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - model table
        start = int(cursor.fetchone()[0]) + 1
    return pl.int_range(start, start + count, dtype=pl.Int64, eager=True).alias("id")


def insert_frame(
    model: type[Model], frame: pl.DataFrame, columns: Sequence[str] | None = None
) -> int:
    """Insert every row of ``frame`` (columns named as the table's columns); returns the count.

    Values must already be what the column holds (dates as ``Date``, text as ``String``,
    nullable foreign keys as nullable integers); ``None`` is written as NULL.
    """
    columns = list(columns or frame.columns)
    if frame.height == 0:
        return 0
    frame = frame.select(columns)
    table = _table(model)
    quoted = ", ".join(f'"{name}"' for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, table, quoted, frame)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'  # noqa: S608 - model table
            for start in range(0, frame.height, _BATCH):
                cursor.executemany(sql, frame.slice(start, _BATCH).rows())
    return frame.height


def _copy(cursor: object, table: str, quoted: str, frame: pl.DataFrame) -> None:
    """Stream the frame as CSV into ``COPY … FROM STDIN`` in chunks (bounded memory)."""
    raw = cursor.cursor  # type: ignore[attr-defined] - Django's wrapper around psycopg's cursor
    sql = f"COPY \"{table}\" ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    with raw.copy(sql) as copy:
        for start in range(0, frame.height, _BATCH):
            buffer = io.BytesIO()
            frame.slice(start, _BATCH).write_csv(
                buffer,
                include_header=False,
                null_value="\\N",
                date_format="%Y-%m-%d",
                datetime_format="%Y-%m-%dT%H:%M:%S%.f%z",
            )
            copy.write(buffer.getvalue())
