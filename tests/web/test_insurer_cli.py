"""``kawal insurer`` on files the test writes."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kawal.enrolment.models import Membership
from kawal.pipelines.intake.read import read_table
from tests.web.insurer_fixtures import *  # noqa: F403 (the fixtures cohort_of and liaison)
from tests.web.insurer_fixtures import RESPONSE_HEADER, response_lines, write_csv


@pytest.fixture(autouse=True)
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"


def test_export_response_and_roster_from_the_command_line(cohort_of, dinas_admin, tmp_path, capsys):
    ex = cohort_of()
    out = tmp_path / "kirim.csv"
    call_command("insurer", "export", "--cohort", str(ex.cohort.pk), "--out", str(out), "--check")
    assert not out.exists()
    call_command("insurer", "export", "--cohort", str(ex.cohort.pk), "--out", str(out))
    printed = capsys.readouterr().out
    assert "5 siap, 0 ditolak" in printed
    assert "5 peserta didaftarkan" in printed
    assert read_table(out, max_bytes=10**7).frame["NIK"].to_list()[:2] == [
        "7413034507900001",
        "7413031508850002",
    ]
    assert Membership.objects.filter(status="submitted").count() == 5

    answer = write_csv(tmp_path / "jawaban.csv", response_lines())
    call_command("insurer", "response", str(answer), "--cohort", str(ex.cohort.pk))
    assert "3 akan aktif, 2 ditolak BPJS" in capsys.readouterr().out
    assert Membership.objects.filter(status="submitted").count() == 5
    call_command("insurer", "response", str(answer), "--cohort", str(ex.cohort.pk), "--apply")
    printed = capsys.readouterr().out
    assert "sudah diterima sebagai batch" in printed
    assert "Diterapkan: 3 aktif, 2 ditolak." in printed

    roster = write_csv(
        tmp_path / "roster.csv",
        [["NIK", "KPJ", "Status"], ["7413034507900001", "21000000011", "AKTIF"]],
    )
    report = tmp_path / "rekon.csv"
    call_command("insurer", "roster", str(roster), "--pemda", "74.13", "--report", str(report))
    printed = capsys.readouterr().out
    assert "Aktif di Kawal, tidak ada di BPJS: 2" in printed
    assert "Ada di BPJS, tidak ada di Kawal: 0" in printed
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Baris,Kategori,NIK,Nama")
    assert len(lines) == 3


def test_bad_response_exits_with_the_reason(cohort_of, dinas_admin, tmp_path):
    ex = cohort_of(status="submitted")
    bad = write_csv(
        tmp_path / "jawaban.csv",
        [RESPONSE_HEADER, ["7413034507900099", "X", "DITERIMA", "21000000099", "01-02-2026", ""]],
    )
    report = tmp_path / "masalah.csv"
    with pytest.raises(CommandError, match="Berkas bermasalah"):
        call_command(
            "insurer",
            "response",
            str(bad),
            "--cohort",
            str(ex.cohort.pk),
            "--apply",
            "--report",
            str(report),
        )
    assert "NIK tidak ada dalam kohort ini" in report.read_text(encoding="utf-8-sig")
    assert Membership.objects.filter(status="submitted").count() == 5
