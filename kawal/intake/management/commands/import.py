"""``kawal import FILE --source …``: import a file now, with a progress bar (stable contract).

Exit status 0 when the job is done (or the same file was already imported), 1 when the file
was rejected or the job failed. ``--json`` prints the summary as one JSON object on stdout;
progress goes to stderr.

``--preset NAME`` and ``--map "Judul Kolom=field"`` give the column mapping, ``--save-preset``
saves it. When the columns do not map, the command explains them in Indonesian on stderr and
exits 1 without importing; the new job ends ``rejected`` with ``INTAKE_HEADERS`` (not left
waiting in ``mapping``), so a corrected run imports the same file. A job that waits for a
mapping on the web is mapped by a run whose options make its columns map, else left waiting.
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
from kawal.intake.cli_mapping import find_preset, mapping_report, parse_maps, unknown_columns
from kawal.intake.mapping import (
    FileColumns,
    MappingError,
    job_columns,
    job_map,
    job_reject_headers,
    preset_save,
)
from kawal.intake.models import ImportJob, MappingPreset
from kawal.intake.pipeline import run_job
from kawal.intake.services import IntakeError, job_submit
from kawal.pipelines.intake.headers import explicit_mapping
from kawal.pipelines.intake.read_common import IntakeFileError
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
        parser.add_argument("--preset", metavar="NAME", help="saved column mapping to use")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar='"HEADER=FIELD"',
            help="map a file column to a field (repeatable); HEADER= ignores the column",
        )
        parser.add_argument(
            "--save-preset", metavar="NAME", help="save the column mapping as a preset"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        pemda = _pemda(options["pemda"])
        actor = _actor(options["user"], pemda)
        source = options["source"]
        preset = find_preset(options["preset"], pemda=pemda, source=source)
        overrides = parse_maps(options["map"], source=source)
        try:
            submitted = job_submit(
                actor=actor,
                path=path,
                file_name=path.name,
                source=source,
                pemda=pemda,
                preset=preset,
                mapping=overrides,
                sheet=options["sheet"],
            )
        except IntakeError as error:
            raise CommandError(str(error)) from error
        job = submitted.job
        fresh = submitted.created or job.status == ImportJob.Status.MAPPING
        headers: FileColumns | None = None
        if fresh:
            job, headers = self._map(job, actor, preset, overrides, options, submitted.created)
        bar = _Bar(sys.stderr, not options["no_progress"])
        if job.status == ImportJob.Status.QUEUED:
            job = run_job(job.pk, on_progress=bar)
            bar.close()
        elif not fresh and not options["json"]:
            self.stderr.write(
                f"Berkas ini sudah diimpor sebagai job #{job.pk}; tidak diimpor lagi."
            )
        self._report(job, options, already=not fresh, headers=headers)
        if job.status != ImportJob.Status.DONE:
            sys.exit(1)

    def _map(
        self,
        job: ImportJob,
        actor: User,
        preset: MappingPreset | None,
        overrides: dict[str, str],
        options: dict[str, Any],
        created: bool,
    ) -> tuple[ImportJob, FileColumns | None]:
        """Check the columns with the options' mapping; map, save or reject accordingly."""
        save = (options["save_preset"] or "").strip()
        if job.status == ImportJob.Status.QUEUED and not (overrides or save):
            return job, None  # mapped by itself; the pipeline checks the whole file
        effective = {**job.mapping, **(preset.columns if preset else {}), **overrides}
        try:
            headers = job_columns(job, preset=effective)
        except (IntakeFileError, FileNotFoundError):
            return job, None  # the pipeline rejects it with the reason
        for column in unknown_columns(overrides, headers.columns):
            self.stderr.write(f'Peringatan: kolom "{column}" (--map) tidak ada di berkas.')
        if not headers.mapping.ok:
            for line in mapping_report(headers.columns, headers.mapping):
                self.stderr.write(line)
            if save:
                self.stderr.write(f'Format kolom "{save}" tidak disimpan.')
            if created:
                job = job_reject_headers(job, headers.mapping)
            return job, headers
        columns = explicit_mapping(headers.columns, headers.mapping)
        try:
            if job.status == ImportJob.Status.MAPPING:
                job = job_map(actor=actor, job=job, columns=columns, preset_name=save)
            elif save:
                preset_save(
                    actor=actor,
                    pemda_id=job.pemda_id,
                    source=job.source,
                    name=save,
                    columns=columns,
                )
        except MappingError as error:
            raise CommandError(str(error)) from error
        if save and not options["json"]:
            self.stderr.write(f'Format kolom "{save}" disimpan.')
        return job, headers

    def _report(
        self,
        job: ImportJob,
        options: dict[str, Any],
        *,
        already: bool,
        headers: FileColumns | None = None,
    ) -> None:
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
        if headers is not None and not headers.mapping.ok:
            summary["columns"] = {c: headers.mapping.columns.get(c) for c in headers.columns}
            summary["missing"] = ["/".join(r) for r in headers.mapping.missing]
        rows_out: Path | None = options["rows_out"]
        if rows_out and job.status == ImportJob.Status.DONE:
            shutil.copyfile(files.report_path(job, "rows"), rows_out)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, sort_keys=True))
            return
        if job.status != ImportJob.Status.DONE:
            reason = f": {job.error_message}" if job.error_message else "."
            self.stderr.write(f"Impor job #{job.pk} {job.get_status_display()}{reason}")
            return
        self.stdout.write(
            f"Job #{job.pk}: {summary['rows']} baris, {summary['valid']} valid, "
            f"{summary['invalid']} tidak valid, {summary['duplicates_in_file']} duplikat dalam "
            f"berkas, {summary['linked']} ditautkan, {summary['created']} orang baru, "
            f"{summary['review']} perlu ditinjau."
        )
