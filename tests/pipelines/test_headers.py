from __future__ import annotations

import pytest

from kawal.domain.intake_sources import FIELD_LABELS, HEADER_SYNONYMS, REQUIRED, SOURCES
from kawal.pipelines.intake.headers import (
    HeaderMapping,
    header_key,
    map_headers,
    requirement_label,
    template_columns,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIK", "nik"),
        ("No. KTP", "nik"),
        ("No KTP", "nik"),
        ("Nomor Induk Kependudukan", "nik"),
        ("NIK KTP", "nik"),
        ("Nama", "full_name"),
        ("Nama Lengkap", "full_name"),
        ("Nama Sesuai KTP", "full_name"),
        ("Tgl Lahir", "birth_date"),
        ("Tanggal Lahir", "birth_date"),
        ("TTL", "birth_place_date"),
        ("Tempat, Tanggal Lahir", "birth_place_date"),
        ("Tempat Lahir", "birth_place"),
        ("JK", "sex"),
        ("L/P", "sex"),
        ("Jenis Kelamin", "sex"),
        ("Desa/Kel", "village"),
        ("Desa", "village"),
        ("Kelurahan", "village"),
        ("Desa/Kelurahan", "village"),
        ("Kode Desa", "village_code"),
        ("Kecamatan", "district"),
        ("Kec", "district"),
        ("No HP", "phone"),
        ("No. HP", "phone"),
        ("Telepon", "phone"),
        ("HP/WA", "phone"),
        ("Pekerjaan", "occupation"),
        ("Jenis Pekerjaan", "occupation"),
        ("Desil", "desil"),
        ("Desil Kesejahteraan", "desil"),
        ("Nama Ibu", "mother_name"),
        ("Nama Ibu Kandung", "mother_name"),
        ("Status Kawin", "marital_status"),
        ("Status Perkawinan", "marital_status"),
        ("OPD", "work_unit"),
        ("Unit Kerja", "work_unit"),
        ("SKPD", "work_unit"),
        ("Upah", "wage"),
        ("Gaji", "wage"),
        ("Alamat", "address"),
        ("RT/RW", "rt_rw"),
        ("Badan Ad Hoc", "adhoc_body"),
        ("Pemilihan", "election"),
        ("TMT", "start_date"),
        ("Tanggal Selesai", "end_date"),
        ("Periode Data", "data_period"),
    ],
)
def test_synonyms(header: str, field: str) -> None:
    mapping = map_headers([header], source="adhoc")
    assert dict(mapping.columns) == {header: field}
    assert mapping.unmapped == ()


@pytest.mark.parametrize(
    "header",
    ["no ktp", "NO_KTP", " No.  KTP ", "no-ktp", "NO. KTP (16 digit)", "NoKTP"],
)
def test_matching_ignores_case_space_punctuation_and_brackets(header: str) -> None:
    assert dict(map_headers([header], source="village").columns) == {header: "nik"}


def test_header_key() -> None:
    assert header_key("Tgl. Lahir (DD-MM-YYYY)") == "tgllahir"
    assert header_key("Désa / Kel.") == "desakel"
    assert header_key("\ufeffNIK") == "nik"
    assert header_key("(L/P)") == "lp"
    assert header_key("") == ""


def test_every_synonym_and_label_maps_to_its_field() -> None:
    for field, synonyms in HEADER_SYNONYMS.items():
        for header in (FIELD_LABELS[field], *synonyms):
            assert dict(map_headers([header], source="adhoc").columns) == {header: field}


def test_full_village_file() -> None:
    columns = ["No", "NIK", "Nama", "TTL", "L/P", "Desa/Kel", "Kec.", "No HP", "Keterangan"]
    mapping = map_headers(columns, source="village")
    assert mapping == HeaderMapping(
        source="village",
        columns={
            "NIK": "nik",
            "Nama": "full_name",
            "TTL": "birth_place_date",
            "L/P": "sex",
            "Desa/Kel": "village",
            "Kec.": "district",
            "No HP": "phone",
        },
        unmapped=("No", "Keterangan"),
        missing=(),
        duplicates={},
        errors=(),
    )
    assert mapping.ok
    assert mapping.column_for("sex") == "L/P"
    assert mapping.column_for("mother_name") is None
    assert mapping.provides("birth_date")
    assert mapping.provides("birth_place")
    assert not mapping.provides("desil")


def test_missing_required_fields_per_source() -> None:
    columns = ["NIK", "Nama"]
    assert map_headers(columns, source="village").missing == (
        ("birth_date",),
        ("sex",),
        ("village",),
    )
    assert map_headers(columns, source="dtsen").missing == (("desil",), ("village", "address"))
    assert map_headers(columns, source="non-asn").missing == (("birth_date",), ("work_unit",))
    assert map_headers(columns, source="adhoc").missing == (
        ("adhoc_body",),
        ("start_date",),
        ("end_date",),
    )
    mapping = map_headers(["Nama"], source="p3ke")
    assert [(item.code, item.field, item.message_id) for item in mapping.errors] == [
        ("HEADER_MISSING", "nik", "Kolom wajib NIK tidak ditemukan di baris judul berkas."),
        ("HEADER_MISSING", "desil", "Kolom wajib Desil tidak ditemukan di baris judul berkas."),
        (
            "HEADER_MISSING",
            "village",
            "Kolom wajib Desa/Kelurahan atau Alamat tidak ditemukan di baris judul berkas.",
        ),
    ]
    assert not mapping.ok


