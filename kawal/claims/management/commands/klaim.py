"""``kawal klaim``: claims from the command line.

``check`` answers, without writing anything, whether a person was covered on a date for a cause
and what a death would pay; ``report`` records the event like the page *Laporkan
kematian/kecelakaan* (a death also ends the memberships and promotes the reserve); ``list`` prints
the pemda's claims, or only the events without cover. People are named by their registry id,
never by NIK on the command line (shell histories keep it); output masks the NIK.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kawal.claims.coverage_check import coverage_on
from kawal.claims.models import Claim, ClaimCause, ClaimKind, ClaimStatus
from kawal.claims.selectors import ClaimFilters, claim_search, claim_totals
from kawal.claims.services import ClaimError, benefit_fields, claim_report
from kawal.domain.nik import mask_nik
from kawal.enrolment.errors import OutOfScope
from kawal.management.actors import dinas_admin
from kawal.regions.models import Pemda
from kawal.registry.models import Person


class Command(BaseCommand):
    help = "Claims: check cover on a date, report an event, list claims."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="covered on a date? (writes nothing)")
        report = sub.add_parser("report", help="record a death or work accident")
        for command in (check, report):
            command.add_argument("--person", type=int, required=True, help="registry person id")
            command.add_argument(
                "--date", type=date.fromisoformat, required=True, help="event date YYYY-MM-DD"
            )
            command.add_argument("--cause", choices=ClaimCause.values, default=ClaimCause.OTHER)
            command.add_argument("--json", action="store_true", help="print JSON")
        report.add_argument("--kind", choices=ClaimKind.values, default=ClaimKind.DEATH)
        report.add_argument("--place", default="", help="where it happened")
        listing = sub.add_parser("list", help="the pemda's claims")
        listing.add_argument("--pemda", required=True, help="pemda code, e.g. 7413")
        listing.add_argument("--status", choices=ClaimStatus.values, default="")
        listing.add_argument("--uncovered", action="store_true", help="only events without cover")
        listing.add_argument("--json", action="store_true", help="print JSON")
        for command in (check, report, listing):
            command.add_argument("--user", default=None, help="acting Dinas admin's username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (ClaimError, OutOfScope) as error:
            raise CommandError(str(error)) from error

    def _person(self, person_id: int) -> Person:
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"Orang dengan id {person_id} tidak ada di registri.")
        return person

    def _check(self, options: dict[str, Any]) -> None:
        person = self._person(options["person"])
        dinas_admin(person.pemda_id, options["user"])  # the reader must exist, like the page
        verdict = coverage_on(
            person_id=person.pk,
            event_date=options["date"],
            cause=options["cause"],
            today=timezone.localdate(),
        )
        total, breakdown = benefit_fields(
            ClaimKind.DEATH, verdict, options["date"], options["cause"]
        )
        result = {
            "person": person.pk,
            "nik": mask_nik(person.nik),
            "programme": verdict.programme,
            "covered": verdict.covered,
            "reasons": verdict.reason_dicts(),
            "death_benefit": total,
            "components": [
                {"label": c["label"], "amount": c["amount"]}
                for c in breakdown.get("components", [])
            ],
        }
        self._print(result, options["json"])

    def _report(self, options: dict[str, Any]) -> None:
        person = self._person(options["person"])
        actor = dinas_admin(person.pemda_id, options["user"])
        claim = claim_report(
            actor=actor,
            person_id=person.pk,
            kind=options["kind"],
            event_date=options["date"],
            cause=options["cause"],
            place=options["place"],
        )
        result = {
            "claim": claim.pk,
            "nik": mask_nik(person.nik),
            "programme": claim.programme,
            "covered": claim.covered,
            "reasons": claim.coverage_reason,
            "benefit_total": claim.benefit_total,
            "components": [
                {"label": c["label"], "amount": c["amount"]}
                for c in claim.benefit_breakdown.get("components", [])
            ],
            "deadline": claim.deadline.isoformat() if claim.deadline else None,
        }
        self._print(result, options["json"])

    def _print(self, result: dict[str, Any], as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        state = "Terlindungi" if result["covered"] else "Tidak terlindungi"
        self.stdout.write(f"{result['nik']}: {state} ({result['programme'].upper()})")
        for reason in result["reasons"]:
            self.stdout.write(f"  {reason['message']}")
        total = result.get("benefit_total", result.get("death_benefit", 0))
        label = "Manfaat" if result["covered"] else "Yang seharusnya diterima bila terlindungi"
        components = result["components"]
        if components:
            self.stdout.write(f"{label}:")
            for part in components:
                self.stdout.write(f"  {part['label']}: Rp {part['amount']:,}".replace(",", "."))
        if result["covered"]:
            self.stdout.write(f"Jumlah: Rp {total:,}".replace(",", "."))

    def _list(self, options: dict[str, Any]) -> None:
        pemda = Pemda.objects.filter(region_id=options["pemda"].replace(".", "")).first()
        if pemda is None:
            raise CommandError(f"Pemda {options['pemda']} tidak terdaftar.")
        actor = dinas_admin(pemda.pk, options["user"])
        claims = claim_search(
            actor,
            ClaimFilters(status=options["status"], covered="no" if options["uncovered"] else ""),
        )
        rows = [_row(c) for c in claims]
        totals = claim_totals(claims)
        if options["json"]:
            self.stdout.write(json.dumps({"claims": rows, "totals": totals}, indent=1))
            return
        for r in rows:
            cover = "terlindungi" if r["covered"] else "tanpa perlindungan"
            self.stdout.write(
                f"#{r['claim']} {r['event_date']} {r['kind']} {r['nik']} {r['name']} "
                f"({r['village']}): {r['status']}, {cover}, Rp {r['benefit_total']:,}".replace(
                    ",", "."
                )
            )
        self.stdout.write(
            f"{totals['n']} klaim; manfaat Rp {totals['benefit']:,}; dibayar "
            f"Rp {totals['paid']:,}".replace(",", ".")
        )


def _row(claim: Claim) -> dict[str, Any]:
    return {
        "claim": claim.pk,
        "event_date": claim.event_date.isoformat(),
        "kind": claim.kind,
        "nik": mask_nik(claim.person.nik),
        "name": claim.person.full_name,
        "village": claim.person.domicile_village.name if claim.person.domicile_village else "",
        "status": claim.status,
        "covered": claim.covered,
        "programme": claim.programme,
        "benefit_total": claim.benefit_total,
        "paid_amount": claim.paid_amount,
    }
