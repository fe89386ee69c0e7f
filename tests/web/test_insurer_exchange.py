"""The insurer exchange services end to end on a real database: export, response, roster."""

from __future__ import annotations

from datetime import date

import pytest

from kawal.accounts.models import AuditEvent
from kawal.enrolment.models import Membership
from kawal.insurer.models import ExchangeBatch, ExchangeRow
from kawal.insurer.response import response_apply, response_preview
from kawal.insurer.roster import roster_import
from kawal.insurer.services import (
    InsurerError,
    registration_confirm,
    registration_file,
    registration_prepare,
)
from kawal.pipelines.intake.read import read_table
from kawal.registry.models import Person
from tests.web.insurer_fixtures import *  # noqa: F403 (the fixtures cohort_of and liaison)
from tests.web.insurer_fixtures import RESPONSE_HEADER, response_lines, write_csv


@pytest.fixture(autouse=True)
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def statuses(cohort) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in cohort.memberships.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_export_refuses_inconsistent_members_and_submits_the_rest(cohort_of, dinas_admin):
    ex = cohort_of()
    # Birth date that disagrees with the NIK, and an empty name: both refused before export.
    Person.objects.filter(pk=ex.people[3].pk).update(birth_date=date(1980, 1, 2))
    Person.objects.filter(pk=ex.people[4].pk).update(full_name="")
    batch = registration_prepare(actor=dinas_admin, cohort=ex.cohort)
    assert batch.status == "preview"
    assert batch.layout == "bpu_kolektif"
    assert batch.summary == {
        "members": 5,
        "ready": 3,
        "refused": 2,
        "refused_by_reason": {"BIRTH_DATE_MISMATCH": 1, "NAME_MISSING": 1},
    }
    assert statuses(ex.cohort) == {"approved": 5}  # nothing changes before confirmation
    refused = dict(batch.rows.filter(outcome="refused").values_list("membership_id", "problems"))
    assert refused == {
        ex.memberships[3].pk: "BIRTH_DATE_MISMATCH",
        ex.memberships[4].pk: "NAME_MISSING",
    }

    batch = registration_confirm(actor=dinas_admin, batch=batch)
    assert batch.status == "applied"
    assert statuses(ex.cohort) == {"submitted": 3, "approved": 2}
    assert Membership.objects.filter(status="submitted", submitted_at__isnull=False).count() == 3
    path = registration_file(batch)
    assert path is not None
    assert path.suffix == ".xlsx"
    frame = read_table(path, max_bytes=10**7).frame
    assert frame.columns[:7] == [
        "row",
        "NO",
        "NIK",
        "NAMA LENGKAP",
        "TEMPAT LAHIR",
        "TANGGAL LAHIR",
        "JENIS KELAMIN",
    ]
    assert frame["NIK"].to_list() == ["7413034507900001", "7413031508850002", "7413035203920003"]
    assert frame["TANGGAL LAHIR"].to_list() == ["05-07-1990", "15-08-1985", "12-03-1992"]
    assert frame["KELURAHAN/DESA"].to_list() == ["Wamelai", "Wamelai", "Lagadi"]
    assert frame["PROGRAM"].unique().to_list() == ["JKK+JKM"]
    assert frame["JUMLAH BULAN"].unique().to_list() == ["12"]
    assert AuditEvent.objects.filter(action="membership.submitted").count() == 3
    assert AuditEvent.objects.filter(action="insurer.registration_export").count() == 1
    with pytest.raises(InsurerError, match="sudah diproses"):
        registration_confirm(actor=dinas_admin, batch=batch)


