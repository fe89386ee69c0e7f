"""Issue 6 in a real browser: report two deaths (one covered, one not), read the dashboard and
drill down to names, download the Inpres report for semester 2026-1 as XLSX and PDF.

A small 2026 pekerja rentan cohort with two active Wamelai members from 2026-01-01, coverage
generated for January–June and paid for January–May; a third poor pekerja rentan in Wamelai is
not enrolled. The pages run on the real clock: it must be after 12 June 2026 (no event in the
future) and 2026-1 among the last eight semesters the Inpres form offers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.db.models import Sum

from kawal.accounts.models import Role
from kawal.claims.models import Claim
from kawal.contributions.coverage import coverage_generate
from kawal.contributions.models import Bill, CoverageMonth
from kawal.contributions.services import budget_line_add, payment_record
from kawal.registry.services import poverty_record_add, segment_add
from tests.web.contributions_helpers import enrol, make_cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
COHORT = "Pekerja rentan 2026 (uji klaim)"
#: (NIK, name, sex, birth date): all in Kel. Wamelai; the NIKs agree with sex and birth date.
MEMBER_A = ("7413034507900001", "Wa Ode Nurhayati", "P", date(1990, 7, 5))
MEMBER_B = ("7413031508850002", "La Ode Muhammad Rusdi", "L", date(1985, 8, 15))
NOT_ENROLLED = ("7413035203920003", "Wa Sitti Aminah", "P", date(1992, 3, 12))
#: Pekerja rentan (BPU) at the basis of Rp 1,000,000: JKK Rp 10,000 + JKM Rp 6,800 a month.
PER_MONTH = 16_800


@pytest.fixture
def people(pemda, register, dinas_admin, make_user) -> dict[str, object]:
    finance = make_user("keuangan", Role.FINANCE)
    found = {}
    for nik, name, sex, born in (MEMBER_A, MEMBER_B, NOT_ENROLLED):
        person = register(nik=nik, full_name=name, sex=sex, birth_date=born)
        segment_add(actor=dinas_admin, person=person, segment="pekerja_rentan")
        poverty_record_add(
            actor=dinas_admin, person=person, source="DTSEN", desil=2, period=date(2025, 10, 1)
        )
        found[name] = person
    cohort = make_cohort(
        pemda,
        COHORT,
        fiscal_year=2026,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    enrol(cohort, [found[MEMBER_A[1]], found[MEMBER_B[1]]], start=date(2026, 1, 1))
    coverage_generate(actor=finance, cohort=cohort, first=date(2026, 1, 1), last=date(2026, 6, 1))
    for bill in Bill.objects.filter(cohort=cohort, month__lte=date(2026, 5, 1)):
        payment_record(
            actor=finance, bill=bill, paid_on=bill.month, amount=bill.total, reference="SP2D"
        )
    budget_line_add(
        actor=finance,
        fiscal_year=2026,
        stage="murni",
        account_code="5.1.02.05.01.0001",
        account_name="Iuran pekerja rentan",
        funding_source="apbd_kabupaten",
        cohort_id=cohort.pk,
        amount=1_000_000,
    )
    return found


@pytest.fixture
def signed_in(browser, live_server) -> Callable[[str], AbstractContextManager]:
    """A fresh phone-sized browser context per user, signed in through the login page."""

    @contextmanager
    def sign_in(username: str) -> Iterator[object]:
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="id-ID", accept_downloads=True
        )
        try:
            page = context.new_page()
            page.set_default_timeout(10_000)
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("form button.primary")
            page.wait_for_url(f"{live_server.url}/")
            yield page
        finally:
            context.close()

    return sign_in


def _report_death(page, url: str, name: str, day: str) -> None:  # noqa: ANN001 - a Playwright page
    """Klaim → report form: pick the person through the search, a death of another cause."""
    page.goto(f"{url}/")
    page.click("nav.mainnav a:text-is('Klaim')")
    page.wait_for_url(f"{url}/claims/")
    page.click("a.button:has-text('Laporkan kematian/kecelakaan')")
    page.wait_for_url(f"{url}/claims/report/")
    page.fill("#q", name.split()[-1])
    page.locator("#picks label.pick", has_text=name).locator("input[type=radio]").check()
    page.select_option("#id_kind", "death")
    page.fill("#id_event_date", day)
    page.select_option("#id_cause", "other")
    page.fill("#id_place", "Wamelai")
    page.select_option("#id_source", "village")
    page.click("form button.primary:has-text('Laporkan dan periksa perlindungan')")
    page.wait_for_url(f"{url}/claims/*/?baru=1")


def _verdict(page) -> tuple[str, list[str]]:  # noqa: ANN001
    verdict = page.locator("[data-testid=verdict]")
    return verdict.locator("h2").inner_text().strip(), verdict.locator(
        "[data-testid=reasons] li"
    ).all_inner_texts()


def _breakdown(page) -> list[tuple[str, str]]:  # noqa: ANN001
    """(label, amount) of each row of the benefit table, the total last."""
    rows = page.locator("[data-testid=breakdown] tr")
    return [
        (
            rows.nth(i).locator("td, th").first.inner_text().splitlines()[0].strip(),
            rows.nth(i).locator(".n").inner_text().strip(),
        )
        for i in range(rows.count())
    ]


def test_claims_dashboard_and_inpres_report(people, verifier_lawa, signed_in, live_server):
    url = live_server.url

    # 1. The Lawa verifier reports the death of member A on 10 April (April paid): covered.
    with signed_in("ver.lawa") as page:
        _report_death(page, url, MEMBER_A[1], "2026-04-10")
        assert page.locator("h1").inner_text() == f"Kematian: {MEMBER_A[1]}"
        assert _verdict(page) == (
            "Terlindungi — JKM",
            [f"Terlindungi: kepesertaan {COHORT} aktif dan iuran JKM bulan 04-2026 sudah dibayar."],
        )
        assert page.locator("[data-testid=benefit-total]").inner_text() == "Rp 42.000.000"
        assert _breakdown(page) == [
            ("Santunan sekaligus", "Rp 20.000.000"),
            ("Santunan berkala (24 x Rp 500.000 dibayar sekaligus)", "Rp 12.000.000"),
            ("Biaya pemakaman", "Rp 10.000.000"),
            ("Jumlah dibayar sekaligus", "Rp 42.000.000"),
        ]
        assert MEMBER_A[0] not in page.content()  # NIK masked
        assert page.locator("h1 + p .mono").inner_text() == "7413**********01"

        # 2. Member B died on 12 June: June was billed but never paid, so not covered.
        _report_death(page, url, MEMBER_B[1], "2026-06-12")
        assert _verdict(page) == (
            "Tidak terlindungi — JKM",
            ["Iuran JKM bulan 06-2026 sudah ditagih tetapi belum dibayar."],
        )
        assert page.locator("[data-testid=benefit-total]").count() == 0
        # what the heirs would have received: shown, but not as a benefit due
        assert _breakdown(page)[-1] == ("Jumlah dibayar sekaligus", "Rp 42.000.000")

    claims = {c.person.full_name: c for c in Claim.objects.select_related("person")}
    assert {n: (c.covered, c.benefit_total, c.status) for n, c in claims.items()} == {
        MEMBER_A[1]: (True, 42_000_000, "reported"),
        MEMBER_B[1]: (False, 0, "reported"),
    }

    with signed_in("admin.dinas") as page:
        # 3. The dashboard of Muna Barat, as of 31 March (both members still alive and active).
        assert page.locator("h1").inner_text() == "Dasbor · Kabupaten Muna Barat"
        page.fill("#tanggal", "2026-03-31")
        with page.expect_navigation():
            page.click("[data-testid=as-of-form] button")
        rentan = "[data-testid=cell-pekerja_rentan]"
        assert page.text_content(f"{rentan} [data-testid=active]") == "2"
        assert page.text_content(f"{rentan} [data-testid=potential]") == "3"
        assert page.text_content(f"{rentan} [data-testid=uncovered]") == "−1"
        page.click(f"{rentan} [data-testid=active]")
        page.wait_for_url(f"{url}/dashboard/people/**")
        rows = page.locator("[data-testid=people] tbody tr")
        assert sorted(
            tuple(rows.nth(i).locator("td").all_inner_texts()[:2]) for i in range(rows.count())
        ) == [
            ("La Ode Muhammad Rusdi", "7413**********02"),
            ("Wa Ode Nurhayati", "7413**********01"),
        ]
        assert MEMBER_A[0] not in page.content()  # NIKs masked
        assert MEMBER_B[0] not in page.content()
        page.go_back()
        page.click(f"{rentan} [data-testid=uncovered]")
        page.wait_for_url(f"{url}/dashboard/people/**")
        assert page.locator("[data-testid=people] tbody td:first-child").all_inner_texts() == [
            NOT_ENROLLED[1]
        ]

        # The claims tiles: nothing paid, A's claim pending, B's event not covered.
        page.goto(f"{url}/")
        tiles = {
            group: page.locator(f"[data-testid=claims-{group}] .num").inner_text()
            for group in ("paid", "pending", "rejected", "uncovered")
        }
        assert tiles == {"paid": "0", "pending": "1", "rejected": "0", "uncovered": "1"}
        pending = page.locator("[data-testid=claims-pending] .lbl").inner_text()
        assert pending == "Dalam proses · Rp 42.000.000"
        page.click("[data-testid=claims-uncovered]")
        page.wait_for_url(f"{url}/dashboard/claims/?kelompok=uncovered")
        cells = page.locator("[data-testid=claims-list] tbody tr td").all_inner_texts()
        assert cells[:2] == [MEMBER_B[1], "7413**********02"]

        # 4. The Inpres report for semester 2026-1: XLSX totals equal the database, and a PDF.
        page.click("nav.mainnav a:text-is('Laporan Inpres')")
        page.wait_for_url(f"{url}/reports/inpres/")
        page.select_option("#id_semester", "2026-1")
        with page.expect_download() as xlsx_download:
            page.click("[data-testid=inpres-xlsx]")
        assert xlsx_download.value.suggested_filename == "laporan-inpres-2-2021-2026-1.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
        rows = [list(r) for r in book.active.iter_rows(values_only=True)]
        budget_total = next(r for r in rows if r[0] == "JUMLAH" and len(r) > 6 and r[4])
        months = CoverageMonth.objects.filter(month__range=(date(2026, 1, 1), date(2026, 6, 1)))
        billed = months.aggregate(s=Sum("amount"))["s"]
        paid = months.filter(status="paid").aggregate(s=Sum("amount"))["s"]
        assert (billed, paid) == (2 * 6 * PER_MONTH, 2 * 5 * PER_MONTH)  # 201,600 and 168,000
        assert budget_total[4:7] == [1_000_000, billed, paid]

        with page.expect_download() as pdf_download:
            page.click("[data-testid=inpres-pdf]")
        assert pdf_download.value.suggested_filename == "laporan-inpres-2-2021-2026-1.pdf"
        assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF")
