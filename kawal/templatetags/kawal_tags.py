from __future__ import annotations

from typing import Any

from django import template

from kawal.domain.nik import mask_nik

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``{{ mapping|get_item:key }}`` for dictionaries keyed by variables."""
    return mapping.get(key)


@register.filter(name="mask_nik")
def mask_nik_filter(nik: str) -> str:
    """Masked NIK for lists: ``7413**********01``."""
    return mask_nik(nik)
