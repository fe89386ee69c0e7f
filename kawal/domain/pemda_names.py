"""How a pemda's name is written on its documents (title blocks, place of signing).

>>> government_heading("Kabupaten Muna Barat")
'PEMERINTAH KABUPATEN MUNA BARAT'
>>> signing_place("Pemerintah Kabupaten Muna Barat")
'Muna Barat'
"""

from __future__ import annotations

_PREFIXES = ("Pemerintah ", "Kabupaten ", "Kota ", "Provinsi ")


def government_heading(pemda_name: str) -> str:
    """``PEMERINTAH KABUPATEN MUNA BARAT``: the first line of an official document."""
    name = pemda_name.strip()
    if not name.lower().startswith("pemerintah"):
        name = f"Pemerintah {name}"
    return name.upper()


def signing_place(pemda_name: str) -> str:
    """``Muna Barat``: the name without "Pemerintah", "Kabupaten", "Kota" or "Provinsi"."""
    name = pemda_name.strip()
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name
