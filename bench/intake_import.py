"""End-to-end import benchmark on PostgreSQL: a messy file against a registry, with the truth.

Takes the output of ``bench/intake_data.py`` (``registry.parquet``, ``import.csv``,
``truth.parquet``) and:

1. recreates the database ``--database`` (default ``kawal_bench``; it is dropped first), migrates
   it, loads the regions and adds the pemda of ``--pemda`` (default 74, the province the
   generator draws villages from);
2. writes the registry with COPY (setup, not timed) and keeps ``person id → entity``;
3. runs ``kawal import import.csv --source village --json`` in a child process — the command an
   operator runs — and reports its wall time, the per-phase times the job records and the
   child's peak memory (``ru_maxrss`` of the child);
4. scores the result against the truth (:mod:`bench.linkage_quality`): every import row and
   every registry person is an element; rows in the review band, invalid rows and their like
   are singletons. The same is done for exact-NIK-only matching (rows with the same valid NIK
   are one person; a row whose NIK is a registry person's links to it).

    .venv/bin/python bench/intake_import.py --data /tmp/bench1m [--database kawal_bench] \\
        [--reuse-registry]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage_quality import pairwise_scores  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"


def _admin(sql: str, params: list | None = None) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _recreate(database: str, template: str | None = None) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))


def _registry_stamp(path: Path) -> str:
    stat = path.stat()
    return f"registry {stat.st_size} {stat.st_mtime_ns}"


def _saved_registry(database: str, stamp: str) -> str | None:
    """The template database holding this registry, if an earlier run saved it."""
    template = f"{database}_registry"
    found = _admin(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [template],
    )
    return template if found and found[0][0] == stamp else None


def _save_registry(database: str, stamp: str) -> None:
    from django.db import connections

    connections.close_all()
    template = f"{database}_registry"
    _recreate(template, database)
    _admin(f"COMMENT ON DATABASE \"{template}\" IS '{stamp}'")


def _setup_django(database: str, data_dir: Path) -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ["KAWAL_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("KAWAL_DEBUG", "true")
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kawal.settings")
    django.setup()


def _registry_people(registry: pl.DataFrame) -> pl.DataFrame:
    """Person id → entity: the registry was written in file order with ascending ids."""
    from kawal.intake.registry_frame import read_frame

    ids = read_frame(
        'SELECT id FROM "registry_person" WHERE import_job_id IS NULL ORDER BY id',
        [],
        {"person": pl.Int64()},
    ).get_column("person")
    return pl.DataFrame({"person": ids, "entity": registry.get_column("entity")})


def _load_registry(registry: pl.DataFrame, pemda_code: str) -> pl.DataFrame:
    """COPY the registry into ``registry_person``; returns person id → entity."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from kawal.intake.bulk import insert_frame, reserve_ids
    from kawal.intake.records import person_columns
    from kawal.regions.models import Pemda
    from kawal.registry.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    call_command("regions", "load", verbosity=0)
    call_command("pemda", "add", pemda_code, "--name", f"Pemda {pemda_code} (benchmark)")
    pemda = Pemda.objects.get(region_id=pemda_code.replace(".", ""))
    rows = registry.with_columns(
        row=pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
        **{
            name: pl.lit(None, pl.String)
            for name in ("marital_status", "address", "rt", "rw", "occupation")
        },
    )
    now = timezone.now()
    with transaction.atomic():
        data = person_columns(rows, today=date(2026, 11, 23))
        ids = pl.Series(reserve_ids(Person, data.height), dtype=pl.Int64)
        data = data.with_columns(
            id=ids,
            pemda_id=pl.lit(pemda.pk, pl.Int64),
            version=pl.lit(1, pl.Int64),
            created_at=pl.lit(now),
            updated_at=pl.lit(now),
            created_by_id=pl.lit(None, pl.Int64),
            import_job_id=pl.lit(None, pl.Int64),
            date_of_death=pl.lit(None, pl.Date),
        )
        insert_frame(Person, data.drop("row"))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return pl.DataFrame({"person": ids, "entity": registry.get_column("entity")})


