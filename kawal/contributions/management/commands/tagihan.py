"""``kawal tagihan``: coverage months and bills of a cohort, and reconciliation of an invoice."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kawal.accounts.models import User
from kawal.contributions.budget_cli import add_budget_parser, budget_export
from kawal.contributions.coverage import CoverageError, coverage_generate
from kawal.contributions.reconcile import TEMPLATES, InvoiceError, reconciliation_run
from kawal.contributions.selectors import arrears
from kawal.domain.contributions import ContributionError
from kawal.enrolment.models import Cohort
from kawal.pipelines.intake.read import IntakeFileError


def _month(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 - a calendar month
    except ValueError as exc:
        raise CommandError(f"Bulan harus YYYY-MM, bukan {text!r}.") from exc


class Command(BaseCommand):
    help = "Bulan-kepesertaan, tagihan dan pencocokan tagihan BPJS per kohort."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="buat bulan-kepesertaan dan tagihan kohort")
        gen.add_argument("--cohort", type=int, required=True, help="id kohort")
        gen.add_argument("--from", dest="first", required=True, help="bulan awal YYYY-MM")
        gen.add_argument("--to", dest="last", required=True, help="bulan akhir YYYY-MM")
        rec = sub.add_parser("reconcile", help="cocokkan berkas tagihan BPJS (CSV/XLSX)")
        rec.add_argument("file", type=Path)
        rec.add_argument("--cohort", type=int, required=True, help="id kohort")
        rec.add_argument("--template", default="bpjs_default", choices=sorted(TEMPLATES))
        arr = sub.add_parser("arrears", help="peserta menunggak 2 bulan / 3 bulan atau lebih")
        arr.add_argument("--cohort", type=int, required=True, help="id kohort")
        arr.add_argument("--as-of", dest="as_of", required=True, help="bulan YYYY-MM")
        for p in (gen, rec, arr):
            p.add_argument("--user", help="pengguna yang tercatat di log audit")
            p.add_argument("--json", action="store_true", help="cetak satu objek JSON")
        add_budget_parser(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "budget":
            payload = budget_export(options)
        else:
            payload = self._cohort_action(options)
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, default=str))
        else:
            for key, value in payload.items():
                self.stdout.write(f"{key:<22}: {value}")

    def _cohort_action(self, options: dict[str, Any]) -> dict:
        cohort = Cohort.objects.filter(pk=options["cohort"]).first()
        if cohort is None:
            raise CommandError(f"Kohort {options['cohort']} tidak ada.")
        actor = None
        if options.get("user"):
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None or actor.pemda_id != cohort.pemda_id:
                raise CommandError("Pengguna tidak ada atau bukan dari pemda kohort ini.")
        return getattr(self, f"_{options['action']}")(cohort, actor, options)

    def _generate(self, cohort: Cohort, actor: User | None, options: dict[str, Any]) -> dict:
        try:
            result = coverage_generate(
                actor=actor,
                cohort=cohort,
                first=_month(options["first"]),
                last=_month(options["last"]),
            )
        except (CoverageError, ContributionError) as exc:
            raise CommandError(str(exc)) from exc
        return {
            "kohort": cohort.pk,
            "bulan": f"{result.months[0]:%Y-%m}..{result.months[-1]:%Y-%m}",
            "bulan_kepesertaan": result.inserted,
            "bentrok": result.conflicts,
            "tagihan_baru": result.bills,
            "belum_ditagih": result.planned_in_billed_months,
        }

    def _reconcile(self, cohort: Cohort, actor: User | None, options: dict[str, Any]) -> dict:
        path: Path = options["file"]
        try:
            rec = reconciliation_run(
                actor=actor,
                cohort=cohort,
                path=path,
                file_name=path.name,
                template=options["template"],
            )
        except (InvoiceError, IntakeFileError) as exc:
            raise CommandError(str(exc)) from exc
        return {
            "pencocokan": rec.pk,
            "baris_tagihan": rec.invoice_lines,
            "ditagih": rec.invoice_total,
            "seharusnya": rec.expected_total,
            "cocok": rec.matched,
            "selisih": rec.counts,
        }

    def _arrears(self, cohort: Cohort, actor: User | None, options: dict[str, Any]) -> dict:
        result = arrears(cohort, _month(options["as_of"]))
        return {
            "per_bulan": f"{result.as_of:%Y-%m}",
            "menunggak_2_bulan": len(result.warn),
            "non_aktif_3_bulan": len(result.lapse),
        }
