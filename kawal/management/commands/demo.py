"""``kawal demo``: build the Muna Barat demo and serve it."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kawal.accounts.models import Role
from kawal.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from kawal.regions.models import Region


class Command(BaseCommand):
    help = "Create the database, load regions, build the Muna Barat demo registry, then serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="build the data only")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        result = seed_demo()
        if result.created_people:
            self.stdout.write(f"Data demo dibuat: {result.created_people:,} orang.")
        else:
            self.stdout.write(
                f"Data demo sudah ada ({result.existing_people:,} orang); tidak ada yang ditambah."
            )
        if options["no_serve"]:
            return
        url = f"http://{options['addr']}/"
        self.stdout.write(f"\nKawal berjalan di {url}")
        self.stdout.write(f"Login demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        regions = dict(
            Region.objects.filter(code__in=[d.region_code for d in DEMO_LOGINS]).values_list(
                "code", "name"
            )
        )
        for login in DEMO_LOGINS:
            where = f" — {regions[login.region_code]}" if login.region_code else ""
            self.stdout.write(f"  {login.username:<18} {Role(login.role).label}{where}")
        self.stdout.write("Tekan Ctrl+C untuk berhenti.\n")
        call_command("runserver", options["addr"], use_reloader=False)
