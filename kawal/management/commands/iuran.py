"""``kawal iuran``: quote a BPJS Ketenagakerjaan contribution per programme and payer.

A thin shell over :func:`kawal.domain.contributions.quote`; it needs no database. Bad input
prints one Indonesian line on stderr and exits with status 1.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kawal.domain.contributions import (
    FUNDING_SOURCES,
    PAYERS,
    ROUNDING_RULE,
    SECTORS,
    SEGMENTS,
    ContributionError,
    Quote,
    parse_programmes,
    quote,
)
from kawal.domain.rates import RateTableError, add_months, format_month, parse_month

_WHOLE = re.compile(r"^-?(\d+|\d{1,3}(\.\d{3})+)$")


def _whole_number(text: str | None, what: str) -> int | None:
    """``"3500000"`` or ``"3.500.000"`` → ``3500000``; Indonesian error otherwise."""
    if text is None:
        return None
    cleaned = text.strip().replace("_", "")
    if not _WHOLE.match(cleaned):
        raise ContributionError(f"{what} harus bilangan bulat, misalnya 3500000, bukan {text!r}.")
    return int(cleaned.replace(".", ""))


def _rp(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Quote a BPJS Ketenagakerjaan contribution per programme and payer (no database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--segment", help="pu (penerima upah) or bpu (bukan penerima upah)")
        parser.add_argument("--wage", help="PU: monthly upah (gaji pokok + tunjangan tetap)")
        parser.add_argument("--basis", help="BPU: monthly income (default: the lowest basis)")
        parser.add_argument("--risk", help="PU: JKK risk class of the employer/OPD, I..V")
        parser.add_argument("--programs", help="programmes, e.g. jkk,jkm,jht (default jkk,jkm)")
        parser.add_argument("--month", help="first contribution month YYYY-MM (default: this one)")
        parser.add_argument("--months", default="1", help="number of months (default 1)")
        parser.add_argument("--persons", default="1", help="number of participants (default 1)")
        parser.add_argument(
            "--funding",
            default="apbd_kabupaten",
            help=f"funding source: {', '.join(FUNDING_SOURCES)} (default apbd_kabupaten)",
        )
        parser.add_argument(
            "--sector",
            default="lainnya",
            help=f"BPU sector for PP 50/2025 discounts: {', '.join(SECTORS)} (default lainnya)",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = self._quote(options)
        except (ContributionError, RateTableError) as exc:
            self.stderr.write(f"Galat: {exc}")
            raise SystemExit(1) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            self._print(result)

    def _quote(self, options: dict[str, Any]) -> Quote:
        if not options["segment"]:
            raise ContributionError("Pilih segmen: --segment pu atau --segment bpu.")
        month = options["month"]
        risk = options["risk"]
        programmes = options["programs"]
        return quote(
            segment=options["segment"].strip().lower(),
            month=parse_month(month) if month else timezone.localdate().replace(day=1),
            funding=options["funding"].strip().lower(),
            wage=_whole_number(options["wage"], "Upah (--wage)"),
            income=_whole_number(options["basis"], "Penghasilan (--basis)"),
            risk_class=risk.strip().upper() if risk else None,
            programmes=parse_programmes(programmes) if programmes is not None else None,
            months=_whole_number(options["months"], "Jumlah bulan (--months)") or 0,
            persons=_whole_number(options["persons"], "Jumlah peserta (--persons)") or 0,
            sector=options["sector"].strip().lower(),
        )

    def _print(self, result: Quote) -> None:
        write = self.stdout.write
        last = add_months(result.first_month, result.months - 1)
        write(f"Iuran BPJS Ketenagakerjaan: {SEGMENTS[result.segment]} ({result.segment.upper()})")
        write(f"Periode      : {_period(result.first_month, last, result.months)}")
        write(f"Peserta      : {result.persons:,} orang".replace(",", "."))
        write(f"Sumber dana  : {result.funding.label}")
        if result.segment == "pu":
            write(f"Kelas risiko : {result.risk_class}")
        else:
            write(f"Sektor       : {SECTORS[result.sector]}")
        write("")
        write(f"{'Program':<8} {'Pembayar':<16} {'Per orang/bulan':>16} {'Jumlah':>20}")
        per_person = _per_person(result)
        for (programme, payer), amount in result.by_programme_and_payer().items():
            unit = per_person[(programme, payer)]
            write(f"{programme.upper():<8} {PAYERS[payer]:<16} {unit:>16} {_rp(amount):>20}")
        unit_total = set(result.per_person_by_month().values())
        total_unit = _rp(unit_total.pop()) if len(unit_total) == 1 else "bervariasi"
        write(f"{'Total':<8} {'':<16} {total_unit:>16} {_rp(result.total):>20}")
        write("")
        write("Per pembayar:")
        for payer, amount in result.by_payer().items():
            write(f"  {PAYERS[payer]:<16} {_rp(amount):>20}")
        if result.notes:
            write("")
            write("Catatan:")
            for note in result.notes:
                write(f"  - {note}")
        write(f"Pembulatan: {ROUNDING_RULE}")


def _period(first: date, last: date, months: int) -> str:
    if months == 1:
        return format_month(first)
    return f"{format_month(first)} s.d. {format_month(last)} ({months} bulan)"


def _per_person(result: Quote) -> dict[tuple[str, str], str]:
    """Per-person monthly amount per (programme, payer), or "bervariasi" when months differ."""
    seen: dict[tuple[str, str], set[int]] = {}
    for line in result.lines:
        seen.setdefault((line.programme, line.payer), set()).add(line.amount)
    return {key: _rp(next(iter(v))) if len(v) == 1 else "bervariasi" for key, v in seen.items()}
