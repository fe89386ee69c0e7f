"""``kawal stats``: registry counts per pemda and segment."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kawal.reports.selectors import registry_stats


class Command(BaseCommand):
    help = "Print registry counts per pemda and segment (living people)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = registry_stats()
        totals: dict[str, int] = {}
        for row in rows:
            for segment, n in row["segments"].items():  # type: ignore[union-attr]
                totals[segment] = totals.get(segment, 0) + n
        if options["json"]:
            payload = {"segments": totals, "pemda": rows}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(f"{row['pemda_code']} {row['pemda']}: {row['persons']:,} orang")
            for segment, n in row["segments"].items():  # type: ignore[union-attr]
                self.stdout.write(f"  {segment:<16} {n:>8,}")
