"""A few values of each column of an intake file, safe to show while its headers are mapped.

A person mapping columns needs to see what a column holds, but never a full NIK: a column
that maps to NIK, or that holds any value with a run of 12 or more digits (a NIK, a KK
number, a NIK typed with spaces), has all its values masked with
:func:`kawal.domain.nik.mask_nik` (``7413**********01``).
"""

from __future__ import annotations

import re
from collections.abc import Collection

import polars as pl

from kawal.domain.nik import mask_nik, normalise_nik
from kawal.pipelines.intake.read_common import ROW

#: Values shown per column.
SAMPLES_PER_COLUMN = 3
#: Longer values are cut to this many characters (and end in ``…``).
SAMPLE_MAX_CHARS = 40
_ID_NUMBER = re.compile(r"\d{12,}")


def looks_like_id_number(value: str) -> bool:
    """True when ``value`` holds a run of 12 or more digits once spaces, dots and dashes go.

    >>> looks_like_id_number("7413 0125 0890 0001"), looks_like_id_number("17-08-1985")
    (True, False)
    """
    return bool(_ID_NUMBER.search(normalise_nik(value)))


def column_samples(
    frame: pl.DataFrame,
    *,
    nik_columns: Collection[str] = (),
    per_column: int = SAMPLES_PER_COLUMN,
) -> dict[str, list[str]]:
    """Up to ``per_column`` distinct non-empty values of each column of ``frame``, in order.

    ``frame`` is a read intake file (String columns, plus ``row``, which is skipped). The
    values of a column named in ``nik_columns``, or with any value that
    :func:`looks_like_id_number`, are all masked. Long values are shortened.

    >>> frame = pl.DataFrame({"row": [1, 2], "No. ID": ["7413012508900001", None],
    ...                       "Nama": ["Wa Ode", "Wa Ode"]})
    >>> column_samples(frame)
    {'No. ID': ['7413**********01'], 'Nama': ['Wa Ode']}
    """
    samples: dict[str, list[str]] = {}
    for column in frame.columns:
        if column == ROW:
            continue
        values = [v for v in frame.get_column(column).unique(maintain_order=True).to_list() if v]
        values = [str(v).strip() for v in values if str(v).strip()]
        masked = column in nik_columns or any(looks_like_id_number(v) for v in values)
        shown: list[str] = []
        for value in values:
            text = mask_nik(value) if masked else _shorten(value)
            if text not in shown:
                shown.append(text)
            if len(shown) == per_column:
                break
        samples[column] = shown
    return samples


def _shorten(value: str) -> str:
    text = " ".join(value.split())
    return text if len(text) <= SAMPLE_MAX_CHARS else text[: SAMPLE_MAX_CHARS - 1] + "…"