def test_address_or_village_satisfies_social_registry_sources() -> None:
    for extra in (["Alamat"], ["Desa"], ["Kode Desa"]):
        for source in ("dtsen", "dtks", "p3ke"):
            assert map_headers(["NIK", "Nama", "Desil", *extra], source=source).ok


def test_kode_desa_satisfies_village() -> None:
    mapping = map_headers(
        ["NIK", "Nama", "Tgl Lahir", "JK", "Kode Desa", "Nama Desa"], source="village"
    )
    assert mapping.ok
    assert dict(mapping.columns)["Kode Desa"] == "village_code"
    assert dict(mapping.columns)["Nama Desa"] == "village"


def test_duplicates_keep_first_and_report() -> None:
    mapping = map_headers(
        [
            "NIK",
            "Nama",
            "No KTP",
            "Tgl Lahir",
            "JK",
            "Desa",
            "Kelurahan",
            "Nomor Induk Kependudukan",
        ],
        source="village",
    )
    assert dict(mapping.columns) == {
        "NIK": "nik",
        "Nama": "full_name",
        "Tgl Lahir": "birth_date",
        "JK": "sex",
        "Desa": "village",
    }
    assert dict(mapping.duplicates) == {
        "nik": ("NIK", "No KTP", "Nomor Induk Kependudukan"),
        "village": ("Desa", "Kelurahan"),
    }
    assert [(item.code, item.field, item.message_id) for item in mapping.errors] == [
        (
            "HEADER_DUPLICATE",
            "nik",
            "Lebih dari satu kolom berisi NIK. Hapus atau ganti nama kolom yang berlebih.",
        ),
        (
            "HEADER_DUPLICATE",
            "village",
            "Lebih dari satu kolom berisi Desa/Kelurahan. Hapus atau ganti nama kolom yang "
            "berlebih.",
        ),
    ]
    assert mapping.unmapped == ()
    assert not mapping.ok


def test_same_header_twice_is_a_duplicate() -> None:
    mapping = map_headers(["NIK", "NIK", "Nama"], source="dtsen")
    assert dict(mapping.duplicates) == {"nik": ("NIK", "NIK")}


def test_preset_overrides_synonyms() -> None:
    columns = ["NIK", "Nama", "Nama KK", "Tgl", "Kelamin", "Desa"]
    preset = {"nama kk": "mother_name", "TGL": "birth_date", "Nama": "full_name"}
    mapping = map_headers(columns, source="village", preset=preset)
    assert dict(mapping.columns) == {
        "NIK": "nik",
        "Nama": "full_name",
        "Nama KK": "mother_name",
        "Tgl": "birth_date",
        "Kelamin": "sex",
        "Desa": "village",
    }
    assert mapping.ok


def test_preset_field_wins_over_a_synonym_column() -> None:
    # The user said "ID Warga" is the NIK: the column literally named NIK is then ignored.
    mapping = map_headers(
        ["ID Warga", "NIK", "Nama", "Desil", "Alamat"], source="dtsen", preset={"ID Warga": "nik"}
    )
    assert dict(mapping.columns) == {
        "ID Warga": "nik",
        "Nama": "full_name",
        "Desil": "desil",
        "Alamat": "address",
    }
    assert mapping.unmapped == ("NIK",)
    assert mapping.ok


def test_preset_can_ignore_a_column() -> None:
    mapping = map_headers(
        ["NIK", "Nama", "Desa", "Desil", "Kelurahan"], source="dtks", preset={"Kelurahan": ""}
    )
    assert mapping.unmapped == ("Kelurahan",)
    assert mapping.ok


def test_preset_duplicate_is_reported() -> None:
    mapping = map_headers(
        ["A", "B", "Nama", "Desil", "Alamat"], source="dtsen", preset={"A": "nik", "B": "nik"}
    )
    assert dict(mapping.duplicates) == {"nik": ("A", "B")}


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        map_headers(["NIK"], source="village", preset={"NIK": "nomor"})
    with pytest.raises(ValueError, match="unknown intake source"):
        map_headers(["NIK"], source="bansos")
    with pytest.raises(ValueError, match="unknown intake source"):
        template_columns("bansos")


def test_templates() -> None:
    assert template_columns("village") == [
        "NIK",
        "Nama Lengkap",
        "Jenis Kelamin (L/P)",
        "Tempat Lahir",
        "Tanggal Lahir (DD-MM-YYYY)",
        "Nama Ibu Kandung",
        "Status Perkawinan",
        "Alamat",
        "RT",
        "RW",
        "Desa/Kelurahan",
        "Kecamatan",
        "No HP",
        "Pekerjaan",
    ]
    assert template_columns("dtsen") == template_columns("p3ke") == template_columns("dtks")
    assert "Desil" in template_columns("dtsen")
    assert "Unit Kerja (OPD)" in template_columns("non-asn")
    assert "Badan Ad Hoc" in template_columns("adhoc")


@pytest.mark.parametrize("source", SOURCES)
def test_template_maps_back_completely(source: str) -> None:
    columns = template_columns(source)
    mapping = map_headers(columns, source=source)
    assert mapping.ok
    assert mapping.unmapped == ()
    assert list(mapping.columns) == columns
    for requirement in REQUIRED[source]:
        assert any(mapping.provides(name) for name in requirement)


def test_requirement_label() -> None:
    assert requirement_label(("birth_date",)) == "Tanggal Lahir"
    assert requirement_label(("village", "address")) == "Desa/Kelurahan atau Alamat"