def test_response_with_rejections_applies_exact_counts(cohort_of, dinas_admin, tmp_path):
    ex = cohort_of(status="submitted")
    path = write_csv(tmp_path / "jawaban.csv", response_lines())
    received = response_preview(
        actor=dinas_admin, cohort=ex.cohort, source=path, file_name="jawaban.csv"
    )
    batch = received.batch
    assert received.created
    assert batch.status == "preview"
    assert batch.summary["to_active"] == 3
    assert batch.summary["to_rejected"] == 2
    assert batch.summary["invalid"] == 0
    assert batch.summary["rejected_by_reason"] == {"NIK tidak padan Dukcapil": 1, "Data ganda": 1}
    assert statuses(ex.cohort) == {"submitted": 5}

    batch = response_apply(actor=dinas_admin, batch=batch)
    assert batch.summary["active"] == 3
    assert batch.summary["rejected"] == 2
    got = {
        m.person.nik: (m.status, m.kpj, m.start_date, m.reject_reason)
        for m in Membership.objects.filter(cohort=ex.cohort).select_related("person")
    }
    assert got == {
        "7413034507900001": ("active", "21000000011", date(2026, 2, 1), ""),
        "7413031508850002": ("active", "21000000022", date(2026, 2, 1), ""),
        "7413035203920003": ("rejected", "", None, "NIK tidak padan Dukcapil"),
        "7413030101800004": ("active", "21000000044", date(2026, 2, 1), ""),
        "7413036112950005": ("rejected", "", None, "Data ganda"),
    }
    audits = AuditEvent.objects.filter(action="membership.insurer_response")
    assert audits.count() == 5
    assert "21000000011" not in str(list(audits.values_list("changes", flat=True)))

    # The same file again is recognised, not applied twice.
    again = response_preview(actor=dinas_admin, cohort=ex.cohort, source=path, file_name="lagi.csv")
    assert not again.created
    assert again.batch.pk == batch.pk
    with pytest.raises(InsurerError, match="sudah diterapkan"):
        response_apply(actor=dinas_admin, batch=again.batch)
    assert ExchangeBatch.objects.filter(kind="response").count() == 1


def _bad(tmp_path, name: str, lines: list[list[str]]):
    return write_csv(tmp_path / name, lines)


@pytest.mark.parametrize(
    ("lines", "problems"),
    [
        (  # a NIK that is not in the cohort
            [
                RESPONSE_HEADER,
                ["7413034507900009", "X", "DITERIMA", "21000000099", "01-02-2026", ""],
            ],
            {"NIK_UNKNOWN": 1},
        ),
        (  # the same NIK twice
            [
                RESPONSE_HEADER,
                ["7413034507900001", "A", "DITERIMA", "21000000011", "01-02-2026", ""],
                ["7413034507900001", "A", "DITOLAK", "", "", "x"],
            ],
            {"NIK_DUPLICATE": 2},
        ),
        (  # accepted without KPJ or date, unknown result, same KPJ twice
            [
                RESPONSE_HEADER,
                ["7413034507900001", "A", "DITERIMA", "", "", ""],
                ["7413031508850002", "B", "MUNGKIN", "", "", ""],
                ["7413035203920003", "C", "DITERIMA", "21000000033", "31-02-2026", ""],
                ["7413030101800004", "D", "DITERIMA", "21000000044", "01-02-2026", ""],
                ["7413036112950005", "E", "DITERIMA", "21000000044", "01-02-2026", ""],
            ],
            {
                "KPJ_MISSING": 1,
                "START_DATE_INVALID": 2,
                "RESULT_UNKNOWN": 1,
                "KPJ_DUPLICATE": 2,
            },
        ),
    ],
)
def test_bad_response_rows_reject_the_whole_file(cohort_of, dinas_admin, tmp_path, lines, problems):
    ex = cohort_of(status="submitted")
    path = write_csv(tmp_path / "jawaban.csv", lines)
    batch = response_preview(
        actor=dinas_admin, cohort=ex.cohort, source=path, file_name="jawaban.csv"
    ).batch
    assert batch.status == "rejected"
    assert batch.summary["problems"] == problems
    assert statuses(ex.cohort) == {"submitted": 5}
    with pytest.raises(InsurerError, match="bermasalah"):
        response_apply(actor=dinas_admin, batch=batch)
    assert statuses(ex.cohort) == {"submitted": 5}


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"Nomor,Nama,Hasil Akhir\n7413034507900001,A,DITERIMA\n", "HEADER_MISSING"),
        (b"", "INTAKE_EMPTY"),
        (b"\x00\x01\x02PK garbage \xff\xfe\x00\x81\x8d", "INTAKE_NOT_TEXT"),
        (b"NIK,Nama,Status\n" + b"\x81\x8d\x8f\x90\x9d,\x81,\x90\n", "INTAKE_NOT_TEXT"),
    ],
)
def test_unreadable_response_files_change_nothing(cohort_of, dinas_admin, tmp_path, content, code):
    ex = cohort_of(status="submitted")
    path = tmp_path / "jawaban.csv"
    path.write_bytes(content)
    with pytest.raises(InsurerError) as error:
        response_preview(actor=dinas_admin, cohort=ex.cohort, source=path, file_name="x.csv")
    assert error.value.code == code
    assert error.value.message
    assert ExchangeBatch.objects.count() == 0
    assert ExchangeRow.objects.count() == 0
    assert statuses(ex.cohort) == {"submitted": 5}


