"""``kawal import FILE --source …``: import a file now, with a progress bar (stable contract).

Exit status 0 when the job is done (or the same file was already imported), 1 when the file
was rejected or the job failed. ``--json`` prints the summary as one JSON object on stdout;
progress goes to stderr.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kawal.accounts.models import Role, User
from kawal.domain.intake_sources import SOURCES
from kawal.intake import files
from kawal.intake.models import ImportJob
from kawal.intake.pipeline import run_job
from kawal.intake.services import IntakeError, job_submit
from kawal.regions.models import Pemda

CLI_USER = "kawal-cli"


def _pemda(code: str | None) -> Pemda:
    if code:
        pemda = Pemda.objects.filter(region_id=code.replace(".", "")).first()
        if pemda is None:
            raise CommandError(f"Pemda dengan kode {code} belum terdaftar (kawal pemda add).")
        return pemda
    pemdas = list(Pemda.objects.all()[:2])
    if len(pemdas) != 1:
        raise CommandError("Sebutkan --pemda KODE (ada lebih dari satu pemda, atau belum ada).")
    return pemdas[0]


def _actor(username: str | None, pemda: Pemda) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {username} tidak ada atau tidak aktif.")
        return user
    user, created = User.objects.get_or_create(
        username=f"{CLI_USER}-{pemda.region_id}",
        defaults={"role": Role.DINAS_ADMIN, "pemda": pemda, "first_name": "Kawal CLI"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class _Bar:
    def __init__(self, stream: Any, enabled: bool) -> None:
        self.stream, self.enabled, self.last = stream, enabled, ""

    def __call__(self, job: ImportJob) -> None:
        if not self.enabled:
            return
        filled = job.progress // 5
        line = (
            f"\r[{'#' * filled}{'.' * (20 - filled)}] {job.progress:3d}% {job.get_phase_display()}"
        )
        if line != self.last:
            self.stream.write(line.ljust(70))
            self.stream.flush()
            self.last = line

    def close(self) -> None:
        if self.enabled and self.last:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Import a CSV/XLSX file of people (validate, de-duplicate, link, commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, choices=SOURCES)
        parser.add_argument("--pemda", help="region code of the pemda, e.g. 7413")
        parser.add_argument("--user", help="username recorded as the uploader")
        parser.add_argument("--sheet", default="", help="worksheet to read (XLSX)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--rows-out", type=Path, help="write one CSV line per data row")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        pemda = _pemda(options["pemda"])
        actor = _actor(options["user"], pemda)
        try:
            submitted = job_submit(
                actor=actor,
                path=path,
                file_name=path.name,
                source=options["source"],
                pemda=pemda,
                sheet=options["sheet"],
            )
        except IntakeError as error:
            raise CommandError(str(error)) from error
        job = submitted.job
        bar = _Bar(sys.stderr, not options["no_progress"])
        if submitted.created or job.status == ImportJob.Status.QUEUED:
            job = run_job(job.pk, on_progress=bar)
            bar.close()
        elif not options["json"]:
            self.stderr.write(
                f"Berkas ini sudah diimpor sebagai job #{job.pk}; tidak diimpor lagi."
            )
        self._report(job, options, already=not submitted.created)
        if job.status != ImportJob.Status.DONE:
            sys.exit(1)

    def _report(self, job: ImportJob, options: dict[str, Any], *, already: bool) -> None:
        summary = {
            "job": job.pk,
            "status": job.status,
            "already_imported": already,
            "file": job.file_name,
            "source": job.source,
            **{k: v for k, v in job.summary.items() if k != "timings"},
        }
        if job.status != ImportJob.Status.DONE:
            summary.update(error_code=job.error_code, error=job.error_message)
        rows_out: Path | None = options["rows_out"]
        if rows_out and job.status == ImportJob.Status.DONE:
            shutil.copyfile(files.report_path(job, "rows"), rows_out)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, sort_keys=True))
            return
        if job.status != ImportJob.Status.DONE:
            self.stderr.write(
                f"Impor job #{job.pk} {job.get_status_display()}: {job.error_message}"
            )
            return
        self.stdout.write(
            f"Job #{job.pk}: {summary['rows']} baris, {summary['valid']} valid, "
            f"{summary['invalid']} tidak valid, {summary['duplicates_in_file']} duplikat dalam "
            f"berkas, {summary['linked']} ditautkan, {summary['created']} orang baru, "
            f"{summary['review']} perlu ditinjau."
        )
