"""The ``kawal`` console command: Django's management commands plus Kawal's own."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``kawal demo`` or ``kawal migrate``."""
    args = list(sys.argv if argv is None else ["kawal", *argv])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kawal.settings")
    if len(args) > 1 and args[1] == "demo":
        # The demo is a development run: debug on unless the operator said otherwise.
        os.environ.setdefault("KAWAL_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
