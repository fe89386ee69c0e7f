"""``kawal pemda add CODE --name NAME``: register a pemda this deployment serves."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kawal.accounts.management_services import SetupError, pemda_add
from kawal.regions.services import regions_ensure_loaded


class Command(BaseCommand):
    help = "Register a kabupaten/kota or province served by this deployment."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a pemda by its Kemendagri code")
        add.add_argument("code", help="e.g. 74.13 or 7413")
        add.add_argument("--name", required=True, help="e.g. 'Pemerintah Kabupaten Muna Barat'")
        add.add_argument("--dinas", default="", help="name of the Dinas that runs Kawal")

    def handle(self, *args: Any, **options: Any) -> None:
        regions_ensure_loaded()
        try:
            pemda = pemda_add(
                code=options["code"], name=options["name"], dinas_name=options["dinas"]
            )
        except SetupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Pemda {pemda.region_id} {pemda.name} siap.")
