"""The messy intake generator: deterministic, exact counts, NIK rules, hard negatives, mess."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from bench.linkage_quality import pairwise_scores
from kawal.demo.messy_people import load_villages, make_population, uniform
from kawal.demo.messy_records import LABELS, make_records, write_village_file
from kawal.pipelines.intake.read import read_table

TODAY = date(2026, 1, 15)
N = 2_000
SEED = 11
EXCEL_E15 = r"^\d\.\d+E\+15$"


@pytest.fixture(scope="module")
def villages() -> pl.DataFrame:
    return load_villages()


@pytest.fixture(scope="module")
def people(villages: pl.DataFrame) -> pl.DataFrame:
    return make_population(N, seed=SEED, villages=villages, today=TODAY)


@pytest.fixture(scope="module")
def records(people: pl.DataFrame) -> pl.DataFrame:
    return make_records(people, seed=SEED)


def test_villages_of_muna_barat_and_the_province(villages: pl.DataFrame) -> None:
    assert villages.height == 86
    assert villages["code"].str.starts_with("7413").all()
    assert (villages["code"].str.slice(0, 6) == villages["district_code"]).all()
    assert villages["district_code"].n_unique() == 11
    province = load_villages("74")
    assert province.height == 2_287
    assert province["district_name"].null_count() == 0


def test_uniform_depends_on_the_row_only() -> None:
    whole = uniform(3, "salt", 1_000)
    rows = pl.Series([5, 17, 999], dtype=pl.UInt64)
    assert uniform(3, "salt", rows).to_list() == whole.gather([5, 17, 999]).to_list()
    assert uniform(3, "other", 1_000).to_list() != whole.to_list()
    assert whole.min() >= 0.0
    assert whole.max() < 1.0


def test_same_seed_same_frames(villages: pl.DataFrame, people, records) -> None:
    again = make_population(N, seed=SEED, villages=villages, today=TODAY)
    assert_frame_equal(again, people)
    assert_frame_equal(make_records(again, seed=SEED), records)


def test_another_seed_other_frames(villages: pl.DataFrame, people, records) -> None:
    other = make_population(N, seed=SEED + 1, villages=villages, today=TODAY)
    assert other["nik"].to_list() != people["nik"].to_list()
    shuffled = make_records(people, seed=SEED + 1)
    assert shuffled["entity"].to_list() != records["entity"].to_list()


def test_population_columns_and_count(people: pl.DataFrame) -> None:
    assert people.height == N
    assert people["entity"].to_list() == list(range(1, N + 1))
    assert people.schema["entity"] == pl.Int64
    assert people.schema["birth_date"] == pl.Date
    assert set(people["sex"].unique()) == {"L", "P"}
    for column in ("nik", "full_name", "birth_place", "mother_name", "village_code", "address"):
        assert people[column].null_count() == 0, column


def test_ages_between_18_and_64(people: pl.DataFrame) -> None:
    assert people["birth_date"].min() > date(1961, 1, 15)
    assert people["birth_date"].max() <= date(2008, 1, 15)


def test_nik_structure(people: pl.DataFrame) -> None:
    nik = pl.col("nik")
    birth = pl.col("birth_date")
    day = birth.dt.day() + pl.when(pl.col("sex") == "P").then(40).otherwise(0)
    checks = people.select(
        digits=nik.str.contains(r"^\d{16}$").all(),
        district=(nik.str.slice(0, 6) == pl.col("district_code")).all(),
        village=(nik.str.slice(0, 6) == pl.col("village_code").str.slice(0, 6)).all(),
        day=(nik.str.slice(6, 2).cast(pl.Int32) == day).all(),
        month=(nik.str.slice(8, 2).cast(pl.Int32) == birth.dt.month()).all(),
        year=(nik.str.slice(10, 2).cast(pl.Int32) == birth.dt.year() % 100).all(),
        unique=nik.is_unique().all(),
    )
    assert checks.row(0, named=True) == dict.fromkeys(checks.columns, True)


def test_nik_serials_count_from_0001_per_kecamatan_and_birth_date(people: pl.DataFrame) -> None:
    serials = people.group_by("district_code", "birth_date").agg(
        serial=pl.col("nik").str.slice(12).cast(pl.Int32).sort(),
        entity=pl.col("entity").sort(),
        in_entity_order=pl.col("nik").sort_by("entity").str.slice(12).cast(pl.Int32),
    )
    for row in serials.iter_rows(named=True):
        expected = list(range(1, len(row["serial"]) + 1))
        assert row["serial"] == expected
        assert row["in_entity_order"] == expected


def test_twins_share_everything_but_the_name(people: pl.DataFrame) -> None:
    twins = people.filter("twin").sort("entity")
    pairs = twins.group_by("household").agg(pl.all())
    assert pairs["entity"].list.len().to_list() == [2] * pairs.height
    assert 0.005 <= twins.height / N <= 0.02  # ~1 % of people are twins
    for pair in pairs.iter_rows(named=True):
        for same in ("mother_name", "birth_date", "village_code", "address", "rt", "rw"):
            assert pair[same][0] == pair[same][1], same
        first, second = sorted(pair["nik"], key=lambda n: n[12:])
        assert int(second[12:]) - int(first[12:]) == 1  # adjacent serials
        assert first[:6] == second[:6]
        assert pair["full_name"][0] != pair["full_name"][1]


def test_twins_include_similar_names(villages: pl.DataFrame) -> None:
    people = make_population(20_000, seed=SEED, villages=villages, today=TODAY)
    names = people.filter("twin")["full_name"].to_list()
    similar = ("Hasan", "Husen", "Husain", "Rahman", "Rahim", "Hasna", "Husna", "Fajar", "Fajri")
    assert any(word in similar for name in names for word in name.split())


def test_namesakes_in_one_village(people: pl.DataFrame) -> None:
    namesakes = people.group_by("village_code", "full_name").agg(
        people=pl.len(), birth_dates=pl.col("birth_date").n_unique()
    )
    repeated = namesakes.filter(pl.col("people") > 1)
    assert repeated.height > 0
    assert (repeated["birth_dates"] > 1).any()


def test_siblings_share_mother_and_address(people: pl.DataFrame) -> None:
    households = people.group_by("household").agg(
        size=pl.len(),
        mothers=pl.col("mother_name").n_unique(),
        addresses=pl.col("address").n_unique(),
        names=pl.col("full_name").n_unique(),
    )
    shared = households.filter(pl.col("size") > 1)
    assert shared.height > 0
    assert (shared["mothers"] == 1).all()
    assert (shared["addresses"] == 1).all()
    assert (shared["names"] == shared["size"]).all()


def test_about_70_percent_have_a_phone(people: pl.DataFrame) -> None:
    share = people["phone"].is_not_null().mean()
    assert 0.65 <= share <= 0.75  # type: ignore[operator]
    assert people["phone"].drop_nulls().str.contains(r"^08\d{10}$").all()


def test_record_counts_and_columns(people: pl.DataFrame, records: pl.DataFrame) -> None:
    assert records.height == N + round(N * 0.1)
    assert records.columns == [*LABELS, "entity"]
    assert records.schema["entity"] == pl.Int64
    assert all(dtype == pl.String for name, dtype in records.schema.items() if name != "entity")
    counts = records["entity"].value_counts()
    assert set(counts["entity"]) == set(people["entity"])  # everyone once, duplicates of them
    assert (counts["count"] - 1).sum() == round(N * 0.1)


@pytest.mark.parametrize("rate", [0.0, 0.25])
def test_duplicate_rate(people: pl.DataFrame, rate: float) -> None:
    records = make_records(people, seed=SEED, duplicate_rate=rate)
    assert records.height == N + round(N * rate)


def test_records_are_shuffled(records: pl.DataFrame) -> None:
    assert records["entity"].head(20).to_list() != list(range(1, 21))


def test_mess_zero_gives_clean_records(people: pl.DataFrame) -> None:
    clean = make_records(people, seed=SEED, mess=0.0).join(people, on="entity")
    assert (clean["NIK"] == clean["nik"]).all()
    assert (clean["Nama Lengkap"] == clean["full_name"]).all()
    assert (clean["Jenis Kelamin (L/P)"] == clean["sex"]).all()
    dates = clean["birth_date"].dt.strftime("%d-%m-%Y")
    assert (clean["Tanggal Lahir (DD-MM-YYYY)"] == dates).all()
    assert (clean["Desa/Kelurahan"] == clean["village_name"]).all()
    assert clean["No HP"].eq_missing(clean["phone"]).all()


def test_messy_niks(people: pl.DataFrame, records: pl.DataFrame) -> None:
    typed = records.join(people.select("entity", "nik"), on="entity")
    nik = pl.col("NIK")
    shares = typed.select(
        e15=nik.str.contains(EXCEL_E15).mean(),
        last_digit_lost=(
            (nik != pl.col("nik")) & (nik == pl.col("nik").str.slice(0, 15) + "0")
        ).mean(),
        spaced=nik.str.contains(r"^\d{4} \d{4} \d{4} \d{4}$").mean(),
        dotted=nik.str.contains(r"^\d\d\.\d\d\.\d\d\.\d{6}\.\d{4}$").mean(),
        padded=(nik.str.strip_chars() != nik).mean(),
        missing=nik.is_null().mean(),
        one_digit_off=(
            nik.str.contains(r"^\d{16}$")
            & (nik != pl.col("nik"))
            & (nik.str.slice(0, 15) + "0" != nik)
        ).mean(),
    ).row(0, named=True)
    for kind, share in shares.items():
        assert 0 < share < 0.06, kind


def test_messy_dates_names_and_phones(people: pl.DataFrame, records: pl.DataFrame) -> None:
    birth = records["Tanggal Lahir (DD-MM-YYYY)"].drop_nulls()
    assert birth.str.contains(r"^\d\d-\d\d-\d{4}$").mean() > 0.5  # type: ignore[operator]
    for form in (r"^\d\d/\d\d/\d\d$", r"^\d{4}-\d\d-\d\d$", r"^\d{1,2} [A-Z][a-z]+ \d{4}$"):
        assert birth.str.contains(form).any(), form
    assert birth.str.contains(r"^\d{5}$").any()  # Excel serial
    names = records["Nama Lengkap"]
    assert (names == names.str.to_uppercase()).mean() > 0.2  # type: ignore[operator]
    assert names.str.contains(r"^(?:Laode|L\.|Waode|W\.O\.) ").any()
    phones = records["No HP"].drop_nulls()
    assert phones.str.starts_with("+62 ").any()
    assert phones.str.contains("-").any()
    sex = records["Jenis Kelamin (L/P)"].drop_nulls()
    assert set(sex.unique()) >= {"L", "P", "Laki-laki", "Perempuan", "LK", "PR"}
    mothers_missing = records["Nama Ibu Kandung"].is_null().mean()
    assert 0.25 <= mothers_missing <= 0.4  # type: ignore[operator]


def test_csv_reads_back_as_written(records: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "desa.csv"
    write_village_file(records, path)
    result = read_table(path, max_bytes=10_000_000)
    assert result.columns == LABELS
    assert result.frame["row"].to_list() == list(range(1, records.height + 1))
    assert_frame_equal(result.frame.drop("row"), records.drop("entity"))


def test_xlsx_has_excel_niks_as_numbers(records: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "desa.xlsx"
    write_village_file(records, path)
    result = read_table(path, max_bytes=10_000_000)
    assert result.columns == LABELS
    assert result.frame.height == records.height
    numeric = result.numeric_mask("NIK")
    assert numeric.to_list() == records["NIK"].str.contains(EXCEL_E15).fill_null(False).to_list()
    assert result.frame["Nama Lengkap"].to_list() == records["Nama Lengkap"].to_list()


def test_other_file_types_are_refused(records: pl.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        write_village_file(records, tmp_path / "desa.ods")


def test_pairwise_scores() -> None:
    pred = pl.DataFrame({"element": ["a", "b", "c", "d", "e"], "cluster": [1, 1, 2, 2, 3]})
    truth = pl.DataFrame({"element": ["e", "d", "c", "b", "a"], "entity": [9, 8, 7, 7, 7]})
    scores = pairwise_scores(pred, truth)
    assert scores == {
        "elements": 5,
        "true_positive_pairs": 1,
        "predicted_pairs": 2,
        "true_pairs": 3,
        "precision": 0.5,
        "recall": 1 / 3,
        "f1": pytest.approx(0.4),
    }
    perfect = pairwise_scores(pred, pred.rename({"cluster": "entity"}))
    assert (perfect["precision"], perfect["recall"], perfect["f1"]) == (1.0, 1.0, 1.0)


def test_pairwise_scores_need_the_same_elements() -> None:
    pred = pl.DataFrame({"element": ["a", "b"], "cluster": [1, 1]})
    with pytest.raises(ValueError, match="same elements"):
        pairwise_scores(pred, pl.DataFrame({"element": ["a", "c"], "entity": [1, 1]}))
    with pytest.raises(ValueError, match="twice"):
        pairwise_scores(pred, pl.DataFrame({"element": ["a", "a"], "entity": [1, 1]}))
