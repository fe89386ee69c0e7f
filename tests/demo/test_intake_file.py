"""The demo's import files: exact composition, deterministic, new NIKs never the registry's."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kawal.demo import intake_file as demo
from kawal.demo.generator import Village, generate
from kawal.demo.messy_people import load_villages
from kawal.demo.messy_records import LABELS

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def villages() -> pl.DataFrame:
    return load_villages("7413")


@pytest.fixture(scope="module")
def registry(villages: pl.DataFrame) -> pl.DataFrame:
    """The demo registry as the seed builds it (ids in insertion order)."""
    people = generate(
        [
            Village(code, district)
            for code, district in villages.select("code", "district_code").rows()
        ],
        today=TODAY,
    )
    return pl.DataFrame(
        [
            {
                "id": index,
                "nik": p.nik,
                "full_name": p.full_name,
                "sex": p.sex,
                "birth_date": p.birth_date,
                "birth_place": p.birth_place,
                "mother_name": p.mother_name,
                "marital_status": p.marital_status,
                "address": p.address,
                "rt": p.rt,
                "rw": p.rw,
                "village_code": p.village_code,
                "phone": p.phone,
                "occupation": p.occupation,
                "segment": p.segment,
                "desil": p.desil_history[-1][2] if p.desil_history else None,
            }
            for index, p in enumerate(people, start=1)
        ],
        schema=demo.REGISTRY_SCHEMA,
    )


@pytest.fixture(scope="module")
def proposal(registry: pl.DataFrame, villages: pl.DataFrame) -> pl.DataFrame:
    return demo.village_proposal(registry, villages)


def _digits(column: str) -> pl.Expr:
    return pl.col(column).str.replace_all(r"\D", "")


def test_village_proposal_composition(proposal: pl.DataFrame, registry: pl.DataFrame) -> None:
    assert proposal.columns == [*LABELS, "entity", "kind", "family"]
    assert proposal.height == demo.ROWS == 5_000
    people = proposal.group_by("kind").agg(pl.col("entity").n_unique()).sort("kind").rows()
    assert people == [
        ("namesake", demo.NAMESAKES),
        ("new", demo.NEW_PEOPLE),
        ("registry", demo.REGISTRY_AGAIN),
        ("sibling", demo.SIBLINGS),
        ("twin", demo.TWINS),
    ]
    assert demo.NEW_PEOPLE == 3_510
    # Rows typed twice: 450 extra rows over 4,550 people.
    assert proposal.get_column("entity").n_unique() == 4_550
    rows = dict(proposal.group_by("kind").len().rows())
    assert rows == {"registry": 989, "new": 3_857, "twin": 44, "sibling": 65, "namesake": 45}
    # Registry people are registered pekerja rentan, named by their person id.
    again = proposal.filter(pl.col("kind") == "registry").select(id=-pl.col("entity")).unique()
    segments = again.join(registry, on="id").get_column("segment").unique().to_list()
    assert segments == ["pekerja_rentan"]
    # Look-alikes belong to the family of the registered person they resemble.
    twins = proposal.filter(pl.col("kind") == "twin")
    assert twins.get_column("family").str.starts_with("r").all()
    assert proposal.get_column("family").null_count() == 0


def test_village_proposal_is_deterministic(
    proposal: pl.DataFrame, registry: pl.DataFrame, villages: pl.DataFrame
) -> None:
    assert_frame_equal(demo.village_proposal(registry.reverse(), villages), proposal)


def test_new_people_never_carry_a_registered_nik(
    proposal: pl.DataFrame, registry: pl.DataFrame
) -> None:
    """A clean 16-digit NIK in the file that the registry holds is always its own person's."""
    owners = registry.select(nik="nik", owner=-pl.col("id"))
    typed = proposal.with_columns(nik=_digits("NIK")).join(owners, on="nik")
    assert typed.height > 800
    assert typed.filter(pl.col("entity") != pl.col("owner")).height == 0


def test_dtsen_refresh_only_carries_registered_niks(
    registry: pl.DataFrame, villages: pl.DataFrame
) -> None:
    extract = demo.dtsen_refresh(registry, villages)
    assert extract.columns == [
        *demo.DTSEN_HEADERS.values(),
        "Desil Nasional",
        "entity",
        "kind",
        "family",
    ]
    assert extract.height == demo.DTSEN_ROWS + demo.DTSEN_SHARED_NIK + demo.DTSEN_TWICE == 420
    assert dict(extract.group_by("kind").len().rows()) == {"registry": 408, "nik_shared": 12}
    full = extract.with_columns(nik=_digits("NIK")).filter(pl.col("nik").str.len_chars() == 16)
    assert full.height > 400
    assert full.join(registry, on="nik", how="anti").height == 0  # nobody new can be created
    assert extract.get_column("Desil Nasional").cast(pl.Int64).is_between(1, 10).all()
    assert_frame_equal(demo.dtsen_refresh(registry, villages), extract)
