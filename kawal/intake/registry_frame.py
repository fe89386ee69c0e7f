"""The registry side of linkage as frames: people of a pemda, reviewers' decisions.

Read with one query each (COPY … TO STDOUT on PostgreSQL), never row by row.
"""

from __future__ import annotations

import polars as pl

from kawal.intake.bulk import read_frame
from kawal.pipelines.linkage.decide import Decisions
from kawal.pipelines.linkage.features import INPUT_COLUMNS

_PEOPLE_SQL = (
    "SELECT id, nik, full_name, sex, birth_date, birth_place, mother_name, "
    'domicile_village_id, phone FROM "registry_person" WHERE pemda_id = %s'
)
_PEOPLE_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "nik": pl.String(),
    "full_name": pl.String(),
    "sex": pl.String(),
    "birth_date": pl.Date(),
    "birth_place": pl.String(),
    "mother_name": pl.String(),
    "village_code": pl.String(),
    "phone": pl.String(),
}


def registry_people(pemda_id: int) -> pl.DataFrame:
    """The pemda's people with :data:`INPUT_COLUMNS` (``uid`` = minus the id) and ``nik``."""
    people = read_frame(_PEOPLE_SQL, [pemda_id], _PEOPLE_SCHEMA)
    return people.with_columns(uid=-pl.col("id")).select(INPUT_COLUMNS)


def other_pemda_niks(pemda_id: int) -> pl.DataFrame:
    """NIKs registered by other pemda (a NIK is unique across the deployment)."""
    return read_frame(
        'SELECT nik FROM "registry_person" WHERE pemda_id <> %s',
        [pemda_id],
        {"nik": pl.String()},
    )


def incoming(valid: pl.DataFrame) -> pl.DataFrame:
    """Valid rows of a file as linkage input (``uid`` = the data row number)."""
    return valid.with_columns(uid=pl.col("row")).select(INPUT_COLUMNS)


def decisions_for(pemda_id: int, valid: pl.DataFrame) -> Decisions:
    """Live decisions about the NIKs of ``valid`` rows, as row × person verdicts."""
    decided = read_frame(
        'SELECT record_key, person_id, same FROM "intake_matchdecision" '
        "WHERE pemda_id = %s AND undone_at IS NULL",
        [pemda_id],
        {"nik": pl.String(), "person": pl.Int64(), "same": pl.Boolean()},
    )
    frame = valid.select("row", "nik").join(decided, on="nik").select("row", "person", "same")
    return Decisions(frame)
