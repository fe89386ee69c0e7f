"""``kawal demo``: build the Muna Barat demo and serve it, with the import worker alongside."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kawal.accounts.models import Role
from kawal.demo.intake_seed import demo_file_path
from kawal.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from kawal.regions.models import Region

#: Seconds the worker gets to finish the job it is running when the demo stops.
WORKER_GRACE = 60


class Command(BaseCommand):
    help = "Create the database, load regions, build the Muna Barat demo registry, then serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="build the data only")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        result = seed_demo()
        if result.created_people:
            self.stdout.write(f"Data demo dibuat: {result.created_people:,} orang.")
        else:
            self.stdout.write(
                f"Data demo sudah ada ({result.existing_people:,} orang); tidak ada yang ditambah."
            )
        self._report_intake(result.intake)
        if options["no_serve"]:
            return
        url = f"http://{options['addr']}/"
        self.stdout.write(f"\nKawal berjalan di {url}")
        self.stdout.write(f"Login demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        regions = dict(
            Region.objects.filter(code__in=[d.region_code for d in DEMO_LOGINS]).values_list(
                "code", "name"
            )
        )
        for login in DEMO_LOGINS:
            where = f" — {regions[login.region_code]}" if login.region_code else ""
            self.stdout.write(f"  {login.username:<18} {Role(login.role).label}{where}")
        self.stdout.write(f"Contoh berkas untuk dicoba di halaman Impor data: {demo_file_path()}")
        self.stdout.write("Tekan Ctrl+C untuk berhenti.\n")
        worker = self._start_worker()
        try:
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            self._stop_worker(worker)

    def _report_intake(self, intake: Any) -> None:
        if intake is None:
            return
        if intake.file_written:
            self.stdout.write(
                f"Berkas contoh usulan desa (5.000 baris) ditulis: {demo_file_path()}"
            )
        job = intake.dtsen_job
        if job is not None:
            summary = job.summary or {}
            self.stdout.write(
                f"Impor contoh DTSEN dijalankan (job #{job.pk}, {job.get_status_display()}): "
                f"{summary.get('linked', 0)} ditautkan, {summary.get('review', 0)} perlu "
                f"ditinjau, {summary.get('invalid', 0)} tidak valid."
            )

    def _start_worker(self) -> subprocess.Popen[bytes]:
        """``kawal worker`` in its own process group: Ctrl+C stops the server first, then the
        worker is asked to stop after its current job (``_stop_worker``)."""
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
            [sys.executable, "-m", "kawal.cli", "worker"],
            start_new_session=True,
        )
        self.stdout.write(
            f"Worker impor berjalan (proses {worker.pid}); unggahan diproses di sana."
        )
        # A plain `kill` of the demo stops the server the same way Ctrl+C does.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        return worker

    def _stop_worker(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is not None:
            return
        self.stdout.write("Menghentikan worker impor (job yang sedang berjalan diselesaikan dulu)…")
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=WORKER_GRACE)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            # A job cut short wrote nothing; the next `kawal worker` queues it again.
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
