"""The Inpres 2/2021 report: semesters, figures equal to the database, XLSX totals, PDF, pages.

The fixture and its hand-worked figures are described in ``inpres_fixtures``.
"""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from django.db.models import Sum
from django.urls import reverse

from kawal.accounts.models import AuditEvent, Role, User
from kawal.claims.models import Claim
from kawal.contributions.models import CoverageMonth, Payment
from kawal.contributions.selectors import realisation
from kawal.reports.inpres import Semester, SemesterError, Signer, inpres_report, parse_semester
from kawal.reports.inpres_export import SECTION_B, SECTION_D, inpres_pdf, inpres_xlsx

from .inpres_fixtures import build_inpres_fixture

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
S1 = Semester(2026, 1)
S2 = Semester(2026, 2)


@pytest.fixture
def finance(make_user) -> User:
    return make_user("keuangan", Role.FINANCE)


@pytest.fixture
def data(pemda, dinas_admin, finance) -> dict[str, object]:
    return build_inpres_fixture(pemda, dinas_admin, finance)


def pdf_strings(pdf: bytes) -> list[str]:
    found = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pdf)
    return [re.sub(rb"\\(.)", rb"\1", s).decode("cp1252") for s in found]


def sheet_rows(body: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(body))
    return [tuple(r) for r in book["Laporan"].iter_rows(values_only=True)]


def total_after(rows: list[tuple], section: str) -> tuple:
    """The first JUMLAH row after the ``section`` title."""
    start = next(i for i, r in enumerate(rows) if r[0] == section)
    return next(r for r in rows[start:] if r[0] == "JUMLAH")


# --- semesters ----------------------------------------------------------------------------


def test_semester_boundaries():
    s1, s2 = parse_semester("2026-1"), parse_semester(" 2026-2 ")
    assert (s1.first_day, s1.last_day, s1.last_month) == (
        date(2026, 1, 1),
        date(2026, 6, 30),
        date(2026, 6, 1),
    )
    assert (s2.first_day, s2.last_day) == (date(2026, 7, 1), date(2026, 12, 31))
    assert s1.label == "Semester I (Januari–Juni) Tahun 2026"
    assert s1.previous() == Semester(2025, 2)


@pytest.mark.parametrize("text", ["2026-3", "2026", "26-1", "2026-01", "", "2014-1"])
def test_bad_semester_is_refused_in_indonesian(text):
    with pytest.raises(SemesterError, match="Semester|Tahun semester"):
        parse_semester(text)


# --- figures ------------------------------------------------------------------------------


def test_semester_1_figures(data, dinas_admin):
    r = inpres_report(dinas_admin, S1, reporting_date=date(2026, 7, 10), notes="Catatan A\n\n")
    rentan = next(c for c in r.coverage if c.segment == "pekerja_rentan")
    assert (rentan.active, rentan.potential, rentan.percent_text) == (4, 5, "80,0 %")
    assert "desil" in rentan.denominator
    assert [(b.stage, b.allocated, b.billed, b.paid) for b in r.budget] == [
        ("APBD murni", 806_400, 403_200, 201_600)
    ]
    assert r.payments_in_semester == 201_600
    assert [(c.programme, c.count, c.amount) for c in r.claims_paid] == [
        ("jkk", 1, 70_000_000),
        ("jkm", 1, 42_000_000),
    ]
    assert (r.claims_count, r.claims_amount) == (2, 112_000_000)
    e = r.events
    assert (e.total, e.covered, e.uncovered, e.pending, e.pending_benefit) == (
        5,
        4,
        1,
        1,
        42_000_000,
    )
    assert r.notes[0] == "Catatan A"
    assert (
        "Iuran bulan-bulan semester ini yang sudah ditagih tetapi belum dibayar: Rp 201.600."
        in r.notes
    )


