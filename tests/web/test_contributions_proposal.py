"""The budget proposal (RKA-style): rows from membership and rates, XLSX and PDF, page, CLI.

Expected amounts are worked out by hand next to each test. BPU at the lowest basis costs
Rp 10,000 (JKK 1 % of Rp 1,000,000) + Rp 6,800 (JKM) a month; public budgets get no discount.
"""

from __future__ import annotations

import importlib
import io
import json
import re
from datetime import date

import openpyxl
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from kawal.accounts.models import AuditEvent, Role, User
from kawal.contributions.models import BudgetLine
from kawal.contributions.proposal import budget_proposal
from kawal.contributions.proposal_export import proposal_pdf, proposal_xlsx
from kawal.enrolment.models import Cohort
from kawal.regions.models import Pemda
from kawal.registry.models import SegmentMembership, WorkUnit

from .contributions_helpers import enrol, make_cohort, make_people

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def finance(make_user) -> User:
    return make_user("keuangan", Role.FINANCE)


@pytest.fixture
def cohorts(pemda) -> dict[str, Cohort]:
    """6 members on APBD kabupaten, 3 on APBDes Dana Desa, 2 self-funded (not budgeted)."""
    kab = make_cohort(pemda, "Pekerja rentan kab", budget_account="5.1.02.05.01.0001")
    dd = make_cohort(pemda, "Pekerja rentan desa", funding_source="apbdes_dd")
    own = make_cohort(pemda, "Mandiri", funding_source="self")
    enrol(kab, make_people(pemda, 6))
    enrol(dd, make_people(pemda, 3, start=101))
    enrol(own, make_people(pemda, 2, start=201))
    BudgetLine.objects.create(
        pemda=pemda,
        fiscal_year=2023,
        stage="murni",
        account_code="5.1.02.05.01.0001",
        account_name="Belanja jasa iuran pekerja rentan",
        funding_source="apbd_kabupaten",
        amount=1,
    )
    return {"kab": kab, "dd": dd, "own": own}


def pdf_strings(pdf: bytes) -> list[str]:
    """The text shown on the pages (every ``(…) Tj``), unescaped."""
    found = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pdf)
    return [re.sub(rb"\\(.)", rb"\1", s).decode("cp1252") for s in found]


def sheet_rows(body: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(body))
    return [tuple(r) for r in book["RKA"].iter_rows(values_only=True)]


def test_rows_are_persons_times_months_times_rate_per_account_and_source(finance, cohorts):
    p = budget_proposal(finance, 2024, today=date(2023, 11, 20))
    got = [
        (
            r.funding_source,
            r.account_code,
            r.programme,
            r.persons,
            r.months,
            r.unit_amount,
            r.amount,
        )
        for r in p.rows
    ]
    assert got == [
        # 6 × 12 × 10,000 = 720,000 and 6 × 12 × 6,800 = 489,600 on the cohort's account.
        ("apbd_kabupaten", "5.1.02.05.01.0001", "jkk", 6, 12, 10_000, 720_000),
        ("apbd_kabupaten", "5.1.02.05.01.0001", "jkm", 6, 12, 6_800, 489_600),
        # The APBDes cohort names no account: 3 × 12 × 10,000 and 3 × 12 × 6,800.
        ("apbdes_dd", "(belum ditetapkan)", "jkk", 3, 12, 10_000, 360_000),
        ("apbdes_dd", "(belum ditetapkan)", "jkm", 3, 12, 6_800, 244_800),
    ]
    assert p.rows[0].account_name == "Belanja jasa iuran pekerja rentan"  # from the budget line
    assert p.rows[2].account_name == "Kode rekening belum ditetapkan pada data kohort"
    assert [(s.funding_source, s.amount) for s in p.sections()] == [
        ("apbd_kabupaten", 1_209_600),
        ("apbdes_dd", 604_800),
    ]
    assert p.total == 1_814_400
    assert p.total_words == "satu juta delapan ratus empat belas ribu empat ratus rupiah"
    assert (p.government, p.place, p.date_text) == (
        "PEMERINTAH KABUPATEN MUNA BARAT",
        "Muna Barat",
        "20 November 2023",
    )


