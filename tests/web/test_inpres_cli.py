"""``kawal report`` (inpres, dossier, coverage), the award dossier, and the regulations page."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kawal.accounts.models import AuditEvent, Role, User
from kawal.reports.dossier import award_dossier
from kawal.reports.dossier_export import dossier_pdf
from kawal.reports.models import Regulation

from .inpres_fixtures import build_inpres_fixture
from .test_inpres import pdf_strings

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(make_user) -> User:
    return make_user("keuangan", Role.FINANCE)


@pytest.fixture
def data(pemda, dinas_admin, finance) -> dict[str, object]:
    return build_inpres_fixture(pemda, dinas_admin, finance)


def test_cli_writes_both_formats(data, tmp_path):
    out = io.StringIO()
    pdf, xlsx = tmp_path / "lap.pdf", tmp_path / "sub" / "lap.xlsx"
    call_command(
        "report", "inpres", "--pemda", "7413", "--semester", "2026-1", "--out", str(pdf), stdout=out
    )
    call_command(
        "report",
        "inpres",
        "--pemda",
        "74.13",
        "--semester",
        "2026-1",
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
        "--date",
        "2026-07-10",
        stdout=out,
    )
    assert pdf.read_bytes().startswith(b"%PDF-1.4")
    rows = list(openpyxl.load_workbook(xlsx)["Laporan"].iter_rows(values_only=True))
    assert rows[next(i for i, r in enumerate(rows) if r[0] == "Tanggal laporan")][:2] == (
        "Tanggal laporan",
        "10 Juli 2026",
    )
    assert "Semester I (Januari–Juni) Tahun 2026 (XLSX) ditulis" in out.getvalue()
    assert AuditEvent.objects.filter(action="reports.inpres_export").count() == 2


@pytest.mark.parametrize("semester", ["2026-3", "2026", "semester-1"])
def test_cli_bad_semester_is_a_clear_indonesian_error(data, tmp_path, semester):
    with pytest.raises(CommandError, match=r"Semester harus berbentuk TAHUN-1 \(Januari–Juni\)"):
        call_command(
            "report",
            "inpres",
            "--pemda",
            "7413",
            "--semester",
            semester,
            "--out",
            str(tmp_path / "x.pdf"),
        )
    assert not (tmp_path / "x.pdf").exists()


def test_cli_unknown_pemda_and_user(data, tmp_path):
    with pytest.raises(CommandError, match="Pemda 9999 tidak ada"):
        call_command(
            "report",
            "inpres",
            "--pemda",
            "9999",
            "--semester",
            "2026-1",
            "--out",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="Admin Dinas atau Auditor"):
        call_command(
            "report",
            "inpres",
            "--pemda",
            "7413",
            "--semester",
            "2026-1",
            "--user",
            "keuangan",
            "--out",
            str(tmp_path / "x.pdf"),
        )


def test_cli_coverage_json(data):
    out = io.StringIO()
    call_command(
        "report", "coverage", "--pemda", "7413", "--as-of", "2026-06-30", "--json", stdout=out
    )
    payload = json.loads(out.getvalue())
    assert payload["segments"]["pekerja_rentan"]["active"] == 4
    assert payload["segments"]["pekerja_rentan"]["potential"] == 5
    assert payload["segments"]["pekerja_rentan"]["percent"] == 80.0


def test_cli_dossier(data, tmp_path):
    out = tmp_path / "dossier.pdf"
    call_command(
        "report",
        "dossier",
        "--pemda",
        "7413",
        "--as-of",
        "2026-11-30",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    text = pdf_strings(out.read_bytes())
    assert "DOKUMEN PENDUKUNG PENILAIAN PARITRANA AWARD" in text


def test_dossier_figures_over_time(data, dinas_admin):
    d = award_dossier(dinas_admin, as_of=date(2026, 11, 30))
    assert [p.semester.code for p in d.coverage] == ["2026-1", "2026-2"]
    rentan = [next(ln for ln in p.lines if ln.segment == "pekerja_rentan") for p in d.coverage]
    assert [(ln.active, ln.potential) for ln in rentan] == [(4, 5), (4, 5)]
    [year] = d.years
    # perubahan ceiling; paid months Jan–Mar and Jul; claims paid 70 + 42 + 42 million
    assert (year.year, year.active, year.budget, year.contributions_paid) == (
        2026,
        4,
        900_000,
        268_800,
    )
    assert (year.claims_paid, year.claims_amount) == (3, 154_000_000)
    assert len(d.regulations) == 4
    text = pdf_strings(dossier_pdf(d))
    assert "80,0 %" in text
    assert "154.000.000" in text
    assert "268.800" in text


def test_regulation_page_add_and_edit_are_audited(client, pemda, dinas_admin):
    client.force_login(dinas_admin)
    form = {
        "reg-kind": "perbup",
        "reg-number": "7 Tahun 2026",
        "reg-title": "Jamsostek pekerja rentan",
        "reg-signed_on": "2026-02-01",
        "reg-in_force_from": "2026-03-01",
        "reg-in_force_to": "",
        "reg-note": "",
    }
    assert client.post(reverse("inpres:regulations"), form).status_code == 302
    reg = Regulation.objects.get(number="7 Tahun 2026")
    form["reg-in_force_to"] = "2026-02-01"
    bad = client.post(reverse("inpres:regulation_edit", args=[reg.pk]), form)
    assert "tidak boleh sebelum tanggal mulai" in bad.content.decode()
    form["reg-in_force_to"] = "2027-12-31"
    assert client.post(reverse("inpres:regulation_edit", args=[reg.pk]), form).status_code == 302
    events = AuditEvent.objects.filter(object_type="reports.regulation").order_by("id")
    assert [e.action for e in events] == ["reports.regulation_add", "reports.regulation_change"]
    assert events[1].changes == {"in_force_to": [None, "2027-12-31"]}
    dup = client.post(reverse("inpres:regulations"), {**form, "reg-in_force_to": ""})
    assert "sudah tercatat" in dup.content.decode()


def test_auditor_reads_but_cannot_write(client, pemda, dinas_admin, auditor):
    client.force_login(auditor)
    response = client.post(reverse("inpres:regulations"), {"reg-kind": "perbup"})
    assert response.status_code == 403
    assert client.post(reverse("inpres:innovation_add"), {}).status_code == 403
    assert Regulation.objects.count() == 0
