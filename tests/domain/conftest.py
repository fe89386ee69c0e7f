"""Fixtures for the pure domain tests (no Django, no database).

``regions_fixture.csv`` is a small hand-made code table in the format of
``kawal/regions/data/regions.csv``. Sulawesi Tenggara (74) with Muna (7403), Muna Barat
(7413) and its 11 kecamatan, Kota Kendari (7471, no kecamatan loaded), and Papua (91) with
Merauke retired from 9101 to 9301. The retired kecamatan 74.03.01 and its replacement are
illustrative test data, not a transcription of the official history.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kawal.domain.regions import RegionCodes, load_region_codes

FIXTURE_CSV = Path(__file__).with_name("regions_fixture.csv")
TODAY = date(2025, 6, 15)


@pytest.fixture(scope="session")
def codes() -> RegionCodes:
    return load_region_codes(FIXTURE_CSV)