def test_xlsx_holds_the_exact_amounts_as_numbers(finance, cohorts):
    rows = sheet_rows(proposal_xlsx(budget_proposal(finance, 2024, today=date(2023, 11, 20))))
    assert rows[0][0] == "PEMERINTAH KABUPATEN MUNA BARAT"
    assert rows[1][0] == "RENCANA KERJA DAN ANGGARAN (RKA)"
    assert rows[4][0] == "Tahun Anggaran 2024 · APBD murni"
    header = rows.index(next(r for r in rows if r[0] == "Kode Rekening"))
    assert rows[header][7] == "Jumlah (Rp)"
    by_label = {r[1]: r[7] for r in rows if r[1] and str(r[1]).startswith("Jumlah ")}
    assert by_label == {
        "Jumlah APBD kabupaten/kota": 1_209_600,
        "Jumlah APBDes (Dana Desa)": 604_800,
    }
    details = [r[:10] for r in rows if r[2] in ("JKK", "JKM")]
    assert details[0] == (
        "5.1.02.05.01.0001",
        "Jaminan Kecelakaan Kerja",
        "JKK",
        "Pekerja rentan kab",
        6,
        12,
        10_000,
        720_000,
        "APBD kabupaten/kota",
        "murni",
    )
    assert sum(r[7] for r in details) == 1_814_400
    [total] = [r for r in rows if r[0] == "JUMLAH TOTAL"]
    assert total[7] == 1_814_400
    assert tuple(r[0] for r in rows if r[0] and str(r[0]).startswith("Terbilang")) == (
        "Terbilang: satu juta delapan ratus empat belas ribu empat ratus rupiah",
    )
    signature = [r[6] for r in rows[rows.index(total) :] if r[6]]
    assert signature[:2] == ["Muna Barat, 20 November 2023", "Kepala Dinas Tenaga Kerja"]
    assert signature[-1].startswith("NIP. ")


def test_pdf_text_carries_title_rows_totals_words_and_signature(finance, cohorts):
    pdf = proposal_pdf(budget_proposal(finance, 2024, today=date(2023, 11, 20)))
    assert pdf.startswith(b"%PDF-1.4")
    assert pdf.rstrip().endswith(b"%%EOF")
    text = pdf_strings(pdf)
    for expected in (
        "PEMERINTAH KABUPATEN MUNA BARAT",
        "RENCANA KERJA DAN ANGGARAN (RKA)",
        "SKPD: Dinas Tenaga Kerja",
        "Tahun Anggaran 2024 · APBD murni",
        "Sumber dana: APBD kabupaten/kota",
        "5.1.02.05.01.0001",
        "   Jaminan Kecelakaan Kerja (JKK) · Pekerja rentan kab",
        "720.000",
        "1.209.600",
        "Jumlah APBDes (Dana Desa)",
        "604.800",
        "JUMLAH TOTAL",
        "1.814.400",
        "Terbilang: satu juta delapan ratus empat belas ribu empat ratus rupiah",
        "Muna Barat, 20 November 2023",
        "Kepala Dinas Tenaga Kerja",
        "Halaman 1 dari 1",
    ):
        assert expected in text, expected
    assert "Mandiri" not in " ".join(text)  # self-funded cohorts are not budgeted


def test_pu_rows_count_only_the_pemda_share(pemda, finance):
    unit = WorkUnit.objects.create(pemda=pemda, code="DISNAKER", name="Dinas", jkk_risk_class="I")
    cohort = make_cohort(pemda, "Non-ASN", segment="non_asn", programmes=["jkk", "jkm", "jht"])
    a, b = make_people(pemda, 2)
    for person, wage in ((a, 2_001_875), (b, 3_000_000)):
        SegmentMembership.objects.create(
            person=person, pemda=pemda, segment="non_asn", work_unit=unit, wage=wage
        )
    enrol(cohort, [a, b])
    p = budget_proposal(finance, 2024)
    # Class I: JKK 0.24 % (4,804.5 → 4,805; 7,200), JKM 0.30 % (6,005.625 → 6,006; 9,000),
    # JHT employer 3.7 % (74,069.375 → 74,069; 111,000); the worker's JHT 2 % is not budgeted.
    assert [(r.account_code, r.persons, r.months, r.unit_amount, r.amount) for r in p.rows] == [
        ("5.1.02.02.02.0006", 1, 12, 7_200, 86_400),
        ("5.1.02.02.02.0006", 1, 12, 4_805, 57_660),
        ("5.1.02.02.02.0007", 1, 12, 9_000, 108_000),
        ("5.1.02.02.02.0007", 1, 12, 6_006, 72_072),
        ("5.1.02.02.02.0010", 1, 12, 111_000, 1_332_000),
        ("5.1.02.02.02.0010", 1, 12, 74_069, 888_828),
    ]
    assert p.rows[0].account_name == "Belanja Iuran Jaminan Kecelakaan Kerja bagi Non ASN"
    assert p.total == 2_544_960


