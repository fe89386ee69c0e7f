"""The demo's import files, generated from the demo registry with their ground truth.

* :func:`village_proposal`: a messy 5,000-row village proposal (usulan desa) for Muna Barat's
  86 desa. It mixes people the registry already holds (typed again, some with typos, swapped
  day and month or NIKs damaged by Excel), brand-new people in households (with twins and
  namesakes), registry people's twins, siblings and namesakes, and rows typed twice.
* :func:`dtsen_refresh`: a few hundred registered pekerja rentan in a DTSEN quarterly extract
  with their new desil, a few listed twice, and household members entered under a registered
  person's NIK (the review queue's "same NIK, another person"). Its NIKs are the registry's (or
  damaged beyond use), so importing it links, reviews or refuses rows and never creates anyone.

Both are deterministic for a given registry (``REGISTRY_SCHEMA``; the caller reads it from the
database) and return the records with the file's columns plus truth columns: ``entity`` (minus
the person id for registry people, a positive number for new people), ``kind`` (``registry``,
``new``, ``twin``, ``sibling``, ``namesake``; ``nik_shared`` in the DTSEN extract) and
``family`` (a household: ``r<id>`` for a registry person with their twin or sibling, ``h<n>``
for a new household, ``n<entity>`` for a namesake). Pure Python and Polars.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from kawal.demo import names as pool
from kawal.demo.messy_people import PHONE_PREFIXES, make_population, pick, uniform
from kawal.demo.messy_records import LABELS, make_records
from kawal.domain.intake_sources import FIELD_LABELS

SEED = 74_132_026
#: The day the new people's ages (18–64) are counted from: fixed, so the file is too.
POPULATION_DAY = date(2026, 7, 1)
ROWS = 5_000
REGISTRY_AGAIN = 900  # registered pekerja rentan proposed again
TWINS, SIBLINGS, NAMESAKES = 40, 60, 40  # new people who look like a registered person
DUPLICATES = 450  # rows typed twice (or three times) in the file
NEW_PEOPLE = ROWS - DUPLICATES - REGISTRY_AGAIN - TWINS - SIBLINGS - NAMESAKES
#: Share of the registry people proposed again whose day and month were typed the wrong way.
SWAPPED_DATES = 0.05

DTSEN_ROWS = 400
DTSEN_TWICE = 8  # people listed twice in the extract
DTSEN_SHARED_NIK = 12  # household members entered under a registered person's NIK
DTSEN_PERIOD = date(2026, 10, 1)
#: Headers of the DTSEN extract as Dinas Sosial exports them (all known synonyms).
DTSEN_HEADERS = {
    "nik": "NIK",
    "full_name": "Nama ART",
    "sex": "Jenis Kelamin",
    "birth_place": "Tempat Lahir",
    "birth_date": "Tgl Lahir",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "village": "Desa/Kelurahan",
    "district": "Kecamatan",
    "occupation": "Pekerjaan",
}

REGISTRY_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "nik": pl.String(),
    "full_name": pl.String(),
    "sex": pl.String(),
    "birth_date": pl.Date(),
    "birth_place": pl.String(),
    "mother_name": pl.String(),
    "marital_status": pl.String(),
    "address": pl.String(),
    "rt": pl.String(),
    "rw": pl.String(),
    "village_code": pl.String(),
    "phone": pl.String(),
    "occupation": pl.String(),
    "segment": pl.String(),  # pekerja_rentan or non_asn
    "desil": pl.Int64(),  # the current DTSEN desil, null when there is none
}
TRUTH = ("entity", "kind", "family")
_PEOPLE = (
    "entity", "nik", "full_name", "sex", "birth_date", "birth_place", "mother_name",
    "marital_status", "address", "rt", "rw", "phone", "occupation", "village_name",
    "district_name", "kind", "family",
)  # fmt: skip
#: Registry occupation codes in the words a village writes (the others: underscores to spaces).
_OCCUPATION_WORDS = {"buruh_harian": "buruh harian lepas", "umkm": "wiraswasta"}
_PREFIX = r"^(La Ode |Wa Ode |La |Wa )"


def _chosen(registry: pl.DataFrame, seed: int, salt: str, count: int) -> pl.DataFrame:
    """``count`` registered pekerja rentan in a fixed random order (by NIK, not by id)."""
    rentan = registry.filter(pl.col("segment") == "pekerja_rentan").sort("nik")
    if rentan.height < count:
        raise ValueError(f"the registry has {rentan.height} pekerja rentan, {count} needed")
    draw = uniform(seed, salt, rentan.height)
    return rentan.with_columns(draw).sort(salt, "nik").head(count).drop(salt)


def _as_people(registry: pl.DataFrame, villages: pl.DataFrame) -> pl.DataFrame:
    """Registry rows in the shape :func:`make_records` takes, with truth columns."""
    occupation = pl.col("occupation").replace(_OCCUPATION_WORDS).str.replace_all("_", " ")
    return registry.join(
        villages.select(
            pl.col("code").alias("village_code"),
            pl.col("name").alias("village_name"),
            "district_name",
        ),
        on="village_code",
        how="left",
        maintain_order="left",
    ).with_columns(
        entity=-pl.col("id"),
        marital_status=pl.col("marital_status").str.replace_all("_", " ").str.to_uppercase(),
        occupation=occupation,
        phone=pl.col("phone").replace("", None),
        mother_name=pl.col("mother_name").replace("", None),
        kind=pl.lit("registry"),
        family=pl.format("r{}", pl.col("id")),
    )


def _look_alikes(anchors: pl.DataFrame, kind: str, seed: int, first_entity: int) -> pl.DataFrame:
    """New people who look like the registered ``anchors`` (people frame): a twin (same
    birth date), a sibling (born 1–10 years apart; both with the same mother, address and
    father's name) or a namesake (the same name, another birth date, mother and address)."""
    n = anchors.height
    u = {s: pl.lit(uniform(seed, f"{kind}/{s}", n)) for s in ("sex", "given", "gap", "phone")}
    other_sex = pl.when(pl.col("sex") == "L").then(pl.lit("P")).otherwise(pl.lit("L"))
    years = (1 + (u["gap"] * 10).floor()).cast(pl.Int32)
    if kind == "namesake":
        years = (12 + (u["gap"] * 20).floor()).cast(pl.Int32)
    # Born later when that keeps the person an adult, else earlier.
    later = pl.col("birth_date").dt.offset_by(pl.format("{}y", years))
    earlier = pl.col("birth_date").dt.offset_by(pl.format("-{}y", years))
    youngest = POPULATION_DAY.year - 19
    shifted = pl.when(later.dt.year() <= youngest).then(later).otherwise(earlier)
    number = (u["phone"] * 10**8).floor().cast(pl.Int64).cast(pl.String).str.zfill(8)
    frame = anchors.with_columns(
        _anchor_sex=pl.col("sex"),
        sex=pl.col("sex")
        if kind == "namesake"
        else pl.when(u["sex"] < 0.5).then(pl.col("sex")).otherwise(other_sex),
        entity=pl.int_range(first_entity, first_entity + n, dtype=pl.Int64),
        kind=pl.lit(kind),
        phone=pl.when(u["phone"] < 0.3)
        .then(pl.col("phone"))
        .otherwise(pick(u["phone"], PHONE_PREFIXES) + number),
        birth_date=pl.col("birth_date") if kind == "twin" else shifted,
    )
    if kind == "namesake":
        mother = pick(u["given"], pool.FEMALE_GIVEN)
        house = (u["gap"] * 90 + 1).floor().cast(pl.Int64).cast(pl.String)
        return frame.with_columns(
            mother_name=pl.when(mother.str.starts_with("Waode"))
            .then(mother)
            .otherwise("Wa " + mother),
            address=pick(u["phone"], pool.STREETS) + " No. " + house,
            family=pl.format("n{}", pl.col("entity")),
        ).drop("_anchor_sex")
    prefix = pl.col("full_name").str.extract(_PREFIX).fill_null("")
    prefix = (
        pl.when(pl.col("sex") == pl.col("_anchor_sex"))
        .then(prefix)
        .when(pl.col("sex") == "L")
        .then(prefix.str.replace("Wa", "La", literal=True))
        .otherwise(prefix.str.replace("La", "Wa", literal=True))
    )
    rest = pl.col("full_name").str.replace(_PREFIX, "").str.split(" ")
    last = pl.when(rest.list.len() > 1).then(" " + rest.list.last()).otherwise(pl.lit(""))
    given = (
        pl.when(pl.col("sex") == "L")
        .then(pick(u["given"], pool.MALE_GIVEN))
        .otherwise(pick(u["given"], pool.FEMALE_GIVEN))
    )
    # Never the registered person's own given name.
    given = pl.when(given == rest.list.first()).then(given + " Nur").otherwise(given)
    return frame.with_columns(full_name=pl.concat_str(prefix, given, last)).drop("_anchor_sex")


def _issue_niks(people: pl.DataFrame, taken: pl.Series) -> pl.DataFrame:
    """NIKs for new people: the kecamatan code of their NIK (the registered person's for
    look-alikes, the village's for others), their own DDMMYY, and a serial after the last one
    the registry has for that kecamatan and day (in entity order, so twins are adjacent)."""
    day = pl.col("birth_date").dt.day() + pl.when(pl.col("sex") == "P").then(40).otherwise(0)
    stem = pl.concat_str(
        pl.col("nik").str.slice(0, 6),
        day.cast(pl.String).str.zfill(2),
        pl.col("birth_date").dt.strftime("%m%y"),
    )
    last = (
        pl.DataFrame({"nik": taken})
        .select(
            stem=pl.col("nik").str.slice(0, 12), serial=pl.col("nik").str.slice(12).cast(pl.Int64)
        )
        .group_by("stem")
        .agg(pl.col("serial").max())
    )
    return (
        people.with_columns(stem=stem)
        .join(last, on="stem", how="left", maintain_order="left")
        .with_columns(
            serial=pl.col("serial").fill_null(0)
            + pl.col("entity").rank("ordinal").over("stem").cast(pl.Int64)
        )
        .with_columns(nik=pl.col("stem") + pl.col("serial").cast(pl.String).str.zfill(4))
        .drop("stem", "serial")
    )


def _swap_dates(people: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Day and month typed the wrong way round for :data:`SWAPPED_DATES` of the people."""
    birth = pl.col("birth_date")
    hit = (
        (pl.lit(uniform(seed, "swap", people.height)) < SWAPPED_DATES)
        & (birth.dt.day() <= 12)
        & (birth.dt.day() != birth.dt.month())
    )
    swapped = pl.date(birth.dt.year(), birth.dt.day(), birth.dt.month())
    return people.with_columns(birth_date=pl.when(hit).then(swapped).otherwise(birth))


def village_proposal(
    registry: pl.DataFrame, villages: pl.DataFrame, *, seed: int = SEED
) -> pl.DataFrame:
    """The 5,000-row village proposal: the village template's columns (``LABELS``) and
    ``TRUTH``. ``villages``: Muna Barat's villages as :func:`load_villages` gives them."""
    registry = registry.cast(REGISTRY_SCHEMA)  # type: ignore[arg-type]
    chosen = _as_people(
        _chosen(registry, seed, "village", REGISTRY_AGAIN + TWINS + SIBLINGS + NAMESAKES),
        villages,
    )
    again = _swap_dates(chosen.head(REGISTRY_AGAIN), seed)
    anchors = chosen.slice(REGISTRY_AGAIN)
    population = make_population(NEW_PEOPLE, seed=seed, villages=villages, today=POPULATION_DAY)
    new = population.with_columns(kind=pl.lit("new"), family=pl.format("h{}", pl.col("household")))
    start = NEW_PEOPLE + 1
    look_alikes = pl.concat(
        [
            _look_alikes(anchors.head(TWINS), "twin", seed, start),
            _look_alikes(anchors.slice(TWINS, SIBLINGS), "sibling", seed, start + TWINS),
            _look_alikes(
                anchors.slice(TWINS + SIBLINGS), "namesake", seed, start + TWINS + SIBLINGS
            ),
        ]
    )
    fresh = _issue_niks(
        pl.concat([new.select(_PEOPLE), look_alikes.select(_PEOPLE)]), registry["nik"]
    )
    people = pl.concat([again.select(_PEOPLE), fresh])
    records = make_records(
        people.drop("kind", "family"), seed=seed, duplicate_rate=DUPLICATES / people.height
    )
    if records.height != ROWS:  # the composition above adds up to ROWS by construction
        raise AssertionError(f"{records.height} rows, not {ROWS}")
    truth = people.select(TRUTH)
    return records.join(truth, on="entity", how="left", maintain_order="left").select(
        *LABELS, *TRUTH
    )


def dtsen_refresh(
    registry: pl.DataFrame, villages: pl.DataFrame, *, seed: int = SEED
) -> pl.DataFrame:
    """A DTSEN extract of :data:`DTSEN_ROWS` registered pekerja rentan with a new desil:
    :data:`DTSEN_HEADERS` columns, ``Desil Nasional`` and ``TRUTH``. Names, dates and
    layouts are as messy as a village's; a NIK is the registry's, or missing or damaged by
    Excel (the row is refused), never another valid NIK."""
    registry = registry.cast(REGISTRY_SCHEMA)  # type: ignore[arg-type]
    listed = _as_people(_chosen(registry, seed, "dtsen", DTSEN_ROWS), villages)
    # Household members entered under a registered person's NIK (who is listed too).
    members = _look_alikes(listed.head(DTSEN_SHARED_NIK), "sibling", seed + 1, 1)
    people = pl.concat([listed, members.with_columns(kind=pl.lit("nik_shared"))])
    records = make_records(people.select(_PEOPLE), seed=seed + 1, duplicate_rate=0)
    true_nik = people.select("entity", "kind", "family", "desil", _nik="nik")
    nik, name = pl.col(FIELD_LABELS["nik"]), pl.col(FIELD_LABELS["full_name"])
    digits = nik.str.replace_all(r"\D", "")
    records = records.join(true_nik, on="entity", how="left", maintain_order="left").with_columns(
        pl.when((digits.str.len_chars() == 16) & (digits != pl.col("_nik")))
        .then(pl.col("_nik"))
        .otherwise(nik)
        .alias(FIELD_LABELS["nik"])
    )
    # A few people listed twice, both times with the last letter of the name lost.
    twice = records.filter((nik == pl.col("_nik")) & (pl.col("kind") == "registry"))
    twice = twice.head(DTSEN_TWICE)
    twice = twice.with_columns(name.str.slice(0, name.str.len_chars() - 1))
    records = pl.concat(
        [records.join(twice.select("entity"), on="entity", how="anti"), twice, twice]
    )
    order = uniform(seed, "dtsen/order", records.height)
    change = (pl.lit(uniform(seed, "dtsen/desil", records.height)) * 10).floor()
    step = pl.when(change < 2).then(-1).when(change >= 9).then(1).otherwise(0)
    return (
        records.with_columns(
            (pl.col("desil").fill_null(3) + step)
            .clip(1, 10)
            .cast(pl.String)
            .alias("Desil Nasional"),
            _order=order,
        )
        .sort("_order")
        .select(
            *[pl.col(FIELD_LABELS[field]).alias(header) for field, header in DTSEN_HEADERS.items()],
            "Desil Nasional",
            *TRUTH,
        )
    )


def write_csv(records: pl.DataFrame, path: Path) -> None:
    """The file without the truth columns, as UTF-8 CSV."""
    records.drop(TRUTH, strict=False).write_csv(path)
