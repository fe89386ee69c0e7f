"""``kawal enrolment``: eligibility re-checks and death extracts from the command line.

``recheck`` evaluates a cohort's live memberships again (after a quarterly DTSEN/DTKS refresh)
and lists who changed; ``deaths`` previews (and with ``--apply`` applies) a death extract from
Dukcapil or a village list: dates of death recorded, memberships ended, reserves promoted. Both
run as a Dinas admin of the pemda (``--user``, default: the first active one) and are audited
like the pages. Names are printed, never NIKs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kawal.accounts.models import User
from kawal.enrolment.errors import EnrolmentError, OutOfScope
from kawal.enrolment.models import Cohort
from kawal.enrolment.recheck import cohort_recheck
from kawal.insurer.deaths import deaths_apply, deaths_preview
from kawal.insurer.models import ExchangeBatch
from kawal.insurer.reports import write_report
from kawal.insurer.services import InsurerError
from kawal.management.actors import dinas_admin
from kawal.pipelines.deaths import DEATH_OUTCOMES
from kawal.pipelines.insurer import problem_text
from kawal.regions.models import Pemda
from kawal.registry.models import Person

SHOWN = 50


class Command(BaseCommand):
    help = "Enrolment upkeep: re-check eligibility, apply death extracts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        recheck = sub.add_parser("recheck", help="re-check a cohort's eligibility")
        recheck.add_argument("--cohort", type=int, required=True, help="cohort id")
        recheck.add_argument(
            "--on", type=date.fromisoformat, default=None, help="evaluation date (YYYY-MM-DD)"
        )
        deaths = sub.add_parser("deaths", help="preview or apply a death extract")
        deaths.add_argument("file", help="the extract (.xlsx or .csv): NIK, tanggal meninggal")
        deaths.add_argument("--pemda", required=True, help="pemda code, e.g. 7413")
        deaths.add_argument("--apply", action="store_true", help="apply it (default: preview)")
        deaths.add_argument("--report", default=None, help="write the per-row report here")
        for command in (recheck, deaths):
            command.add_argument("--user", default=None, help="acting Dinas admin's username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except InsurerError as error:
            raise CommandError(error.message) from error
        except (EnrolmentError, OutOfScope) as error:
            raise CommandError(str(error)) from error

    def _actor(self, pemda_id: int, username: str | None) -> User:
        return dinas_admin(pemda_id, username)

    def _recheck(self, options: dict[str, Any]) -> None:
        cohort = Cohort.objects.filter(pk=options["cohort"]).first()
        if cohort is None:
            raise CommandError(f"Kohort {options['cohort']} tidak ditemukan.")
        actor = self._actor(cohort.pemda_id, options["user"])
        result = cohort_recheck(actor=actor, cohort_id=cohort.pk, on=options["on"])
        self.stdout.write(
            f"{cohort.name}: {result.checked} diperiksa, {len(result.now_ineligible)} kini "
            f"tidak layak, {len(result.now_eligible)} kini layak."
        )
        for title, ids in (
            ("Kini tidak layak", result.now_ineligible),
            ("Kini layak", result.now_eligible),
        ):
            if ids:
                self.stdout.write(f"{title}:")
                self._names(ids)

    def _names(self, person_ids: list[int]) -> None:
        people = Person.objects.filter(pk__in=person_ids[:SHOWN]).values_list(
            "full_name", "domicile_village__name"
        )
        for name, village in people.order_by("domicile_village__name", "full_name"):
            self.stdout.write(f"  {name} ({village or '—'})")
        if len(person_ids) > SHOWN:
            more = len(person_ids) - SHOWN
            self.stdout.write(f"  … dan {more} orang lagi (lihat halaman kohort)")

    def _deaths(self, options: dict[str, Any]) -> None:
        code = options["pemda"].replace(".", "")
        pemda = Pemda.objects.filter(region_id=code).first()
        if pemda is None:
            raise CommandError(f"Pemda {options['pemda']} tidak terdaftar.")
        actor = self._actor(pemda.pk, options["user"])
        path = Path(options["file"])
        received = deaths_preview(actor=actor, pemda=pemda, source=path, file_name=path.name)
        batch = received.batch
        if not received.created:
            self.stdout.write(
                f"Berkas yang sama sudah diterima sebagai batch #{batch.pk} "
                f"({batch.get_status_display()})."
            )
        if options["report"]:
            write_report(batch, Path(options["report"]))
            self.stdout.write(f"Laporan per baris: {options['report']}")
        summary = batch.summary
        if batch.status == ExchangeBatch.Status.REJECTED:
            for problem, count in summary["problems"].items():
                self.stderr.write(f"  {problem_text(problem)}: {count} baris")
            raise CommandError(
                f"Berkas bermasalah ({summary['invalid']} baris); tidak ada yang diubah."
            )
        self.stdout.write(f"Batch #{batch.pk}:")
        for outcome, label in DEATH_OUTCOMES.items():
            self.stdout.write(f"  {label}: {summary['outcomes'].get(outcome, 0)}")
        if batch.status == ExchangeBatch.Status.PREVIEW:
            self.stdout.write(f"  Kepesertaan yang akan berakhir: {summary['memberships_to_end']}")
        if options["apply"] and batch.status == ExchangeBatch.Status.PREVIEW:
            batch = deaths_apply(actor=actor, batch=batch)
            self.stdout.write(
                f"Diterapkan: {batch.summary['recorded']} orang dicatat meninggal, "
                f"{batch.summary['ended']} kepesertaan berakhir."
            )
