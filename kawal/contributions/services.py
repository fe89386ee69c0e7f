"""Writes of the contributions app besides coverage (``coverage.py``) and reconciliation.

Payments mark a bill's coverage months paid (one ``UPDATE``); budget lines are added per fiscal
year, stage and account code. Every write is atomic and audited.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Sum

from kawal.accounts.models import User
from kawal.accounts.services import audit_record
from kawal.contributions.models import Bill, BudgetLine, Payment
from kawal.contributions.reconcile import upload_dir
from kawal.domain.contributions import FUNDING_SOURCES

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")

#: Account codes by (cohort segment, programme) — domain-rules §5.2. Pekerja rentan, aparatur desa
#: and ad hoc workers have no dedicated account: the cohort's ``budget_account`` decides.
DEFAULT_ACCOUNT_CODES: dict[tuple[str, str], str] = {
    ("non_asn", "jkk"): "5.1.02.02.02.0006",
    ("non_asn", "jkm"): "5.1.02.02.02.0007",
    ("non_asn", "jht"): "5.1.02.02.02.0010",
}


class PaymentError(ValueError):
    """A payment that cannot be recorded; Indonesian message."""


@dataclass(frozen=True)
class PaymentResult:
    payment: Payment
    paid_total: int
    months_marked_paid: int


def account_code_for(segment: str, programme: str, cohort_account: str = "") -> str:
    """The cohort's own account code first, then the non-ASN default; empty when unknown."""
    return cohort_account or DEFAULT_ACCOUNT_CODES.get((segment, programme), "")


def _store_document(bill: Bill, document: UploadedFile) -> tuple[str, str]:
    name = Path(document.name or "dokumen").name
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise PaymentError("Dokumen pembayaran harus PDF, JPG atau PNG.")
    if document.size is not None and document.size > MAX_DOCUMENT_BYTES:
        raise PaymentError("Dokumen pembayaran paling besar 20 MB.")
    content = b"".join(document.chunks())
    digest = hashlib.sha256(content).hexdigest()
    folder = upload_dir() / "payments" / str(bill.pk)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{digest[:16]}{suffix}"
    target.write_bytes(content)
    target.chmod(0o600)
    safe = re.sub(r"[^\w. -]", "_", name)[:200]
    return str(target.relative_to(upload_dir())), safe


def payment_record(
    *,
    actor: User | None,
    bill: Bill,
    paid_on: date,
    amount: int,
    reference: str,
    document: UploadedFile | None = None,
) -> PaymentResult:
    """Record a payment; once payments reach the bill's total its coverage months are paid."""
    if amount <= 0:
        raise PaymentError("Jumlah pembayaran harus lebih dari nol.")
    if not reference.strip():
        raise PaymentError("Nomor referensi (SP2D/bukti transfer) wajib diisi.")
    stored, stored_name = ("", "")
    if document is not None:
        stored, stored_name = _store_document(bill, document)
    with transaction.atomic():
        bill = Bill.objects.select_for_update().get(pk=bill.pk)
        payment = Payment.objects.create(
            bill=bill,
            paid_on=paid_on,
            amount=amount,
            reference=reference.strip()[:100],
            document=stored,
            document_name=stored_name,
            recorded_by=actor,
        )
        paid = int(bill.payments.aggregate(total=Sum("amount"))["total"] or 0)
        marked = _mark_paid(bill) if paid >= bill.total else 0
        audit_record(
            actor=actor,
            action="contributions.payment_record",
            object_type="contributions.bill",
            object_id=bill.pk,
            pemda_id=bill.pemda_id,
            changes={
                "payment": [
                    None,
                    {
                        "paid_on": paid_on.isoformat(),
                        "amount": amount,
                        "reference": payment.reference,
                    },
                ],
                "paid_total": [paid - amount, paid],
                "months_marked_paid": [None, marked],
            },
        )
    return PaymentResult(payment, paid, marked)


def _mark_paid(bill: Bill) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE contributions_coveragemonth SET status = 'paid' "
            "WHERE cohort_id = %s AND month = %s AND status = 'billed' AND bill_line_id IN "
            "(SELECT id FROM contributions_billline WHERE bill_id = %s)",
            [bill.cohort_id, bill.month, bill.pk],
        )
        return max(cursor.rowcount, 0)


def budget_line_add(
    *,
    actor: User,
    fiscal_year: int,
    stage: str,
    account_code: str,
    funding_source: str,
    amount: int,
    account_name: str = "",
    programme: str = "",
    cohort_id: int | None = None,
) -> BudgetLine:
    """Add one APBD line of the actor's pemda (audited)."""
    if funding_source not in FUNDING_SOURCES:
        raise PaymentError(f"Sumber dana {funding_source!r} tidak dikenal.")
    with transaction.atomic():
        line = BudgetLine.objects.create(
            pemda_id=actor.pemda_id,
            fiscal_year=fiscal_year,
            stage=stage,
            account_code=account_code.strip(),
            account_name=account_name.strip(),
            programme=programme,
            funding_source=funding_source,
            cohort_id=cohort_id,
            amount=amount,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="contributions.budget_line_add",
            object_type="contributions.budgetline",
            object_id=line.pk,
            pemda_id=actor.pemda_id,
            changes={
                "line": [
                    None,
                    {
                        "year": fiscal_year,
                        "stage": stage,
                        "account": line.account_code,
                        "funding": funding_source,
                        "amount": amount,
                    },
                ],
            },
        )
    return line


def budget_proposal_export_record(
    *, actor: User, fiscal_year: int, stage: str, kind: str, total: int, rows: int
) -> None:
    """Audit a download of the budget proposal (web page or ``kawal tagihan budget``)."""
    audit_record(
        actor=actor,
        action=f"contributions.budget_proposal_export_{kind}",
        object_type="contributions.budget_proposal",
        object_id=fiscal_year,
        pemda_id=actor.pemda_id,
        changes={"export": [None, {"stage": stage, "rows": rows, "total": total}]},
    )
