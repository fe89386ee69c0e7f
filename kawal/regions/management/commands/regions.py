"""``kawal regions load FILE``: load a newer official Kemendagri region list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kawal.pipelines.regions_file import RegionFileError
from kawal.regions.services import SHIPPED_FILE, regions_load


class Command(BaseCommand):
    help = "Manage the Kemendagri region tree."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a region list (CSV) into the database")
        load.add_argument("file", nargs="?", type=Path, default=SHIPPED_FILE)
        load.add_argument(
            "--retire-missing",
            metavar="YYYY-MM-DD",
            type=date.fromisoformat,
            help="mark codes the file no longer lists (in the provinces and levels it covers) "
            "as retired on this date",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = regions_load(
                path=options["file"], retire_missing_from=options.get("retire_missing")
            )
        except RegionFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wilayah dimuat: {result.created:,} baru, {result.updated:,} diperbarui, "
            f"{result.retired:,} dipensiunkan."
        )