def test_muna_barat_2024_proposal_is_the_published_year(pemda, finance):
    cohort = make_cohort(pemda, "Pekerja rentan 2023", budget_account="5.1.02.05.01.0001")
    enrol(cohort, make_people(pemda, 10_424))
    p = budget_proposal(finance, 2024)
    # 10,424 × 12 × 16,800 = 2,101,478,400
    assert p.total == 2_101_478_400
    rows = sheet_rows(proposal_xlsx(p))
    assert [r[7] for r in rows if r[0] == "JUMLAH TOTAL"] == [2_101_478_400]
    assert (
        "Terbilang: dua miliar seratus satu juta empat ratus tujuh puluh delapan ribu "
        "empat ratus rupiah"
    ) in pdf_strings(proposal_pdf(p))


@pytest.mark.parametrize(("role", "status"), [(Role.FINANCE, 200), (Role.DINAS_ADMIN, 200)])
def test_finance_and_dinas_admin_download_both_formats_audited(
    client, make_user, cohorts, role, status
):
    user = make_user("pengguna", role)
    client.force_login(user)
    for kind, content_type in (("xlsx", XLSX), ("pdf", "application/pdf")):
        url = reverse("contributions:budget_proposal", args=[kind]) + "?tahun=2024"
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (status, content_type)
        assert response["Content-Disposition"] == (
            f'attachment; filename="usulan-rka-iuran-2024-murni.{kind}"'
        )
    events = AuditEvent.objects.filter(object_type="contributions.budget_proposal")
    assert sorted(events.values_list("action", "object_id", "actor__username")) == [
        ("contributions.budget_proposal_export_pdf", "2024", "pengguna"),
        ("contributions.budget_proposal_export_xlsx", "2024", "pengguna"),
    ]
    assert events.first().changes["export"][1] == {"stage": "murni", "rows": 4, "total": 1_814_400}


@pytest.mark.parametrize(
    ("role", "region", "status"),
    [
        (Role.AUDITOR, None, 403),
        (Role.INSURER_LIAISON, None, 403),
        (Role.VILLAGE_OPERATOR, "7413031007", 404),
        (Role.DISTRICT_VERIFIER, "741303", 404),
    ],
)
def test_other_roles_may_not_export(client, make_user, cohorts, role, region, status):
    client.force_login(make_user("pengguna", role, region))
    response = client.get(reverse("contributions:budget_proposal", args=["xlsx"]) + "?tahun=2024")
    assert response.status_code == status
    assert not AuditEvent.objects.filter(object_type="contributions.budget_proposal").exists()


def test_another_pemda_gets_its_own_empty_proposal_and_bad_input_is_refused(client, cohorts):
    muna = Pemda.objects.create(region_id="7403", name="Kabupaten Muna")
    client.force_login(User.objects.create(username="keuangan.muna", role="finance", pemda=muna))
    url = reverse("contributions:budget_proposal", args=["xlsx"])
    rows = sheet_rows(client.get(url + "?tahun=2024").content)
    assert rows[0][0] == "PEMERINTAH KABUPATEN MUNA"
    assert [r[7] for r in rows if r[0] == "JUMLAH TOTAL"] == [0]
    assert client.get(url + "?tahun=dua").status_code == 400
    assert client.get(url + "?tahun=2024&tahapan=induk").status_code == 400
    assert client.get(reverse("contributions:budget_proposal", args=["csv"])).status_code == 404


def test_budget_page_chart_shows_pagu_billed_paid_of_the_lines_in_force(client, finance, pemda):
    from kawal.contributions.coverage import coverage_generate

    cohort = make_cohort(pemda)
    enrol(cohort, make_people(pemda, 4))
    coverage_generate(actor=finance, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1))
    for stage, amount in (("murni", 2_000_000), ("perubahan", 1_612_800)):
        BudgetLine.objects.create(
            pemda=pemda,
            fiscal_year=2023,
            stage=stage,
            account_code="5.1.02.05.01.0001",
            funding_source="apbd_kabupaten",
            cohort=cohort,
            amount=amount,
        )
    client.force_login(finance)
    page = client.get(reverse("contributions:budget") + "?tahun=2023")
    html = page.content.decode()
    svg = str(page.context["chart"])
    # Only the perubahan line is in force: pagu 1,612,800; billed 4 × 12 × 16,800 = 806,400
    # (50.0 %), paid 0. Scale = 1,612,800, so the bars are 360, 180 and 0 units long.
    assert svg.count("<rect") == 6
    assert re.findall(
        r'width="([\d.]+)" height="9" rx="3" fill="#[0-9a-f]+" data-key="(\w+)"', svg
    ) == [
        ("360.0", "pagu"),
        ("180.0", "billed"),
        ("0.0", "paid"),
    ]
    assert "Rp 806.400 (50,0%)" in svg
    assert (
        "5.1.02.05.01.0001 · APBD perubahan · Pekerja rentan 2023: pagu Rp 1.612.800, "
        "ditagih Rp 806.400 (50,0%), dibayar Rp 0 (0,0%)."
    ) in svg
    assert 'role="img"' in svg
    assert 'data-testid="budget-chart"' in html
    assert 'data-testid="proposal-pdf"' in html  # finance may export
    assert len(page.context["rows"]) == 2  # the table still lists both stages