def test_semester_2_takes_the_perubahan_and_its_own_months(data, dinas_admin):
    r = inpres_report(dinas_admin, S2, reporting_date=date(2027, 1, 10))
    assert [(b.stage, b.allocated, b.billed, b.paid) for b in r.budget] == [
        ("APBD perubahan", 900_000, 134_400, 67_200)
    ]
    assert r.payments_in_semester == 67_200
    assert [(c.programme, c.count, c.amount) for c in r.claims_paid] == [("jkm", 1, 42_000_000)]


def test_two_semesters_add_up_to_the_year_realisation_and_the_database(data, dinas_admin):
    s1 = inpres_report(dinas_admin, S1, reporting_date=date(2026, 7, 1))
    s2 = inpres_report(dinas_admin, S2, reporting_date=date(2027, 1, 1))
    year = [row for row in realisation(dinas_admin, 2026) if row.line.stage == "murni"][0]
    assert s1.billed_total + s2.billed_total == year.billed == 8 * 67_200
    assert s1.paid_total + s2.paid_total == year.paid
    paid_db = CoverageMonth.objects.filter(status="paid").aggregate(s=Sum("amount"))["s"]
    assert s1.paid_total + s2.paid_total == paid_db == 4 * 67_200
    assert (
        s1.payments_in_semester + s2.payments_in_semester
        == Payment.objects.aggregate(s=Sum("amount"))["s"]
    )


def test_regulations_in_force_are_filtered_by_date(data, dinas_admin):
    s1 = inpres_report(dinas_admin, S1, reporting_date=date(2026, 7, 1))
    s2 = inpres_report(dinas_admin, S2, reporting_date=date(2027, 1, 1))
    assert [r.number for r in s1.regulations] == ["100/2025", "12 Tahun 2025"]
    assert [r.number for r in s2.regulations] == ["12 Tahun 2025", "5/2026"]
    old = inpres_report(dinas_admin, Semester(2025, 2), reporting_date=date(2026, 1, 5))
    assert [r.number for r in old.regulations] == ["3 Tahun 2022", "100/2025"]


def test_another_pemdas_figures_are_not_read(data, pemda):
    from kawal.regions.models import Pemda

    other = Pemda.objects.create(region_id="7403", name="Kabupaten Muna")
    outsider = User.objects.create(username="admin.muna", role=Role.DINAS_ADMIN, pemda=other)
    r = inpres_report(outsider, S1, reporting_date=date(2026, 7, 1))
    assert (r.budget, r.regulations, r.claims_paid, r.events.total) == ([], [], [], 0)
    assert sum(c.active for c in r.coverage) == 0


# --- files --------------------------------------------------------------------------------


def test_xlsx_totals_equal_the_database(data, dinas_admin):
    r = inpres_report(dinas_admin, S1, reporting_date=date(2026, 7, 10))
    rows = sheet_rows(inpres_xlsx(r))
    budget = total_after(rows, SECTION_B)
    billed_db = CoverageMonth.objects.filter(
        month__gte=date(2026, 1, 1), month__lte=date(2026, 6, 1), status__in=["billed", "paid"]
    ).aggregate(s=Sum("amount"))["s"]
    paid_db = CoverageMonth.objects.filter(
        month__gte=date(2026, 1, 1), month__lte=date(2026, 6, 1), status="paid"
    ).aggregate(s=Sum("amount"))["s"]
    assert budget[4:8] == (806_400, billed_db, paid_db, 25.0)
    assert (billed_db, paid_db) == (403_200, 201_600)
    claims = total_after(rows, SECTION_D)
    paid_claims = Claim.objects.filter(
        status="paid", paid_on__gte=date(2026, 1, 1), paid_on__lte=date(2026, 6, 30)
    )
    assert claims[1:3] == (paid_claims.count(), paid_claims.aggregate(s=Sum("paid_amount"))["s"])
    assert claims[1:3] == (2, 112_000_000)
    coverage = next(row for row in rows if row[0] == "Pekerja rentan")
    assert coverage[1:4] == (4, 5, 80.0)


