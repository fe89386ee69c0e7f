from __future__ import annotations

from django import template

from kawal.domain.insurer_layouts import mask_kpj
from kawal.pipelines.insurer import problem_text

register = template.Library()


@register.filter(name="mask_kpj")
def mask_kpj_filter(kpj: str) -> str:
    """Masked KPJ number, like a NIK: ``21*******78``."""
    return mask_kpj(kpj)


@register.filter
def problems_text(codes: str) -> str:
    """Problem codes ``A;B`` as Indonesian messages."""
    return problem_text(codes)
