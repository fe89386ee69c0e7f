"""Map the header row of an intake file onto Kawal's canonical fields.

The vocabulary (synonyms, required fields, templates) is data in
:mod:`kawal.domain.intake_sources`; this module only matches. Headers are compared by
:func:`header_key`, so case, accents, spacing, punctuation and bracketed hints do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from kawal.domain.findings import Finding, finding
from kawal.domain.intake_sources import (
    COMPOSITE_FIELDS,
    FIELD_LABELS,
    HEADER_SYNONYMS,
    REQUIRED,
    SOURCES,
    TEMPLATES,
)

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def header_key(header: str) -> str:
    """Fold a header for matching: accents, case, brackets, spaces and punctuation removed.

    Bracketed hints are dropped unless nothing else is left.

    >>> header_key(" No. KTP ") == header_key("NO_KTP (16 digit)") == "noktp"
    True
    >>> header_key("(L/P)")
    'lp'
    """
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    key = _NOT_ALNUM.sub("", _BRACKETED.sub(" ", text))
    return key or _NOT_ALNUM.sub("", text)


def _synonym_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name, synonyms in HEADER_SYNONYMS.items():
        for synonym in (FIELD_LABELS[name], *synonyms):
            key = header_key(synonym)
            if index.setdefault(key, name) != name:
                raise ValueError(f"header synonym {synonym!r} is given for two fields")
    return index


#: header key -> canonical field, built once from the data module.
SYNONYM_INDEX: Mapping[str, str] = MappingProxyType(_synonym_index())


@dataclass(frozen=True)
class HeaderMapping:
    """How the columns of one file map onto canonical fields.

    ``columns`` maps each used file column to its field (the first column wins when
    several claim one field). ``unmapped`` lists the columns that match no field (or that
    the preset ignores). ``missing`` lists the source's unmet requirements, each a tuple of
    alternative fields. ``duplicates`` maps a field claimed by several columns to all of
    them, in file order. ``errors`` holds one ``HEADER_DUPLICATE`` or ``HEADER_MISSING``
    finding per problem; the file must not be imported while there are any.
    """

    source: str
    columns: Mapping[str, str] = field(hash=False)
    unmapped: tuple[str, ...]
    missing: tuple[tuple[str, ...], ...]
    duplicates: Mapping[str, tuple[str, ...]] = field(hash=False)
    errors: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """True when there are no header errors."""
        return not self.errors

    def column_for(self, name: str) -> str | None:
        """The file column mapped to field ``name``, or ``None``."""
        for column, mapped in self.columns.items():
            if mapped == name:
                return column
        return None

    def provides(self, name: str) -> bool:
        """True when field ``name`` is mapped directly or through a composite column."""
        fields = set(self.columns.values())
        return name in fields or any(
            name in COMPOSITE_FIELDS.get(composite, ()) for composite in fields
        )


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"unknown intake source {source!r}; expected one of {SOURCES}")


def _preset_index(preset: Mapping[str, str | None] | None) -> dict[str, str | None]:
    index: dict[str, str | None] = {}
    for column, name in (preset or {}).items():
        if name and name not in FIELD_LABELS:
            raise ValueError(f"preset maps a column to unknown field {name!r}")
        index[header_key(column)] = name or None
    return index


def map_headers(
    columns: list[str], *, source: str, preset: Mapping[str, str | None] | None = None
) -> HeaderMapping:
    """Map file ``columns`` onto canonical fields for ``source``.

    1. A column named in ``preset`` (a saved user mapping ``column -> field``; matched by
       exact name, else by :func:`header_key`) takes the preset's field; a preset value of
       ``""`` or ``None`` ignores the column.
    2. Other columns are matched through :data:`SYNONYM_INDEX`, except onto fields the
       preset already assigned (the preset overrides synonyms).
    3. When several columns claim one field the first keeps it and ``HEADER_DUPLICATE`` is
       reported; a requirement of the source that no column meets gives ``HEADER_MISSING``.

    Raises ``ValueError`` for an unknown source or a preset naming an unknown field.

    >>> mapping = map_headers(["No.", "No. KTP", "Nama", "Alamat"], source="dtsen")
    >>> dict(mapping.columns), mapping.unmapped, mapping.missing
    ({'No. KTP': 'nik', 'Nama': 'full_name', 'Alamat': 'address'}, ('No.',), (('desil',),))
    """
    _check_source(source)
    presets = _preset_index(preset)
    exact = {column: name or None for column, name in (preset or {}).items()}
    preset_fields = {name for name in presets.values() if name}
    claims: list[tuple[str, str | None]] = []
    for column in columns:
        if column in exact:  # two columns can fold to one key ("No KTP", "No. KTP")
            claims.append((column, exact[column]))
            continue
        key = header_key(column)
        if key in presets:
            claims.append((column, presets[key]))
            continue
        name = SYNONYM_INDEX.get(key)
        claims.append((column, None if name in preset_fields else name))
    by_field: dict[str, list[str]] = {}
    for column, name in claims:
        if name:
            by_field.setdefault(name, []).append(column)
    mapped = {cols[0]: name for name, cols in by_field.items()}
    mapped = {column: mapped[column] for column in columns if column in mapped}
    duplicates = {name: tuple(cols) for name, cols in by_field.items() if len(cols) > 1}
    unmapped = tuple(column for column, name in claims if not name)
    provided = set(mapped.values())
    for composite in list(provided):
        provided.update(COMPOSITE_FIELDS.get(composite, ()))
    missing = tuple(req for req in REQUIRED[source] if not provided.intersection(req))
    errors = [
        finding("HEADER_DUPLICATE", field=name, label=_short_label(name)) for name in duplicates
    ]
    errors += [
        finding("HEADER_MISSING", field=req[0], label=requirement_label(req)) for req in missing
    ]
    return HeaderMapping(
        source=source,
        columns=MappingProxyType(mapped),
        unmapped=unmapped,
        missing=missing,
        duplicates=MappingProxyType(duplicates),
        errors=tuple(errors),
    )


def requirement_label(requirement: tuple[str, ...]) -> str:
    """Indonesian label of a requirement: ``"Desa/Kelurahan atau Alamat"``."""
    return " atau ".join(_short_label(name) for name in requirement)


def _short_label(name: str) -> str:
    """The field label without its bracketed hint (``"Tanggal Lahir"``)."""
    return _BRACKETED.sub("", FIELD_LABELS[name]).strip()


def field_label(name: str) -> str:
    """Indonesian label of a canonical field for messages (no bracketed hint)."""
    return _short_label(name)


def template_columns(source: str) -> list[str]:
    """The header row of the downloadable template for ``source`` (Indonesian headers).

    >>> template_columns("adhoc")[:4]
    ['NIK', 'Nama Lengkap', 'Jenis Kelamin (L/P)', 'Tempat Lahir']
    """
    _check_source(source)
    return [FIELD_LABELS[name] for name in TEMPLATES[source]]


def source_fields(source: str) -> tuple[str, ...]:
    """The fields a person may map a column to for ``source``, in :data:`FIELD_LABELS` order.

    The source's template fields and required fields, and the composite columns (TTL, RT/RW,
    Kode Desa) that provide any of them.

    >>> source_fields("adhoc")[:6]
    ('nik', 'full_name', 'sex', 'birth_place', 'birth_date', 'birth_place_date')
    """
    _check_source(source)
    wanted = set(TEMPLATES[source])
    wanted.update(name for requirement in REQUIRED[source] for name in requirement)
    wanted.update(
        composite for composite, parts in COMPOSITE_FIELDS.items() if wanted.intersection(parts)
    )
    return tuple(name for name in FIELD_LABELS if name in wanted)


def explicit_mapping(columns: list[str], mapping: HeaderMapping) -> dict[str, str]:
    """Every file column with the field ``mapping`` gives it, ``""`` for an ignored column.

    Used as a preset it reproduces ``mapping`` exactly (a column that lost a duplicate
    claim is ignored), whatever synonyms say.

    >>> columns = ["NIK", "KTP", "Nama"]
    >>> explicit_mapping(columns, map_headers(columns, source="dtsen"))
    {'NIK': 'nik', 'KTP': '', 'Nama': 'full_name'}
    """
    return {column: mapping.columns.get(column, "") for column in columns}
