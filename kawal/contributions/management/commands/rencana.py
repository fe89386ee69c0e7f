"""``kawal rencana``: the budget planner — with Rp X for N months, who can a cohort cover?"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kawal.accounts.models import Role, User
from kawal.contributions.planning import (
    CohortPlan,
    PlanInput,
    SavedPlan,
    period_months,
    plan_compute,
    plan_save,
)
from kawal.domain.planner import DEFAULT_PRIORITY, PlanError, parse_priority
from kawal.enrolment.errors import EnrolmentError, OutOfScope
from kawal.enrolment.models import Cohort


def _rupiah(text: str) -> int:
    digits = re.sub(r"[.\s]", "", text.strip())
    if not digits.isdigit():
        raise CommandError(
            f"Pagu harus angka rupiah utuh (misalnya 2.101.478.400), bukan {text!r}."
        )
    return int(digits)


def _rp(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Perencanaan anggaran: siapa yang bisa dilindungi dengan pagu sekian selama N bulan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cohort", type=int, required=True, help="id kohort tujuan")
        parser.add_argument("--budget", required=True, help="pagu dalam rupiah")
        parser.add_argument("--months", type=int, help="jumlah bulan (bawaan: periode kohort)")
        parser.add_argument(
            "--priority",
            default=",".join(DEFAULT_PRIORITY),
            help="urutan prioritas: desil, occupation_risk, village_share",
        )
        parser.add_argument("--save", action="store_true", help="buat usulan peserta rencana ini")
        parser.add_argument(
            "--set-quota", action="store_true", help="dengan --save: jadikan kuota kohort"
        )
        parser.add_argument("--user", help="pengguna (bawaan: Admin Dinas pertama pemda kohort)")
        parser.add_argument("--json", action="store_true", help="cetak satu objek JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = Cohort.objects.filter(pk=options["cohort"]).first()
        if cohort is None:
            raise CommandError(f"Kohort {options['cohort']} tidak ada.")
        actor = self._actor(cohort, options.get("user"))
        try:
            inputs = PlanInput(
                cohort_id=cohort.pk,
                budget=_rupiah(options["budget"]),
                months=options["months"] or period_months(cohort),
                priority=parse_priority(options["priority"]),
            )
            result = plan_compute(actor, inputs)
            saved = None
            if options["save"]:
                saved = plan_save(
                    actor=actor,
                    inputs=inputs,
                    fingerprint_shown=result.fingerprint,
                    set_quota=options["set_quota"],
                )
        except (PlanError, EnrolmentError, OutOfScope) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        payload = _payload(result, saved)
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self._print(result, saved)

    def _actor(self, cohort: Cohort, username: str | None) -> User:
        users = User.objects.filter(pemda_id=cohort.pemda_id, is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None:
                raise CommandError("Pengguna tidak ada, tidak aktif, atau bukan dari pemda kohort.")
            return actor
        actor = users.filter(role=Role.DINAS_ADMIN).order_by("id").first()
        if actor is None:
            raise CommandError("Pemda kohort ini belum punya Admin Dinas; pakai --user.")
        return actor

    def _print(self, result: CohortPlan, saved: SavedPlan | None) -> None:
        p = result.plan
        lines = [
            f"Kohort       : {result.cohort.name}",
            f"Pagu         : {_rp(p.budget)} untuk {p.months} bulan "
            f"({result.first_month:%Y-%m} dst.)",
            f"Iuran        : {_rp(p.unit_cost)} per orang per bulan",
            f"Prioritas    : {', '.join(p.priority)}",
            f"Calon layak  : {p.candidates:,}".replace(",", "."),
            f"Terpilih     : {len(p.selected):,} orang".replace(",", "."),
            f"Biaya        : {_rp(p.total_cost)}",
            f"Sisa pagu    : {_rp(p.left)}",
            f"Cadangan     : {len(p.reserve):,} orang".replace(",", "."),
            "",
            f"{'Kecamatan':<24}{'Terpilih':>10}{'Biaya':>22}{'Cadangan':>10}",
        ]
        lines += [
            f"{d.name[:23]:<24}{d.persons:>10}{_rp(d.cost):>22}{d.reserve:>10}" for d in p.districts
        ]
        lines += [f"Catatan: {note}" for note in result.notes]
        if saved is not None:
            lines.append(
                f"Disimpan     : {saved.proposed} diusulkan, {saved.reserved} cadangan, "
                f"kuota {saved.quota_before} → {saved.quota_after}"
            )
        self.stdout.write("\n".join(lines))


def _payload(result: CohortPlan, saved: SavedPlan | None) -> dict[str, Any]:
    p = result.plan
    return {
        "cohort": result.cohort.pk,
        "budget": p.budget,
        "months": p.months,
        "first_month": f"{result.first_month:%Y-%m}",
        "unit_cost": p.unit_cost,
        "priority": list(p.priority),
        "candidates": p.candidates,
        "selected": len(p.selected),
        "cost": p.total_cost,
        "left": p.left,
        "reserve": len(p.reserve),
        "districts": [
            {
                "code": d.code,
                "name": d.name,
                "persons": d.persons,
                "cost": d.cost,
                "reserve": d.reserve,
            }
            for d in p.districts
        ],
        "notes": list(result.notes),
        "saved": None
        if saved is None
        else {
            "proposed": saved.proposed,
            "reserve": saved.reserved,
            "quota_before": saved.quota_before,
            "quota_after": saved.quota_after,
        },
    }