def _import(csv: Path, pemda_code: str) -> tuple[dict, float, float]:
    """Run ``kawal import`` in a child; returns its JSON summary, wall seconds, peak MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "kawal.cli", "import", str(csv), "--source", "village",
         "--pemda", pemda_code, "--json"],
        capture_output=True, text=True, env=os.environ.copy(), check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        sys.exit(f"kawal import failed ({done.returncode}):\n{done.stderr[-3000:]}")
    if peak <= before:
        print("note: the child's peak memory did not exceed an earlier child's; figure is a bound")
    return json.loads(done.stdout), wall, peak / 1024


def _outcomes(job_id: int) -> pl.DataFrame:
    from kawal.intake.registry_frame import read_frame

    return read_frame(
        'SELECT "row", status, person_id FROM "intake_rowoutcome" WHERE job_id = %s',
        [job_id],
        {"row": pl.Int64(), "status": pl.String(), "person": pl.Int64()},
    )


def _kawal_clusters(outcomes: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    rows = outcomes.select(
        element=pl.format("row:{}", "row"),
        cluster=pl.when(pl.col("person").is_not_null())
        .then(pl.format("person:{}", "person"))
        .otherwise(pl.format("row:{}", "row")),
    )
    registry = people.select(
        element=pl.format("person:{}", "person"), cluster=pl.format("person:{}", "person")
    )
    return pl.concat([rows, registry])


def _nik_only_clusters(csv: Path, registry: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """Exact NIK matching: the file's NIK cell, trimmed, when it is 16 digits."""
    nik = (
        pl.read_csv(csv, columns=["NIK"], schema_overrides={"NIK": pl.String})
        .with_row_index("row", offset=1)
        .with_columns(nik=pl.col("NIK").str.strip_chars())
    )
    valid = pl.col("nik").str.contains(r"^\d{16}$")
    rows = nik.select(
        element=pl.format("row:{}", "row"),
        cluster=pl.when(valid)
        .then(pl.format("nik:{}", "nik"))
        .otherwise(pl.format("row:{}", "row")),
    )
    registry_nik = pl.DataFrame(
        {"person": people.get_column("person"), "nik": registry.get_column("nik")}
    )
    reg = registry_nik.select(
        element=pl.format("person:{}", "person"), cluster=pl.format("nik:{}", "nik")
    )
    return pl.concat([rows, reg])


def _truth(truth: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    return pl.concat(
        [
            truth.select(element=pl.format("row:{}", "row"), entity="entity"),
            people.select(element=pl.format("person:{}", "person"), entity="entity"),
        ]
    )


def _print_scores(label: str, scores: dict) -> None:
    print(
        f"{label:<18} P {scores['precision']:.4f}  R {scores['recall']:.4f}  "
        f"F1 {scores['f1']:.4f}  (true pairs {scores['true_pairs']:,}, predicted "
        f"{scores['predicted_pairs']:,}, right {scores['true_positive_pairs']:,})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="output of intake_data.py")
    parser.add_argument("--database", default="kawal_bench")
    parser.add_argument("--pemda", default="74")
    parser.add_argument(
        "--reuse-registry",
        action="store_true",
        help="start from the registry an earlier run saved (database <name>_registry)",
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}"
    )
    registry = pl.read_parquet(args.data / "registry.parquet")
    truth = pl.read_parquet(args.data / "truth.parquet")
    csv = args.data / "import.csv"

    started = time.perf_counter()
    stamp = _registry_stamp(args.data / "registry.parquet")
    saved = _saved_registry(args.database, stamp) if args.reuse_registry else None
    _recreate(args.database, saved)
    shutil.rmtree(args.data / "kawal-data", ignore_errors=True)
    _setup_django(args.database, args.data / "kawal-data")
    if saved:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # the code may be newer
        people = _registry_people(registry)
    else:
        people = _load_registry(registry, args.pemda)
        _save_registry(args.database, stamp)
    print(f"setup: registry of {people.height:,} people in {time.perf_counter() - started:.1f} s")

    summary, wall, peak_mb = _import(csv, args.pemda)
    print(f"\nkawal import: {summary['rows']:,} rows in {wall:.1f} s wall, peak {peak_mb:,.0f} MB")
    from kawal.intake.models import ImportJob

    timings = ImportJob.objects.get(pk=summary["job"]).summary.get("timings", {})
    for phase, seconds in timings.items():
        print(f"  {phase:<24} {seconds:8.2f} s")
    counts = {
        k: summary[k]
        for k in ("valid", "invalid", "created", "linked", "duplicates_in_file", "review")
    }
    print("  outcomes: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    outcomes = _outcomes(summary["job"])
    expected = _truth(truth, people)
    print()
    kawal = _kawal_clusters(outcomes, people)
    nik_only = _nik_only_clusters(csv, registry, people)
    _print_scores("kawal", pairwise_scores(kawal, expected))
    _print_scores("exact NIK only", pairwise_scores(nik_only, expected))
    # Rows refused as invalid (damaged or missing NIK, unknown village, …) are never linked by
    # design; the same scores without them show the linkage itself.
    invalid = outcomes.filter(pl.col("status") == "invalid").select(
        element=pl.format("row:{}", "row")
    )
    usable = expected.join(invalid, on="element", how="anti")
    print(f"\nwithout the {invalid.height:,} invalid rows:")
    for label, clusters in (("kawal", kawal), ("exact NIK only", nik_only)):
        kept = clusters.join(invalid, on="element", how="anti")
        _print_scores(label, pairwise_scores(kept, usable))


if __name__ == "__main__":
    main()
