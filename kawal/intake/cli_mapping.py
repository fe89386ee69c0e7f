"""Column mapping on the command line (``kawal import --preset/--map/--save-preset``).

``--map "Judul Kolom=field"`` maps a file column (matched like any header: case, spaces and
punctuation do not matter) to a field, named by its identifier (``nik``) or by any header
Kawal recognises for it (``NIK``, ``No KTP``); ``"Judul Kolom="`` ignores the column. When the
columns still do not map, :func:`mapping_report` says, in Indonesian, what each column maps to
and what is missing.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from kawal.domain.intake_sources import FIELD_LABELS
from kawal.intake.models import MappingPreset, Source
from kawal.pipelines.intake.headers import (
    SYNONYM_INDEX,
    HeaderMapping,
    field_label,
    header_key,
    requirement_label,
    source_fields,
)
from kawal.regions.models import Pemda


def field_named(text: str) -> str | None:
    """The field named by ``text``: an identifier (``birth_date``) or a known header
    (``Tgl Lahir``); ``None`` when it names none.

    >>> field_named("nik"), field_named("Tgl Lahir"), field_named("ijazah")
    ('nik', 'birth_date', None)
    """
    name = text.strip()
    if name in FIELD_LABELS:
        return name
    return SYNONYM_INDEX.get(header_key(name)) if name else None


def parse_maps(values: list[str], *, source: str) -> dict[str, str]:
    """``["Judul Kolom=field", …]`` → ``{column: field or ""}``; ``CommandError`` if malformed."""
    mapping: dict[str, str] = {}
    for value in values:
        column, equals, target = value.rpartition("=")
        if not equals or not column.strip():
            raise CommandError(
                f'--map "{value}": tulis sebagai "Judul Kolom=bidang", misalnya "No. ID=nik".'
            )
        name = field_named(target) if target.strip() else ""
        if name is None:
            raise CommandError(
                f'--map "{value}": bidang "{target.strip()}" tidak dikenal. '
                f"Bidang yang dapat dipilih: {fields_help(source)}."
            )
        mapping[column.strip()] = name
    return mapping


def find_preset(name: str | None, *, pemda: Pemda, source: str) -> MappingPreset | None:
    """The preset ``name`` of ``pemda`` for ``source``; ``CommandError`` when there is none."""
    if not name:
        return None
    preset = MappingPreset.objects.filter(pemda=pemda, source=source, name=name.strip()).first()
    if preset is None:
        names = MappingPreset.objects.filter(pemda=pemda, source=source).values_list(
            "name", flat=True
        )
        known = ", ".join(f'"{n}"' for n in names) or "belum ada"
        raise CommandError(
            f'Format kolom "{name}" untuk jenis data {source} tidak ada. Yang tersimpan: {known}.'
        )
    return preset


def unknown_columns(overrides: dict[str, str], columns: list[str]) -> list[str]:
    """The ``--map`` columns that match no column of the file."""
    keys = {header_key(column) for column in columns}
    return [column for column in overrides if header_key(column) not in keys]


def fields_help(source: str) -> str:
    """``nik (NIK), full_name (Nama Lengkap), …`` for ``source``."""
    return ", ".join(f"{name} ({field_label(name)})" for name in source_fields(source))


def mapping_report(columns: list[str], mapping: HeaderMapping) -> list[str]:
    """Indonesian lines: each file column and what it maps to, then what is missing or doubled."""
    lines = [
        f"Judul kolom berkas tidak dapat dipetakan otomatis ke {Source(mapping.source).label}.",
        "Kolom di berkas → dipetakan ke:",
    ]
    width = min(max((len(column) for column in columns), default=0) + 2, 40)
    for index, column in enumerate(columns, start=1):
        name = mapping.columns.get(column)
        doubled = [n for n, cols in mapping.duplicates.items() if column in cols]
        if name:
            target = f"{name} ({field_label(name)})"
        elif doubled:
            target = f"(juga cocok untuk {field_label(doubled[0])}; diabaikan)"
        else:
            target = "(tidak dikenali)"
        quoted = f'"{column}"'
        lines.append(f"  {index:2d}. {quoted:<{width}} → {target}")
    for name, cols in mapping.duplicates.items():
        quoted = ", ".join(f'"{c}"' for c in cols)
        lines.append(f"Lebih dari satu kolom untuk {field_label(name)} ({name}): {quoted}.")
    if mapping.missing:
        missing = "; ".join(f"{requirement_label(r)} ({'/'.join(r)})" for r in mapping.missing)
        lines.append(f"Kolom wajib yang belum ada: {missing}.")
    lines += [
        f"Bidang yang dapat dipilih: {fields_help(mapping.source)}.",
        'Petakan dengan --map "Judul Kolom=bidang" (boleh berulang; "Judul Kolom=" mengabaikan '
        "kolom itu) atau pakai format tersimpan dengan --preset NAMA; simpan pemetaan yang "
        "berhasil dengan --save-preset NAMA.",
    ]
    return lines
