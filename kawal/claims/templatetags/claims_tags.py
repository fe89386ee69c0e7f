from __future__ import annotations

from django import template

from kawal.claims.checklist import document_label

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    """``42000000`` → ``"Rp 42.000.000"`` (Indonesian thousands separator)."""
    if amount is None:
        return "—"
    return "Rp " + f"{int(amount):,}".replace(",", ".")


@register.filter
def doc_label(code: str) -> str:
    return document_label(code)