def test_auditor_sees_the_chart_but_no_export_links(client, auditor, pemda):
    BudgetLine.objects.create(
        pemda=pemda,
        fiscal_year=2023,
        stage="murni",
        account_code="5.1.02.05.01.0001",
        funding_source="apbd_kabupaten",
        amount=100,
    )
    client.force_login(auditor)
    html = client.get(reverse("contributions:budget") + "?tahun=2023").content.decode()
    assert 'data-testid="budget-chart"' in html
    assert "proposal-xlsx" not in html


def test_cli_writes_the_proposal_and_audits_it(finance, cohorts, tmp_path):
    out = io.StringIO()
    path = tmp_path / "rka" / "rka-2024.xlsx"
    args = ["budget", "--year", "2024", "--format", "xlsx", "--out", str(path)]
    call_command("tagihan", *args, "--user", "keuangan", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload == {
        "tahun_anggaran": 2024,
        "tahapan": "murni",
        "baris": 4,
        "per_sumber_dana": {"apbd_kabupaten": 1_209_600, "apbdes_dd": 604_800},
        "jumlah": 1_814_400,
        "terbilang": "satu juta delapan ratus empat belas ribu empat ratus rupiah",
        "catatan": [],
        "berkas": str(path),
    }
    assert [r[7] for r in sheet_rows(path.read_bytes()) if r[0] == "JUMLAH TOTAL"] == [1_814_400]
    pdf = tmp_path / "rka-2024.pdf"
    call_command(
        "tagihan",
        "budget",
        "--year",
        "2024",
        "--format",
        "pdf",
        "--out",
        str(pdf),
        "--user",
        "keuangan",
        "--stage",
        "perubahan",
        stdout=io.StringIO(),
    )
    assert "Tahun Anggaran 2024 · APBD perubahan" in pdf_strings(pdf.read_bytes())
    assert AuditEvent.objects.filter(object_type="contributions.budget_proposal").count() == 2


def test_cli_refuses_roles_that_may_not_export(auditor, cohorts, tmp_path):
    args = ["budget", "--year", "2024", "--format", "pdf", "--out", str(tmp_path / "x.pdf")]
    with pytest.raises(CommandError, match="Hanya Admin Dinas dan Keuangan"):
        call_command("tagihan", *args, "--user", "auditor")
    with pytest.raises(CommandError, match="Tidak ada Admin Dinas aktif"):
        call_command("tagihan", *args, "--pemda", "7413")
    with pytest.raises(CommandError, match="Sebutkan --user atau --pemda"):
        call_command("tagihan", *args)
    assert not (tmp_path / "x.pdf").exists()


def test_apbdes_migration_moves_old_rows_to_dana_desa(pemda, cohorts):
    migration = importlib.import_module("kawal.contributions.migrations.0002_funding_apbdes_split")
    line = BudgetLine.objects.create(
        pemda=pemda,
        fiscal_year=2024,
        stage="murni",
        account_code="4.1",
        funding_source="apbdes",
        amount=5,
    )
    migration.split(apps, None)
    line.refresh_from_db()
    assert line.funding_source == "apbdes_dd"
    migration.join(apps, None)
    line.refresh_from_db()
    assert line.funding_source == "apbdes"
    enrolment = importlib.import_module("kawal.enrolment.migrations.0003_funding_apbdes_split")
    Cohort.objects.filter(pk=cohorts["dd"].pk).update(funding_source="apbdes")
    enrolment.split(apps, None)
    assert Cohort.objects.get(pk=cohorts["dd"].pk).funding_source == "apbdes_dd"
