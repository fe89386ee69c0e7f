"""``kawal worker``: run queued import jobs in the background (django-tasks database queue).

First queues again the jobs a stopped worker left running (``--stale-minutes``), then runs the
queue until stopped (Ctrl+C lets the current job finish), or until it is empty with ``--once``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from kawal.intake.worker import STALE_MINUTES, ImportWorker, recover_stale_jobs


def _non_negative(value: str) -> float:
    number = float(value)
    if not number >= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Run queued import jobs; first re-queue jobs a stopped worker left running."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            "--batch",
            action="store_true",
            dest="once",
            help="run what is queued, then exit",
        )
        parser.add_argument(
            "--interval",
            type=_non_negative,
            default=1.0,
            help="seconds to wait between looks at an empty queue (default 1)",
        )
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=STALE_MINUTES,
            help="a running job without a heartbeat for this long is re-queued (default 10)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            raise CommandError(
                "kawal worker menjalankan antrean basis data; KAWAL_TASK_BACKEND harus "
                "django_tasks_db.DatabaseBackend."
            )
        if options["stale_minutes"] < 0:
            raise CommandError("--stale-minutes tidak boleh negatif.")
        recovered = recover_stale_jobs(stale_minutes=options["stale_minutes"])
        for job_id in recovered.jobs:
            self.stdout.write(
                f"Job impor #{job_id} tertinggal berjalan tanpa tanda hidup; diantrekan ulang."
            )
        once = options["once"]
        self.stdout.write(
            "Worker impor: menjalankan antrean sampai kosong."
            if once
            else "Worker impor berjalan; tekan Ctrl+C untuk berhenti."
        )
        # The queue library's own English log lines only at -v 2 and above.
        level = logging.INFO if options["verbosity"] > 1 else logging.WARNING
        for name in ("django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(level)
        worker = ImportWorker(write=self._say, interval=options["interval"], batch=once)
        if not once:
            worker.configure_signals()  # first Ctrl+C: finish the current job, then stop
        try:
            worker.run()
        finally:
            self.stdout.write(f"Worker impor berhenti ({worker.done} tugas dijalankan).")

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
