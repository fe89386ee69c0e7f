"""Pure tests of the insurer layouts and frame checks (no database)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from kawal.domain.insurer_layouts import (
    BPU_KOLEKTIF,
    LAYOUTS,
    RESPONSE_STANDARD,
    ROSTER_STANDARD,
    Column,
    Layout,
    default_registration_layout,
    get_layout,
    mask_kpj,
)
from kawal.domain.regions import load_region_codes
from kawal.pipelines.insurer import (
    ExchangeFileError,
    check_registration,
    check_response,
    check_roster,
    map_incoming,
    mask_nik_expr,
    reconcile,
    registration_frame,
    write_table,
)
from kawal.pipelines.intake.read import read_table

TODAY = date(2026, 3, 1)


def test_layout_registry():
    assert sorted(LAYOUTS) == [
        "bpu_kolektif",
        "daftar_peserta",
        "kematian_dukcapil",
        "pu_sipp",
        "respons_standar",
    ]
    assert default_registration_layout("non_asn").code == "pu_sipp"
    assert default_registration_layout("pekerja_rentan").code == "bpu_kolektif"
    with pytest.raises(KeyError, match="known: respons_standar"):
        get_layout("bpu_kolektif", "response")
    with pytest.raises(ValueError, match="unknown source"):
        Layout(code="x", kind="registration", label="x", columns=(Column("A", "salary"),))
    with pytest.raises(ValueError, match="needs a NIK"):
        Layout(code="x", kind="registration", label="x", columns=(Column("A", "full_name"),))


def test_masks():
    assert mask_kpj("21012345678") == "21*******78"
    assert mask_kpj("1234") == "****"
    masked = pl.Series(["7413034507900001", "74130", "", None]).to_frame("n")
    assert masked.select(mask_nik_expr(pl.col("n")).alias("n"))["n"].to_list() == [
        "7413**********01",
        "74**************",
        "",
        "",
    ]


def members() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "membership_id": [1, 2, 3, 4],
            "nik": ["7413034507900001", "7413031508850002", "7413030101800004", "12345"],
            "full_name": ["Wa Ode", " ", "La Baa", "X"],
            "birth_date": [date(1990, 7, 5), date(1985, 8, 15), date(1980, 1, 2), date(1990, 1, 1)],
            "sex": ["P", "L", "P", "L"],
            "village_name": ["Wamelai", "Wamelai", "Lagadi", "=HYPERLINK(1)"],
        }
    )


def test_check_registration_refusals():
    checked = check_registration(members(), codes=load_region_codes(), today=TODAY)
    assert checked["refusal"].to_list() == [
        None,
        "NAME_MISSING",
        "BIRTH_DATE_MISMATCH;SEX_MISMATCH",
        "NIK_INVALID",
    ]


def test_registration_file_round_trip(tmp_path):
    frame = registration_frame(members(), BPU_KOLEKTIF)
    assert frame.columns == [c.header for c in BPU_KOLEKTIF.columns]
    assert frame["NO"].to_list() == ["1", "2", "3", "4"]
    assert frame["TANGGAL LAHIR"][0] == "05-07-1990"
    assert frame["KELURAHAN/DESA"][3] == "'=HYPERLINK(1)"
    for suffix in ("csv", "xlsx"):
        path = tmp_path / f"f.{suffix}"
        write_table(frame, path)
        back = read_table(path, max_bytes=10**6).frame
        assert back["NIK"].to_list() == members()["nik"].to_list()
        assert back["TEMPAT LAHIR"].null_count() == 4


def response(lines: list[list[str | None]]) -> pl.DataFrame:
    header = ["row", *RESPONSE_STANDARD.headers]
    return pl.DataFrame(
        [[i + 1, *line] for i, line in enumerate(lines)], schema=header, orient="row"
    ).with_columns(pl.col("row").cast(pl.Int64))


def test_check_response_outcomes_and_problems():
    ours = pl.DataFrame(
        {
            "membership_id": [1, 2, 3],
            "nik": ["7413034507900001", "7413031508850002", "7413030101800004"],
            "status": ["submitted", "submitted", "active"],
        }
    )
    taken = pl.DataFrame({"kpj": ["21000000099"], "membership_id": [3]})
    frame = response(
        [
            ["7413 0345 0790 0001", "A", " Diterima ", "210-000-000-11", "1 Februari 2026", None],
            ["7413031508850002", "B", "DITOLAK", None, None, None],
            ["7413030101800004", "C", "DITERIMA", "21000000044", "01-02-2026", None],
            ["7413039999990009", "D", "DITERIMA", "21000000099", "01-02-2026", None],
        ]
    )
    out = check_response(frame, RESPONSE_STANDARD, members=ours, taken_kpj=taken, today=TODAY)
    assert out.select("outcome", "kpj", "start_date", "reason", "problems").rows() == [
        ("active", "21000000011", date(2026, 2, 1), "", None),
        ("rejected", "", None, "Ditolak BPJS (tanpa keterangan)", None),
        ("invalid", "21000000044", date(2026, 2, 1), "", "NOT_SUBMITTED"),
        ("invalid", "21000000099", date(2026, 2, 1), "", "NIK_UNKNOWN;KPJ_TAKEN"),
    ]


def test_map_incoming_reports_missing_and_doubled_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("No KTP,Hasil Verifikasi,NIK\n7413034507900001,DITERIMA,1\n")
    with pytest.raises(ExchangeFileError, match="sama-sama"):
        map_incoming(read_table(path, max_bytes=10**6), RESPONSE_STANDARD)
    path.write_text("Nama,KPJ\nA,1\n")
    with pytest.raises(ExchangeFileError) as error:
        map_incoming(read_table(path, max_bytes=10**6), RESPONSE_STANDARD)
    assert error.value.code == "HEADER_MISSING"
    assert "nik: NIK / No KTP / Nomor KTP; result:" in error.value.message


def test_reconcile_categories():
    ours = pl.DataFrame(
        {
            "membership_id": [1, 2, 3, 4],
            "nik": ["a" * 16, "b" * 16, "c" * 16, "d" * 16],
            "full_name": ["A", "B", "C", "D"],
            "village_name": ["V", "V", "V", "V"],
            "status": ["active", "active", "submitted", "active"],
            "kpj": ["21000000011", "21000000022", "", "21000000044"],
        }
    )
    roster_in = pl.DataFrame(
        {
            "row": [1, 2, 3, 4],
            "nik": ["a" * 16, "b" * 16, "c" * 16, "e" * 16],
            "full_name": ["A", "B", "C", "E"],
            "kpj": ["21000000011", "21000000029", "21000000033", "21000000055"],
            "status": ["aktif", "nonaktif", "aktif", "aktif"],
            "start_date": [None, None, None, None],
            "village_name": [None, None, None, "W"],
        },
        schema_overrides={"row": pl.Int64, "start_date": pl.String},
    )
    theirs = check_roster(roster_in, ROSTER_STANDARD, today=TODAY)
    assert theirs["problems"].null_count() == 4
    found = reconcile(ours, theirs)
    assert found.select("category", "full_name").rows() == [
        ("theirs_not_ours", "E"),
        ("ours_not_theirs", "D"),
        ("status_differs", "B"),
        ("status_differs", "C"),
        ("kpj_differs", "B"),
    ]


def test_check_deaths_outcomes_and_problems():
    from kawal.pipelines.deaths import check_deaths

    persons = pl.DataFrame(
        {
            "person_id": [1, 2, 3],
            "nik": ["7413034507900001", "7413031508850002", "7413035203920003"],
            "birth_date": [date(1990, 7, 5), date(1985, 8, 15), date(1992, 3, 12)],
            "date_of_death": [None, date(2026, 2, 1), date(2026, 2, 1)],
        }
    )
    incoming = pl.DataFrame(
        {
            "row": [2, 3, 4, 5, 6, 7, 8],
            "nik": [
                "7413 0345 0790 0001",
                "7413031508850002",
                "7413035203920003",
                "7413030101700099",
                "74130",
                "7413035203920003x",
                "7413034507900009",
            ],
            "full_name": ["A", "B", "C", "D", "E", "F", None],
            "date_of_death": [
                "10-02-2026",
                "2026-02-01",
                "03/02/2026",
                "05-01-2026",
                "05-01-2026",
                "05-01-2026",
                "01-04-2026",
            ],
            "place_of_death": [None] * 7,
        }
    )
    out = check_deaths(incoming, persons=persons, today=TODAY)
    assert out["outcome"].to_list() == [
        "death",
        "already",
        "date_differs",
        "unknown",
        "invalid",
        "invalid",
        "invalid",
    ]
    assert out["person_id"].to_list() == [1, 2, 3, None, None, None, None]
    assert out["problems"].to_list() == [
        None,
        None,
        None,
        None,
        "NIK_INVALID",
        "NIK_INVALID",
        "DEATH_DATE_FUTURE",
    ]
    assert out["date_of_death"][0] == date(2026, 2, 10)
    assert out["recorded"][2] == date(2026, 2, 1)
