"""``kawal insurer``: exchange files with BPJS Ketenagakerjaan from the command line.

``export`` checks a cohort's approved members, writes the registration file and marks the ready
ones submitted; ``response`` previews (and with ``--apply`` applies) the insurer's answer;
``roster`` reconciles the insurer's participant list. Actions run as a Dinas admin of the
cohort's pemda (``--user``, default: the first active one) and are audited like the pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kawal.accounts.models import User
from kawal.enrolment.models import Cohort
from kawal.insurer.adapters import FileAdapter
from kawal.insurer.models import ExchangeBatch
from kawal.insurer.reports import write_report
from kawal.insurer.response import response_apply, response_preview
from kawal.insurer.roster import roster_import
from kawal.insurer.services import (
    InsurerError,
    insurer_folder,
    registration_confirm,
    registration_file,
    registration_prepare,
)
from kawal.management.actors import dinas_admin
from kawal.pipelines.insurer import CATEGORIES, problem_text
from kawal.regions.models import Pemda


class Command(BaseCommand):
    help = "Exchange files with BPJS Ketenagakerjaan: export, response, roster."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a cohort's registration file")
        export.add_argument("--cohort", type=int, required=True, help="cohort id")
        export.add_argument("--out", required=True, help="file to write (.xlsx or .csv)")
        export.add_argument("--layout", default=None, help="registration layout code")
        export.add_argument(
            "--check", action="store_true", help="only check; write nothing, change nothing"
        )
        response = sub.add_parser("response", help="preview or apply the insurer's response")
        response.add_argument("file", help="the response file (.xlsx or .csv)")
        response.add_argument("--cohort", type=int, required=True, help="cohort id")
        response.add_argument("--apply", action="store_true", help="apply it (default: preview)")
        response.add_argument("--report", default=None, help="write the per-row report here")
        roster = sub.add_parser("roster", help="reconcile the insurer's participant list")
        roster.add_argument("file", help="the roster file (.xlsx or .csv)")
        roster.add_argument("--pemda", required=True, help="pemda code, e.g. 7413")
        roster.add_argument("--report", default=None, help="write the reconciliation here")
        for command in (export, response, roster):
            command.add_argument("--user", default=None, help="acting Dinas admin's username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except InsurerError as error:
            raise CommandError(error.message) from error

    def _actor(self, pemda_id: int, username: str | None) -> User:
        return dinas_admin(pemda_id, username)

    def _cohort(self, cohort_id: int) -> Cohort:
        cohort = Cohort.objects.filter(pk=cohort_id).first()
        if cohort is None:
            raise CommandError(f"Kohort {cohort_id} tidak ditemukan.")
        return cohort

    def _export(self, options: dict[str, Any]) -> None:
        cohort = self._cohort(options["cohort"])
        actor = self._actor(cohort.pemda_id, options["user"])
        batch = registration_prepare(actor=actor, cohort=cohort, layout_code=options["layout"])
        summary = batch.summary
        self.stdout.write(
            f"Batch #{batch.pk}: {summary['ready']} siap, {summary['refused']} ditolak "
            f"sebelum dikirim."
        )
        for code, count in summary["refused_by_reason"].items():
            self.stdout.write(f"  {problem_text(code)}: {count}")
        if options["check"]:
            return
        out = Path(options["out"])
        adapter = FileAdapter(
            folder=insurer_folder(),
            max_bytes=settings.KAWAL_IMPORT_MAX_MB * 1024 * 1024,
            file_format="csv" if out.suffix.lower() == ".csv" else "xlsx",
        )
        batch = registration_confirm(actor=actor, batch=batch, adapter=adapter)
        path = registration_file(batch)
        if path is not None:
            shutil.copyfile(path, out)
        self.stdout.write(f"{batch.summary['submitted']} peserta didaftarkan; berkas: {out}")

    def _response(self, options: dict[str, Any]) -> None:
        cohort = self._cohort(options["cohort"])
        actor = self._actor(cohort.pemda_id, options["user"])
        path = Path(options["file"])
        received = response_preview(actor=actor, cohort=cohort, source=path, file_name=path.name)
        batch = received.batch
        if not received.created:
            self.stdout.write(
                f"Berkas yang sama sudah diterima sebagai batch #{batch.pk} "
                f"({batch.get_status_display()})."
            )
        self._report(batch, options["report"])
        summary = batch.summary
        if batch.status == ExchangeBatch.Status.REJECTED:
            for code, count in summary["problems"].items():
                self.stderr.write(f"  {problem_text(code)}: {count} baris")
            raise CommandError(
                f"Berkas bermasalah ({summary['invalid']} baris); tidak ada yang diubah."
            )
        self.stdout.write(
            f"Batch #{batch.pk}: {summary['to_active']} akan aktif, "
            f"{summary['to_rejected']} ditolak BPJS."
        )
        if options["apply"] and batch.status == ExchangeBatch.Status.PREVIEW:
            batch = response_apply(actor=actor, batch=batch)
            self.stdout.write(
                f"Diterapkan: {batch.summary['active']} aktif, {batch.summary['rejected']} ditolak."
            )

    def _roster(self, options: dict[str, Any]) -> None:
        code = options["pemda"].replace(".", "")
        pemda = Pemda.objects.filter(region_id=code).first()
        if pemda is None:
            raise CommandError(f"Pemda {options['pemda']} tidak terdaftar.")
        actor = self._actor(pemda.pk, options["user"])
        path = Path(options["file"])
        batch = roster_import(actor=actor, pemda=pemda, source=path, file_name=path.name).batch
        self._report(batch, options["report"])
        if batch.status == ExchangeBatch.Status.REJECTED:
            raise CommandError(
                f"Berkas bermasalah ({batch.summary['invalid']} baris); tidak direkonsiliasi."
            )
        for category, label in CATEGORIES.items():
            self.stdout.write(f"{label}: {batch.summary['categories'].get(category, 0)}")

    def _report(self, batch: ExchangeBatch, out: str | None) -> None:
        if out:
            write_report(batch, Path(out))
            self.stdout.write(f"Laporan per baris: {out}")
