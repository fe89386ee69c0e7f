"""``kawal user add USERNAME --role ROLE --pemda CODE [--region CODE]``: create a scoped user."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kawal.accounts.management_services import SetupError, user_add
from kawal.accounts.models import Role


class Command(BaseCommand):
    help = "Create a user with a role scoped to a pemda (and a desa or kecamatan)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="create a user")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--pemda", required=True, help="Kemendagri code of the pemda, e.g. 7413")
        add.add_argument(
            "--region", help="desa code for village operators, kecamatan for verifiers"
        )
        add.add_argument("--name", default="", help="full name")
        add.add_argument("--password-file", help="read the password from this file (else prompt)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["password_file"]:
            with open(options["password_file"], encoding="utf-8") as handle:
                password = handle.read().strip()
        else:
            password = getpass.getpass("Kata sandi: ")
        if len(password) < 8:
            raise CommandError("Kata sandi minimal 8 karakter.")
        try:
            user = user_add(
                username=options["username"],
                password=password,
                role=options["role"],
                pemda_code=options["pemda"],
                region_code=options["region"],
                full_name=options["name"],
            )
        except SetupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Pengguna {user.username} dibuat ({user.get_role_display()}).")
