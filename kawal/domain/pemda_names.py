"""How a pemda's name and dates are written on its documents (title block, place and date).

>>> government_heading("Kabupaten Muna Barat")
'PEMERINTAH KABUPATEN MUNA BARAT'
>>> signing_place("Pemerintah Kabupaten Muna Barat")
'Muna Barat'
>>> from datetime import date
>>> date_text(date(2026, 6, 30))
'30 Juni 2026'
"""

from __future__ import annotations

from datetime import date

MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

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


def date_text(day: date) -> str:
    """``30 Juni 2026``: a date as an Indonesian document writes it."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
