"""Matching keys for place names as people type them (desa, kecamatan, kabupaten)."""

from __future__ import annotations

import re
import unicodedata

_PREFIXES = re.compile(
    r"^(DESA|DS|KELURAHAN|KEL|KEC|KECAMATAN|KABUPATEN|KAB|KOTA|PROVINSI|PROV)\b\.?\s*"
)
_BRACKETED = re.compile(r"\(.*?\)")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def place_key(name: str) -> str:
    """A key that survives the usual spelling differences between region lists.

    >>> place_key("Kel. Wamelai (Lambubalano)") == place_key("WAMELAI")
    True
    >>> place_key("Langku-langku") == place_key("LANGKU LANGKU")
    True
    >>> place_key("WA DAGA") == place_key("Wadaga")
    True
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper().strip()
    text = _BRACKETED.sub(" ", text)
    text = _PREFIXES.sub("", text)
    text = _NOT_ALNUM.sub("", text)
    # Old spelling and doubled letters differ between lists (PASIPADANGAN / PASIPADANGA stay apart).
    text = text.replace("OE", "U").replace("DJ", "J").replace("TJ", "C")
    return re.sub(r"(.)\1+", r"\1", text)
