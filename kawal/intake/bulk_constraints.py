"""Foreign keys checked once per table instead of once per row, for very large commits.

PostgreSQL checks a foreign key with a trigger per inserted row; Django makes them deferred,
so a million-row import spends minutes in ``COMMIT`` running millions of look-ups (measured
by ``bench/intake_import.py``: see docs/benchmarks.md). For a commit of at least
:data:`SET_CHECK_ROWS` rows, :func:`foreign_keys_checked_as_a_set` drops the foreign keys of
the tables written and adds them back before the transaction ends; adding a foreign key makes
PostgreSQL validate the whole table in one join. The constraints are the same before and
after, and a row that broke one fails the transaction: nothing is written.

The price is locking: from the drop to the commit, the tables written are locked against
readers (``ACCESS EXCLUSIVE``), and the tables they refer to against writers. That is why
only large imports take this path; smaller ones keep the per-row checks and lock nothing.
SQLite keeps its own checks (its foreign keys are checked at commit too, and cheaply).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.db.models import Model

#: Rows written by one commit from which the set-based check pays for its locks.
SET_CHECK_ROWS = 200_000


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def foreign_keys_checked_as_a_set(models: Sequence[type[Model]], rows: int) -> Iterator[bool]:
    """Within a transaction: while inside, the foreign keys of ``models``' tables are not
    checked per row; on leaving normally they are restored and validated as a set.

    Yields whether the set-based path is taken (PostgreSQL and ``rows`` ≥
    :data:`SET_CHECK_ROWS`). On an exception the transaction's rollback restores them.
    """
    if connection.vendor != "postgresql" or rows < SET_CHECK_ROWS:
        yield False
        return
    if not connection.in_atomic_block:
        raise RuntimeError("foreign keys may only be lifted inside a transaction")
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) "
            "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "WHERE k.contype = 'f' AND c.relname = ANY(%s) AND c.relnamespace = "
            "current_schema()::regnamespace ORDER BY c.relname, k.conname",
            [tables],
        )
        keys = cursor.fetchall()
        # Checks already queued in this transaction run now: a table with pending checks
        # cannot be altered (and they are the caller's, not ours, to lose).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}")
    yield True
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}"
            )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default, as before
