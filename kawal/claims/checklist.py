"""The documents a claim needs before it goes to BPJS Ketenagakerjaan, per kind and programme.

The lists follow the usual BPJS Ketenagakerjaan claim requirements for JKM and JKK (death and
work accident) as branch offices publish them; they are not in ``domain-rules.md``, so confirm
them with the local branch (``docs/claims.md``). Codes are stable; labels are Indonesian.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DOCUMENT_LABELS: dict[str, object] = {
    "participant_card": _("Kartu peserta / nomor KPJ"),
    "death_certificate": _("Surat keterangan kematian (desa/RS) atau akta kematian"),
    "family_card": _("Kartu Keluarga (KK)"),
    "heir_id": _("KTP ahli waris"),
    "heir_statement": _("Surat keterangan ahli waris"),
    "heir_bank_book": _("Buku tabungan ahli waris"),
    "accident_report": _("Laporan kecelakaan kerja tahap I"),
    "chronology": _("Kronologi kejadian / keterangan kepolisian"),
    "medical_statement": _("Surat keterangan dokter / rumah sakit"),
    "participant_id": _("KTP peserta"),
}

_DEATH = (
    "participant_card",
    "death_certificate",
    "family_card",
    "heir_id",
    "heir_statement",
    "heir_bank_book",
)
_JKK_EXTRA = ("accident_report", "chronology")
_ACCIDENT = (
    "participant_card",
    "participant_id",
    "accident_report",
    "chronology",
    "medical_statement",
)


def required_documents(kind: str, programme: str) -> tuple[str, ...]:
    """Codes of the documents required for a claim of ``kind`` paid by ``programme``."""
    if kind == "accident":
        return _ACCIDENT
    return _DEATH + _JKK_EXTRA if programme == "jkk" else _DEATH


def document_label(code: str) -> str:
    return str(DOCUMENT_LABELS.get(code, code))
