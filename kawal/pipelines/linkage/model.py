"""The Splink model of "same person": comparisons, blocking rules, and the trained parameters.

The comparison levels are plain SQL so that the model file says exactly what is compared.
The trained model (m and u probabilities) is persisted in ``model.json`` next to this module
and loaded by :func:`load_model`; :mod:`kawal.pipelines.linkage.train` re-creates it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("model.json")


def _null(column: str) -> dict[str, Any]:
    return {
        "sql_condition": f'"{column}_l" IS NULL OR "{column}_r" IS NULL',
        "label_for_charts": "null",
        "is_null_level": True,
    }


def _level(sql: str, label: str) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label}


def _else() -> dict[str, Any]:
    return {"sql_condition": "ELSE", "label_for_charts": "else"}


def _exact(column: str) -> dict[str, Any]:
    return _level(f'"{column}_l" = "{column}_r"', "exact")


def _comparison(name: str, description: str, levels: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "output_column_name": name,
        "comparison_description": description,
        "comparison_levels": levels,
    }


def _jw(column: str, threshold: float) -> dict[str, Any]:
    return _level(
        f'jaro_winkler_similarity("{column}_l", "{column}_r") >= {threshold}', f"jw>={threshold}"
    )


COMPARISONS: list[dict[str, Any]] = [
    _comparison(
        "nik_rs",
        "NIK kecamatan + serial (the birth-date digits are compared as the birth date)",
        [
            _null("nik_rs"),
            _exact("nik_rs"),
            _level('damerau_levenshtein("nik_rs_l", "nik_rs_r") <= 1', "one edit"),
            _else(),
        ],
    ),
    _comparison(
        "name",
        "normalised name",
        [
            _null("name_key"),
            _exact("name_key"),
            _level('"name_tokens_l" = "name_tokens_r"', "same words"),
            _jw("name_core", 0.94),
            _jw("name_core", 0.85),
            _else(),
        ],
    ),
    _comparison(
        "dob",
        "birth date",
        [
            _null("dob"),
            _exact("dob"),
            _level('"dob_l" = "dob_swapped_r"', "day and month swapped"),
            _level('levenshtein("dob_l", "dob_r") <= 1', "one digit"),
            _level('"birth_year_l" = "birth_year_r"', "same year"),
            _else(),
        ],
    ),
    _comparison("sex", "sex", [_null("sex"), _exact("sex"), _else()]),
    _comparison(
        "birth_place",
        "birth place",
        [_null("birth_place"), _exact("birth_place"), _jw("birth_place", 0.88), _else()],
    ),
    _comparison(
        "mother",
        "mother's name",
        [_null("mother"), _exact("mother"), _jw("mother", 0.9), _else()],
    ),
    _comparison(
        "village",
        "desa/kelurahan",
        [
            _null("village"),
            _exact("village"),
            _level('"district_l" = "district_r"', "same kecamatan"),
            _else(),
        ],
    ),
    _comparison("phone", "phone", [_null("phone"), _exact("phone"), _else()]),
]

#: Candidate pairs: a pair is scored when it agrees on at least one of these. The NIK rules
#: catch one wrong digit in the serial (head), in the region (tail) or in the birth-date digits
#: (kecamatan + serial with the birth date typed in its own column). Every rule keeps its
#: blocks small at a province's scale: on 1,000,000 people of Sulawesi Tenggara each yields
#: about 1–1.7 million pairs (``bench/intake_import.py``); the looser rules they replaced
#: (NIK tail alone, kecamatan + serial + birth year, name + birth year) made 20–75 million.
BLOCKING_RULES: list[str] = [
    "l.nik = r.nik",
    "l.nik_head = r.nik_head",
    "l.nik_tail = r.nik_tail AND l.village = r.village",
    "l.nik_tail = r.nik_tail AND l.name_key = r.name_key",
    "l.nik_rs = r.nik_rs AND l.dob = r.dob",
    "l.name_key = r.name_key AND l.dob = r.dob",
    "l.name_key = r.name_key AND l.birth_year = r.birth_year AND l.district = r.district",
    "l.dob = r.dob AND l.village = r.village",
    "l.name_tokens = r.name_tokens AND l.village = r.village",
    "l.phone = r.phone",
]


def base_settings() -> dict[str, Any]:
    """The untrained model: comparisons and blocking rules, no parameters."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-6,
        "comparisons": COMPARISONS,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule} for rule in BLOCKING_RULES
        ],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
    }


def load_model(path: Path | None = None) -> dict[str, Any]:
    """The trained model as a Splink settings dict (``model.json`` by default).

    Blocking only chooses which pairs are scored, not how; the rules are always today's
    :data:`BLOCKING_RULES`, whatever the file was trained with."""
    settings = json.loads((path or MODEL_PATH).read_text(encoding="utf-8"))
    settings["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": rule} for rule in BLOCKING_RULES
    ]
    return settings
