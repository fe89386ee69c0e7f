from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist

from kawal.domain.nik import mask_nik
from kawal.registry.models import Person

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``{{ mapping|get_item:key }}`` for dictionaries keyed by variables."""
    return mapping.get(key)


@register.filter(name="mask_nik")
def mask_nik_filter(nik: str) -> str:
    """Masked NIK for lists: ``7413**********01``."""
    return mask_nik(nik)


@register.filter
def person_field_label(name: str) -> str:
    """The translated label of a Person field named in an audit row (``domicile_village_id``)."""
    try:
        return str(Person._meta.get_field(name.removesuffix("_id")).verbose_name)
    except FieldDoesNotExist:
        return name