def test_cp1252_response_is_read(cohort_of, dinas_admin, tmp_path):
    ex = cohort_of(status="submitted")
    lines = response_lines()
    lines[3][5] = "NIK tidak padan — cek Dukcapil é"
    path = write_csv(tmp_path / "jawaban.csv", lines, encoding="cp1252")
    batch = response_preview(
        actor=dinas_admin, cohort=ex.cohort, source=path, file_name="x.csv"
    ).batch
    assert batch.status == "preview"
    assert "NIK tidak padan — cek Dukcapil é" in batch.summary["rejected_by_reason"]


def test_response_for_members_not_submitted_is_refused(cohort_of, dinas_admin, tmp_path):
    ex = cohort_of(status="approved")
    path = write_csv(tmp_path / "jawaban.csv", response_lines())
    batch = response_preview(
        actor=dinas_admin, cohort=ex.cohort, source=path, file_name="x.csv"
    ).batch
    assert batch.status == "rejected"
    assert batch.summary["problems"] == {"NOT_SUBMITTED": 5}


def test_roster_reconciliation_categories(cohort_of, dinas_admin, liaison, tmp_path):
    ex = cohort_of(status="submitted")
    path = write_csv(tmp_path / "jawaban.csv", response_lines())
    response_apply(
        actor=dinas_admin,
        batch=response_preview(
            actor=dinas_admin, cohort=ex.cohort, source=path, file_name="x.csv"
        ).batch,
    )
    # Ours active: ...0001 (KPJ 11), ...0002 (22), ...0004 (44). Rejected: 0003, 0005.
    roster = write_csv(
        tmp_path / "roster.csv",
        [
            ["NIK", "Nama Peserta", "KPJ", "Status Kepesertaan", "Desa"],
            ["7413034507900001", "WA ODE NURHAYATI", "21000000011", "AKTIF", "Wamelai"],
            ["7413031508850002", "LA ODE M RUSDI", "21000000029", "Non Aktif", "Wamelai"],
            ["7413037001000006", "WA ASING", "21000000066", "AKTIF", "Lawa"],
        ],
    )
    received = roster_import(actor=liaison, pemda=ex.cohort.pemda, source=roster, file_name="r.csv")
    batch = received.batch
    assert batch.status == "applied"
    assert batch.summary["categories"] == {
        "theirs_not_ours": 1,
        "ours_not_theirs": 1,
        "status_differs": 1,
        "kpj_differs": 1,
    }
    found = sorted(batch.rows.values_list("outcome", "nik_masked", "full_name", "village_name"))
    assert found == [
        ("kpj_differs", "7413**********02", "La Ode Muhammad Rusdi", "Wamelai"),
        ("ours_not_theirs", "7413**********04", "La Baa", "Lagadi"),
        ("status_differs", "7413**********02", "La Ode Muhammad Rusdi", "Wamelai"),
        ("theirs_not_ours", "7413**********06", "WA ASING", "Lawa"),
    ]
    assert statuses(ex.cohort) == {"active": 3, "rejected": 2}  # a roster changes nothing
    assert not roster_import(
        actor=liaison, pemda=ex.cohort.pemda, source=roster, file_name="r.csv"
    ).created


def test_roster_with_duplicates_is_rejected(cohort_of, liaison, tmp_path):
    ex = cohort_of(status="active")
    roster = write_csv(
        tmp_path / "roster.csv",
        [
            ["NIK", "KPJ", "Status"],
            ["7413034507900001", "21000000011", "AKTIF"],
            ["7413034507900001", "21000000011", "AKTIF"],
        ],
    )
    batch = roster_import(actor=liaison, pemda=ex.cohort.pemda, source=roster, file_name="r").batch
    assert batch.status == "rejected"
    assert batch.summary["problems"] == {"NIK_DUPLICATE": 2}


def test_liaison_cannot_export_or_apply(cohort_of, liaison, dinas_admin, tmp_path):
    ex = cohort_of(status="submitted")
    with pytest.raises(InsurerError):
        registration_prepare(actor=liaison, cohort=ex.cohort)
    path = write_csv(tmp_path / "jawaban.csv", response_lines())
    batch = response_preview(actor=liaison, cohort=ex.cohort, source=path, file_name="x").batch
    assert batch.status == "preview"
    with pytest.raises(InsurerError):
        response_apply(actor=liaison, batch=batch)
    assert statuses(ex.cohort) == {"submitted": 5}
