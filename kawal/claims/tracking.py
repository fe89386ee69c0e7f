"""Claim tracking: documents of the checklist, heirs, and the status transitions.

reported → documents_complete (automatically, when the last required document is uploaded) →
submitted (to BPJS, with the date) → paid (amount, date, BPJS reference) or rejected (reason).
Each transition is atomic and audited (``claim.<status>``); roles are those of
:mod:`kawal.claims.services`, and who reported a claim never records its decision.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import User
from kawal.accounts.services import audit_record
from kawal.claims.checklist import required_documents
from kawal.claims.coverage_check import CoverageVerdict
from kawal.claims.models import Claim, ClaimDocument, ClaimHeir, ClaimKind, ClaimStatus
from kawal.claims.services import (
    ASSIGN_ROLES,
    DECIDE_ROLES,
    HANDLER_ROLES,
    REPORT_ROLES,
    SUBMIT_ROLES,
    ClaimError,
    HeirInput,
    benefit_fields,
    claim_for,
    heir_rows,
    require_role,
)
from kawal.contributions.reconcile import upload_dir

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
ST = ClaimStatus


def _store(claim: Claim, document: UploadedFile) -> tuple[str, str]:
    name = Path(document.name or "dokumen").name
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise ClaimError(_("Dokumen klaim harus PDF, JPG atau PNG."), field="file")
    if document.size is not None and document.size > MAX_DOCUMENT_BYTES:
        raise ClaimError(_("Dokumen klaim paling besar 20 MB."), field="file")
    content = b"".join(document.chunks())
    digest = hashlib.sha256(content).hexdigest()
    folder = upload_dir() / "claims" / str(claim.pk)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{digest[:16]}{suffix}"
    target.write_bytes(content)
    target.chmod(0o600)
    return str(target.relative_to(upload_dir())), re.sub(r"[^\w. -]", "_", name)[:200]


def missing_documents(claim: Claim) -> list[str]:
    have = set(claim.documents.values_list("kind", flat=True))
    return [code for code in required_documents(claim.kind, claim.programme) if code not in have]


def _transition(
    actor: User | None, claim: Claim, new: str, changes: dict[str, Any], reason: str = ""
) -> None:
    old = claim.status
    claim.status = new
    claim.version = F("version") + 1
    claim.save()
    claim.refresh_from_db(fields=["version"])
    audit_record(
        actor=actor,
        action=f"claim.{new}",
        object_type="claims.claim",
        object_id=claim.pk,
        pemda_id=claim.pemda_id,
        changes={"status": [old, new]} | changes,
        reason=reason,
    )


def claim_document_add(
    *, actor: User, claim_id: int, kind: str, document: UploadedFile
) -> ClaimDocument:
    """Store one document of the checklist; the last missing one makes the claim complete."""
    require_role(
        actor, REPORT_ROLES | SUBMIT_ROLES, _("Peran Anda tidak boleh mengunggah dokumen.")
    )
    claim = claim_for(actor, claim_id)
    if kind not in required_documents(claim.kind, claim.programme):
        raise ClaimError(_("Jenis dokumen ini tidak ada di daftar periksa klaim."), field="kind")
    if claim.status in (ST.PAID, ST.REJECTED):
        raise ClaimError(_("Klaim sudah selesai; dokumen tidak dapat ditambah."))
    stored, name = _store(claim, document)
    with transaction.atomic():
        claim = claim_for(actor, claim_id, lock=True)
        doc = ClaimDocument.objects.create(
            claim=claim, kind=kind, file=stored, file_name=name, uploaded_by=actor
        )
        audit_record(
            actor=actor,
            action="claim.document_add",
            object_type="claims.claim",
            object_id=claim.pk,
            pemda_id=claim.pemda_id,
            changes={"document": [None, {"kind": kind, "name": name}]},
        )
        if claim.status == ST.REPORTED and not missing_documents(claim):
            _transition(actor, claim, ST.DOCUMENTS_COMPLETE, {})
    return doc


def claim_heirs_set(*, actor: User, claim_id: int, heirs: Sequence[HeirInput]) -> Claim:
    """Replace the declared heirs; recompute who receives and the scholarship."""
    require_role(actor, REPORT_ROLES, _("Peran Anda tidak boleh mengubah ahli waris."))
    with transaction.atomic():
        claim = claim_for(actor, claim_id, lock=True)
        if claim.kind != ClaimKind.DEATH:
            raise ClaimError(_("Ahli waris hanya untuk klaim kematian."))
        if claim.status in (ST.PAID, ST.REJECTED):
            raise ClaimError(_("Klaim sudah selesai; ahli waris tidak dapat diubah."))
        before = list(claim.heirs.values_list("relation", flat=True))
        claim.heirs.all().delete()
        rows = heir_rows(claim, heirs)
        ClaimHeir.objects.bulk_create(rows)
        if claim.covered and claim.membership_id:
            verdict = CoverageVerdict(
                programme=claim.programme, covered=True, membership=claim.membership
            )
            claim.benefit_total, claim.benefit_breakdown = benefit_fields(
                claim.kind, verdict, claim.event_date, claim.cause, rows
            )
            claim.save(update_fields=["benefit_total", "benefit_breakdown"])
        audit_record(
            actor=actor,
            action="claim.heirs_set",
            object_type="claims.claim",
            object_id=claim.pk,
            pemda_id=claim.pemda_id,
            changes={"heirs": [before, [h.relation for h in rows]]},
        )
    return claim


# --- status transitions --------------------------------------------------------------------


def claim_submit(*, actor: User, claim_id: int, submitted_on: date) -> Claim:
    """documents_complete → submitted (to BPJS Ketenagakerjaan, on ``submitted_on``)."""
    require_role(
        actor, SUBMIT_ROLES, _("Hanya Admin Dinas atau penghubung BPJS yang mengajukan klaim.")
    )
    with transaction.atomic():
        claim = claim_for(actor, claim_id, lock=True)
        if not claim.covered:
            raise ClaimError(_("Peristiwa ini tidak terlindungi; klaim tidak dapat diajukan."))
        if claim.status != ST.DOCUMENTS_COMPLETE:
            raise ClaimError(_("Klaim hanya dapat diajukan setelah dokumennya lengkap."))
        if submitted_on < claim.event_date or submitted_on > timezone.localdate():
            raise ClaimError(_("Tanggal pengajuan tidak masuk akal."), field="submitted_on")
        claim.submitted_on = submitted_on
        _transition(actor, claim, ST.SUBMITTED, {"submitted_on": [None, submitted_on.isoformat()]})
    return claim


def _decider(actor: User, claim: Claim) -> None:
    if claim.reported_by_id is not None and claim.reported_by_id == actor.pk:
        raise ClaimError(
            _("Pelapor klaim tidak boleh mencatat keputusan klaim yang sama (pembuat-pemeriksa).")
        )


def claim_pay(*, actor: User, claim_id: int, amount: int, paid_on: date, reference: str) -> Claim:
    """submitted → paid, with the amount, date and BPJS reference."""
    require_role(
        actor, DECIDE_ROLES, _("Hanya Admin Dinas atau penghubung BPJS yang mencatat pembayaran.")
    )
    if amount <= 0:
        raise ClaimError(_("Jumlah dibayar harus lebih dari nol."), field="amount")
    if not reference.strip():
        raise ClaimError(_("Nomor referensi BPJS wajib diisi."), field="reference")
    with transaction.atomic():
        claim = claim_for(actor, claim_id, lock=True)
        _decider(actor, claim)
        if claim.status != ST.SUBMITTED:
            raise ClaimError(_("Hanya klaim yang sudah diajukan yang dapat dicatat dibayar."))
        if paid_on < (claim.submitted_on or claim.event_date):
            raise ClaimError(_("Tanggal bayar sebelum tanggal pengajuan."), field="paid_on")
        claim.paid_amount, claim.paid_on = amount, paid_on
        claim.insurer_reference = reference.strip()[:100]
        _transition(
            actor,
            claim,
            ST.PAID,
            {
                "paid_amount": [None, amount],
                "paid_on": [None, paid_on.isoformat()],
                "insurer_reference": [None, claim.insurer_reference],
            },
        )
    return claim


def claim_reject(*, actor: User, claim_id: int, reason: str) -> Claim:
    """reported / documents_complete / submitted → rejected, with the reason."""
    require_role(
        actor, DECIDE_ROLES, _("Hanya Admin Dinas atau penghubung BPJS yang menolak klaim.")
    )
    if not reason.strip():
        raise ClaimError(_("Alasan penolakan wajib diisi."), field="reason")
    with transaction.atomic():
        claim = claim_for(actor, claim_id, lock=True)
        _decider(actor, claim)
        if claim.status in (ST.PAID, ST.REJECTED):
            raise ClaimError(_("Klaim sudah selesai."))
        claim.reject_reason = reason.strip()[:250]
        _transition(actor, claim, ST.REJECTED, {"reject_reason": [None, claim.reject_reason]})
    return claim


def claim_assign(*, actor: User, claim_id: int, handler_id: int | None) -> Claim:
    """Set who is handling the claim (a user of the same pemda with a role), or nobody."""
    require_role(
        actor, ASSIGN_ROLES, _("Hanya Admin Dinas yang menugaskan penanggung jawab klaim.")
    )
    with transaction.atomic():
        claim = claim_for(actor, claim_id, lock=True)
        handler = None
        if handler_id is not None:
            handler = User.objects.filter(
                pk=handler_id, pemda_id=actor.pemda_id, is_active=True, role__in=HANDLER_ROLES
            ).first()
            if handler is None:
                raise ClaimError(_("Pengguna tidak ditemukan di pemda ini."), field="handler")
        before = claim.handler.username if claim.handler_id else None
        claim.handler = handler
        claim.save(update_fields=["handler"])
        audit_record(
            actor=actor,
            action="claim.assign",
            object_type="claims.claim",
            object_id=claim.pk,
            pemda_id=claim.pemda_id,
            changes={"handler": [before, handler.username if handler else None]},
        )
    return claim
