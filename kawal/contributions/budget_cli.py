"""``kawal tagihan budget``: write the budget proposal (RKA-style) of a fiscal year to a file.

It runs as a user of the pemda who may export it (Dinas admin or finance): ``--user NAME``, or
with ``--pemda CODE`` the first active Dinas admin of that pemda. The export is audited like a
download from the budget page.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from kawal.accounts.models import Role, User
from kawal.contributions import selectors
from kawal.contributions.models import BudgetStage
from kawal.contributions.proposal import budget_proposal
from kawal.contributions.proposal_export import proposal_pdf, proposal_xlsx
from kawal.contributions.services import budget_proposal_export_record
from kawal.regions.models import Pemda


def add_budget_parser(sub: argparse._SubParsersAction) -> None:
    budget = sub.add_parser("budget", help="usulan anggaran (RKA) tahun anggaran, XLSX atau PDF")
    budget.add_argument("--year", type=int, required=True, help="tahun anggaran, mis. 2024")
    budget.add_argument("--format", dest="kind", choices=("xlsx", "pdf"), required=True)
    budget.add_argument("--out", type=Path, required=True, help="berkas yang ditulis")
    budget.add_argument("--stage", choices=BudgetStage.values, default=BudgetStage.MURNI)
    budget.add_argument("--user", help="Admin Dinas/Keuangan yang mengekspor (log audit)")
    budget.add_argument("--pemda", help="kode pemda, mis. 7413 (tanpa --user: Admin Dinas aktif)")
    budget.add_argument("--json", action="store_true", help="cetak satu objek JSON")


def _actor(options: dict[str, Any]) -> User:
    if options.get("user"):
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"Pengguna {options['user']!r} tidak ada atau tidak aktif.")
        if options.get("pemda") and actor.pemda_id != _pemda_id(options["pemda"]):
            raise CommandError("Pengguna bukan dari pemda ini.")
    elif options.get("pemda"):
        actor = (
            User.objects.filter(
                pemda_id=_pemda_id(options["pemda"]), role=Role.DINAS_ADMIN, is_active=True
            )
            .order_by("id")
            .first()
        )
        if actor is None:
            raise CommandError("Tidak ada Admin Dinas aktif untuk pemda ini (lihat --user).")
    else:
        raise CommandError("Sebutkan --user atau --pemda.")
    if not selectors.can_write(actor):
        raise CommandError("Hanya Admin Dinas dan Keuangan yang mengekspor usulan anggaran.")
    return actor


def _pemda_id(code: str) -> int:
    pemda = Pemda.objects.filter(region_id=code.replace(".", "")).first()
    if pemda is None:
        raise CommandError(f"Pemda {code} tidak ada.")
    return pemda.pk


def budget_export(options: dict[str, Any]) -> dict[str, Any]:
    """Write the file; return what the command prints."""
    year = options["year"]
    if not 2015 <= year <= 2100:
        raise CommandError(f"Tahun anggaran harus 2015–2100, bukan {year}.")
    actor = _actor(options)
    proposal = budget_proposal(actor, year, stage=options["stage"])
    kind = options["kind"]
    body = proposal_pdf(proposal) if kind == "pdf" else proposal_xlsx(proposal)
    out: Path = options["out"]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(body)
    except OSError as exc:
        raise CommandError(f"Berkas {out} tidak dapat ditulis: {exc.strerror}.") from exc
    budget_proposal_export_record(
        actor=actor,
        fiscal_year=year,
        stage=options["stage"],
        kind=kind,
        total=proposal.total,
        rows=len(proposal.rows),
    )
    return {
        "tahun_anggaran": year,
        "tahapan": options["stage"],
        "baris": len(proposal.rows),
        "per_sumber_dana": {s.funding_source: s.amount for s in proposal.sections()},
        "jumlah": proposal.total,
        "terbilang": proposal.total_words,
        "catatan": list(proposal.problems),
        "berkas": str(out),
    }
