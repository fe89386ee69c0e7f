"""``kawal nik NIK``: check a NIK against the rules and the loaded region codes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from kawal.domain.nik import check_nik
from kawal.domain.regions import load_region_codes
from kawal.regions.models import Region
from kawal.regions.selectors import region_codes


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Tanggal lahir harus YYYY-MM-DD, bukan {text!r}") from exc


class Command(BaseCommand):
    help = "Check a NIK: structure, region codes, birth date and sex encoded in it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("nik")
        parser.add_argument("--birth-date", type=_iso_date, help="recorded birth date YYYY-MM-DD")
        parser.add_argument("--sex", choices=["L", "P"], help="recorded sex")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        result = check_nik(
            options["nik"],
            codes=self._codes(),
            birth_date=options["birth_date"],
            sex=options["sex"],
            today=timezone.localdate(),
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            self.stdout.write("SAH" if result.valid else "TIDAK SAH")
            for item in result.errors:
                self.stdout.write(f"  galat    {item.code}: {item.message_id}")
            for item in result.warnings:
                self.stdout.write(f"  peringatan {item.code}: {item.message_id}")
            if result.birth_date:
                self.stdout.write(
                    f"  lahir {result.birth_date.isoformat()}, jenis kelamin {result.sex}"
                )
        if not result.valid:
            raise SystemExit(1)

    def _codes(self) -> Any:
        """Codes from the database when it has regions; the shipped table otherwise."""
        try:
            if Region.objects.exists():
                return region_codes()
        except DatabaseError:
            pass  # no database yet: the shipped table is the same list
        return load_region_codes()
