"""``kawal report``: the Inpres 2/2021 report, the award dossier and the coverage figures.

``kawal report inpres --pemda 7413 --semester 2026-1 --format pdf --out laporan.pdf``,
``kawal report dossier --pemda 7413 --out dossier.pdf`` and ``kawal report coverage --json``.
The figures are read as a user of the pemda sees them (``--user``; by default the pemda's first
active Dinas admin), and every file written is audited like a download from the page.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kawal.accounts.models import Role, User
from kawal.regions.models import Pemda
from kawal.reports.coverage import coverage_figures
from kawal.reports.dossier import award_dossier
from kawal.reports.dossier_export import dossier_pdf
from kawal.reports.inpres import SemesterError, Signer, inpres_report, parse_semester
from kawal.reports.inpres_export import inpres_pdf, inpres_xlsx
from kawal.reports.inpres_regulations import REPORT_ROLES, report_export_record


def _date(text: str | None, what: str) -> date:
    if not text:
        return timezone.localdate()
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar day
    except ValueError as exc:
        raise CommandError(f"{what} harus YYYY-MM-DD, bukan {text!r}.") from exc


class Command(BaseCommand):
    help = "Laporan Inpres 2/2021 (PDF/XLSX), dokumen Paritrana Award (PDF), angka cakupan."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        inpres = sub.add_parser("inpres", help="laporan semesteran Inpres 2/2021")
        inpres.add_argument("--semester", required=True, help="TAHUN-1 (Jan–Jun) atau TAHUN-2")
        inpres.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
        inpres.add_argument("--date", help="tanggal laporan YYYY-MM-DD (bawaan: hari ini)")
        inpres.add_argument("--notes", default="", help="permasalahan/catatan, satu per baris")
        inpres.add_argument("--signer", choices=("kepala_dinas", "bupati"), default="kepala_dinas")
        inpres.add_argument("--signer-name", dest="signer_name", default="")
        inpres.add_argument("--nip", default="", help="NIP penanda tangan (18 angka)")
        dossier = sub.add_parser("dossier", help="dokumen Paritrana Award (PDF)")
        dossier.add_argument(
            "--as-of", dest="as_of", help="keadaan per YYYY-MM-DD (bawaan: hari ini)"
        )
        for p in (inpres, dossier):
            p.add_argument("--pemda", required=True, help="kode wilayah pemda, mis. 7413")
            p.add_argument("--out", required=True, type=Path, help="berkas tujuan")
            p.add_argument("--user", help="pengguna (bawaan: Admin Dinas pertama pemda)")
        coverage = sub.add_parser("coverage", help="cakupan per segmen dan kecamatan")
        coverage.add_argument("--pemda", help="kode wilayah pemda (bawaan: satu-satunya pemda)")
        coverage.add_argument("--as-of", dest="as_of", help="tanggal YYYY-MM-DD (bawaan: hari ini)")
        coverage.add_argument("--user", help="pengguna (bawaan: Admin Dinas pertama pemda)")
        coverage.add_argument("--json", action="store_true", help="cetak satu objek JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    # --- who reads ------------------------------------------------------------------------

    def _pemda(self, code: str | None) -> Pemda:
        if code:
            pemda = Pemda.objects.filter(region_id=code.replace(".", "")).first()
            if pemda is None:
                raise CommandError(f"Pemda {code} tidak ada (lihat `kawal pemda add`).")
            return pemda
        pemdas = list(Pemda.objects.all()[:2])
        if len(pemdas) != 1:
            raise CommandError("Sebutkan --pemda (kode wilayah, mis. 7413).")
        return pemdas[0]

    def _user(self, pemda: Pemda, username: str | None, *, any_role: bool = False) -> User:
        """``--user`` (a report needs a Dinas admin or auditor; coverage takes any user's own
        scope), else the pemda's first active Dinas admin."""
        users = User.objects.filter(pemda=pemda, is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError("Pengguna tidak ada, tidak aktif, atau bukan dari pemda ini.")
            if not any_role and user.role not in REPORT_ROLES:
                raise CommandError("Laporan dibuat sebagai Admin Dinas atau Auditor.")
            return user
        user = users.filter(role=Role.DINAS_ADMIN).order_by("id").first()
        if user is None:
            raise CommandError("Pemda ini belum punya Admin Dinas; pakai --user.")
        return user

    # --- actions --------------------------------------------------------------------------

    def _inpres(self, options: dict[str, Any]) -> None:
        try:
            semester = parse_semester(options["semester"])
        except SemesterError as exc:
            raise CommandError(str(exc)) from exc
        nip = options["nip"].replace(" ", "")
        if nip and not (nip.isdigit() and len(nip) == 18):
            raise CommandError("NIP terdiri dari 18 angka.")
        user = self._user(self._pemda(options["pemda"]), options.get("user"))
        report = inpres_report(
            user,
            semester,
            reporting_date=_date(options.get("date"), "Tanggal laporan"),
            notes=options["notes"].replace("\\n", "\n"),
            signer=Signer(options["signer"], options["signer_name"].strip(), nip),
        )
        kind = options["format"]
        body = inpres_pdf(report) if kind == "pdf" else inpres_xlsx(report)
        self._write(options["out"], body)
        report_export_record(
            actor=user,
            document="inpres",
            kind=kind,
            details={
                "semester": semester.code,
                "allocated": report.allocated_total,
                "paid": report.paid_total,
                "claims_amount": report.claims_amount,
                "via": "cli",
            },
        )
        self.stdout.write(
            f"Laporan Inpres 2/2021 {semester.label} ({kind.upper()}) ditulis: {options['out']}"
        )

    def _dossier(self, options: dict[str, Any]) -> None:
        as_of = _date(options.get("as_of"), "Tanggal")
        user = self._user(self._pemda(options["pemda"]), options.get("user"))
        dossier = award_dossier(user, as_of=as_of)
        self._write(options["out"], dossier_pdf(dossier))
        report_export_record(
            actor=user,
            document="dossier",
            kind="pdf",
            details={"as_of": as_of.isoformat(), "via": "cli"},
        )
        self.stdout.write(f"Dokumen Paritrana Award per {as_of:%d-%m-%Y} ditulis: {options['out']}")

    def _coverage(self, options: dict[str, Any]) -> None:
        as_of = _date(options.get("as_of"), "Tanggal")
        user = self._user(self._pemda(options.get("pemda")), options.get("user"), any_role=True)
        figures = coverage_figures(user, as_of=as_of)
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_dict(), ensure_ascii=False))
            return
        lines = [
            f"Cakupan per {as_of:%d-%m-%Y} (aktif / potensi = persen)",
            f"{'Segmen':<32}{'Aktif':>10}{'Potensi':>10}{'%':>8}",
        ]
        for s in figures.segments:
            pct = s.cell.percent
            lines.append(
                f"{str(s.label)[:31]:<32}{s.cell.active:>10}{s.cell.potential:>10}"
                f"{'-' if pct is None else f'{pct:.1f}':>8}"
            )
        lines += ["", f"{'Kecamatan':<32}{'Aktif':>10}{'Potensi':>10}{'%':>8}"]
        for d in figures.districts:
            pct = d.total.percent
            lines.append(
                f"{d.name[:31]:<32}{d.total.active:>10}{d.total.potential:>10}"
                f"{'-' if pct is None else f'{pct:.1f}':>8}"
            )
        self.stdout.write("\n".join(lines))

    def _write(self, path: Path, body: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
        except OSError as exc:
            raise CommandError(f"Berkas {path} tidak dapat ditulis: {exc.strerror}.") from exc
