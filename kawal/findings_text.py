"""Render domain findings in the active UI language (Bahasa Indonesia unless English is chosen)."""

from __future__ import annotations

from django.utils.translation import get_language

from kawal.domain.findings import Finding


def finding_text(finding: Finding) -> str:
    """The finding's message in the request's language."""
    language = (get_language() or "id").split("-")[0]
    return finding.message_en if language == "en" else finding.message_id