def test_pdf_is_a_signed_document_with_numbered_pages(data, dinas_admin):
    r = inpres_report(
        dinas_admin,
        S1,
        reporting_date=date(2026, 7, 10),
        signer=Signer("kepala_dinas", "La Ode Muhammad Sahir", "198001012005011001"),
    )
    pdf = inpres_pdf(r)
    text = pdf_strings(pdf)
    assert pdf.startswith(b"%PDF-1.4")
    assert "LAPORAN PEMANTAUAN DAN EVALUASI" in text
    assert "SEMESTER I (JANUARI–JUNI) TAHUN 2026" in text
    assert "806.400" in text
    assert "403.200" in text
    assert "201.600" in text
    assert "112.000.000" in text
    assert "80,0 %" in text
    assert "La Ode Muhammad Sahir" in text
    assert "NIP. 198001012005011001" in text
    pages = len(re.findall(rb"/Type /Page ", pdf))
    assert f"Halaman {pages} dari {pages}" in text
    bupati = inpres_pdf(
        inpres_report(dinas_admin, S1, reporting_date=date(2026, 7, 10), signer=Signer("bupati"))
    )
    assert not any(s.startswith("NIP") for s in pdf_strings(bupati))


# --- pages and roles ----------------------------------------------------------------------


def test_page_and_downloads_for_the_dinas_admin_are_audited(client, data, dinas_admin):
    client.force_login(dinas_admin)
    page = client.get(
        reverse("inpres:inpres"),
        {"semester": "2026-1", "reporting_date": "2026-07-10", "signer_role": "kepala_dinas"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'data-testid="inpres-allocated">Rp 806.400<', html)
    assert re.search(r'data-testid="inpres-paid">Rp 201.600<', html)
    params = {"semester": "2026-1", "reporting_date": "2026-07-10", "signer_role": "kepala_dinas"}
    xlsx = client.get(reverse("inpres:inpres_download", args=["xlsx"]), params)
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == XLSX
    pdf = client.get(reverse("inpres:inpres_download", args=["pdf"]), params)
    assert pdf.content.startswith(b"%PDF")
    events = AuditEvent.objects.filter(action="reports.inpres_export").order_by("id")
    assert [e.changes["export"][1]["format"] for e in events] == ["xlsx", "pdf"]
    assert events[0].changes["export"][1]["paid"] == 201_600


def test_bad_semester_on_the_page_is_a_clear_400(client, data, dinas_admin):
    client.force_login(dinas_admin)
    response = client.get(
        reverse("inpres:inpres_download", args=["pdf"]),
        {"semester": "2026-7", "reporting_date": "2026-07-10", "signer_role": "kepala_dinas"},
    )
    assert response.status_code == 400
    assert "TAHUN-1 (Januari–Juni)" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "region", "status"),
    [
        (Role.DINAS_ADMIN, None, 200),
        (Role.AUDITOR, None, 200),
        (Role.BUPATI_OFFICE, None, 200),
        (Role.FINANCE, None, 404),
        (Role.INSURER_LIAISON, None, 404),
        (Role.VILLAGE_OPERATOR, "7413031007", 404),
    ],
)
def test_roles(client, make_user, role, region, status):
    client.force_login(make_user(f"u.{role}", role, region))
    for name in ("inpres:inpres", "inpres:regulations", "inpres:dossier"):
        assert client.get(reverse(name)).status_code == status


def test_the_bupati_office_reads_and_downloads_but_does_not_edit(client, make_user):
    client.force_login(make_user("kantor.bupati", Role.BUPATI_OFFICE))
    response = client.get(
        reverse("inpres:inpres_download", args=["xlsx"]),
        {"semester": "2026-1", "reporting_date": "2026-07-10", "signer_role": "bupati"},
    )
    assert response.status_code == 200, response.content
    assert AuditEvent.objects.filter(actor__username="kantor.bupati").count() == 1
    page = client.get(reverse("inpres:regulations")).content.decode()
    assert 'name="number"' not in page  # no add form
