"""Coverage months, bills and reconciliation at a million members, on PostgreSQL.

1. recreates the database ``--database`` (default ``kawal_bench_cov``; dropped first), migrates
   it, loads the regions and adds Muna Barat;
2. writes ``--members`` people and active memberships of one 2023 pekerja rentan cohort with
   ``INSERT … SELECT generate_series`` (setup, not timed);
3. times :func:`kawal.contributions.coverage.coverage_generate` for January–December 2023
   (members × 12 months × JKK + JKM rows and 12 bills) and, for comparison, one plain
   ``GROUP BY month, programme, amount`` over the rows it wrote;
4. writes the December invoice from the coverage (one line per member) with the demo's planted
   differences (not timed) and times :func:`kawal.contributions.reconcile.reconciliation_run`
   on it, against a plain ``GROUP BY person, month`` over December's rows.

    .venv/bin/python bench/coverage_bills.py [--members 1000000] [--database kawal_bench_cov]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

SERVER = "postgres://postgres@127.0.0.1:5432"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _setup(database: str, data_dir: Path) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ["KAWAL_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("KAWAL_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kawal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _insert_series(model: type, count: int, exprs: dict[str, str]) -> None:
    """``INSERT … SELECT … FROM generate_series(1, count) g``: listed columns from ``exprs``
    (SQL over ``g``), every other NOT NULL column from its Django default (the model may gain
    fields while other apps are being written)."""
    from django.db import connection

    columns, values, bound = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.column in exprs:
            columns.append(field.column)
            values.append(exprs[field.column])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            columns.append(field.column)
            values.append("now()")
        elif not field.null:
            default = field.get_default()
            columns.append(field.column)
            values.append("%s")
            is_json = field.get_internal_type() == "JSONField"
            bound.append(json.dumps(default) if is_json else default)
    sql = (
        f'INSERT INTO "{model._meta.db_table}" ({", ".join(columns)}) '  # noqa: S608 - bench
        f"SELECT {', '.join(values)} FROM generate_series(1, {int(count)}) g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, bound)


def _population(members: int):  # noqa: ANN202 - returns a Cohort
    from kawal.enrolment.models import Cohort, Membership
    from kawal.regions.models import Pemda
    from kawal.regions.services import regions_load
    from kawal.registry.models import Person

    regions_load()
    pemda = Pemda.objects.create(region_id="7413", name="Kabupaten Muna Barat")
    _insert_series(
        Person,
        members,
        {
            "nik": "'7413' || lpad(g::text, 12, '0')",
            "full_name": "'Peserta ' || g",
            "name_normalised": "'PESERTA ' || g",
            "name_key": "'PESERTA ' || g",
            "sex": "'P'",
            "birth_date": "DATE '1990-07-05'",
            "domicile_village_id": "'7413031007'",
            "pemda_id": str(int(pemda.pk)),
        },
    )
    cohort = Cohort.objects.create(
        pemda=pemda,
        name="Pekerja rentan 2023",
        segment="pekerja_rentan",
        fiscal_year=2023,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        programmes=["jkk", "jkm"],
        funding_source="apbd_kabupaten",
    )
    first_person = Person.objects.order_by("id").values_list("id", flat=True)[0]
    _insert_series(
        Membership,
        members,
        {
            "cohort_id": str(int(cohort.pk)),
            "person_id": f"g + {int(first_person)} - 1",
            "status": "'active'",
            "start_date": "DATE '2023-01-01'",
        },
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return cohort


def _timed(label: str, fn, results: dict) -> object:  # noqa: ANN001
    start = time.perf_counter()
    value = fn()
    results[label] = round(time.perf_counter() - start, 2)
    return value


def _plain(sql: str, params: list) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database", default="kawal_bench_cov")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    data_dir = Path(tempfile.mkdtemp(prefix="kawal-bench-cov-"))
    _setup(args.database, data_dir)

    from kawal.contributions.coverage import coverage_generate
    from kawal.contributions.reconcile import reconciliation_run
    from kawal.demo.contributions_seed import cohort_invoice_lines, plant_differences, write_invoice

    results: dict[str, object] = {
        "members": args.members,
        "load_before": os.getloadavg()[0],
        "machine": f"{os.cpu_count()} cores, {platform.python_version()}",
    }
    cohort = _timed("setup_population_s", lambda: _population(args.members), results)
    generated = _timed(
        "coverage_and_bills_s",
        lambda: coverage_generate(
            actor=None, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1)
        ),
        results,
    )
    results["coverage_rows"] = generated.inserted
    results["bills"] = generated.bills
    _timed(
        "plain_group_by_s",
        lambda: _plain(
            "SELECT month, programme, amount, COUNT(*), SUM(amount) "
            "FROM contributions_coveragemonth WHERE cohort_id = %s "
            "GROUP BY month, programme, amount",
            [cohort.pk],
        ),
        results,
    )
    invoice, truth = plant_differences(cohort_invoice_lines(cohort, date(2023, 12, 1)))
    path = write_invoice(invoice, data_dir / "tagihan-desember.csv")
    results["invoice_lines"] = invoice.height
    rec = _timed(
        "reconcile_s",
        lambda: reconciliation_run(actor=None, cohort=cohort, path=path, file_name=path.name),
        results,
    )
    results["differences"] = rec.counts
    results["planted"] = truth
    _timed(
        "plain_group_by_month_s",
        lambda: _plain(
            "SELECT person_id, month, SUM(amount) FROM contributions_coveragemonth "
            "WHERE cohort_id = %s AND month = %s GROUP BY person_id, month",
            [cohort.pk, date(2023, 12, 1)],
        ),
        results,
    )
    results["coverage_ratio"] = round(
        results["coverage_and_bills_s"] / max(results["plain_group_by_s"], 0.01), 1
    )
    results["reconcile_ratio"] = round(
        results["reconcile_s"] / max(results["plain_group_by_month_s"], 0.01), 1
    )
    results["load_after"] = os.getloadavg()[0]
    sys.stdout.write(json.dumps(results, indent=1, default=str) + "\n")


if __name__ == "__main__":
    main()
