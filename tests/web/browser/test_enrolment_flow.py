"""Issue 5 in a real browser: propose → verify → approve with a decree (PDF, XLSX, diff vs the
previous version) → registration batch → insurer response with a rejection → counts.

A small cohort (quota 6) already holds decree version 1 with three active Lagadi members; the
browser adds three Wamelai people, each step signed in as the role that takes it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kawal.accounts.models import Role
from kawal.enrolment.decrees import DecreeData
from kawal.enrolment.models import Cohort, Membership
from kawal.enrolment.services import (
    Activation,
    CohortData,
    cohort_save,
    memberships_activate,
    memberships_approve,
    memberships_propose,
    memberships_submit,
    memberships_verify,
)
from kawal.insurer.models import ExchangeBatch
from kawal.registry.services import poverty_record_add
from tests.web.conftest import LAGADI, LAWA, WAMELAI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
COHORT = "Pekerja rentan 2026 (uji peramban)"
#: (NIK, name, sex, birth date, village): the NIKs agree with sex and birth date.
WAMELAI_PEOPLE = [
    ("7413034507900001", "Wa Ode Nurhayati", "P", date(1990, 7, 5)),
    ("7413031508850002", "La Ode Muhammad Rusdi", "L", date(1985, 8, 15)),
    ("7413035203920003", "Wa Sitti Aminah", "P", date(1992, 3, 12)),
    ("7413030101800004", "La Baa", "L", date(1980, 1, 1)),
    ("7413036112950005", "Wa Ani", "P", date(1995, 12, 21)),
]
LAGADI_PEOPLE = [
    ("7413032004880006", "La Ode Hamid", "L", date(1988, 4, 20)),
    ("7413034406910007", "Wa Ode Sartina", "P", date(1991, 6, 4)),
    ("7413031011870008", "La Sadi", "L", date(1987, 11, 10)),
]


@pytest.fixture
def cohort(
    settings, tmp_path, register, operator_wamelai, operator_lagadi, dinas_admin, make_user
) -> Cohort:
    """The cohort, eight DTSEN desil-2 people and decree version 1 (three Lagadi people, active).

    Version 1 is proposed by the Lagadi operator and approved by a second Dinas admin, so the
    Dinas admin of the browser walk has proposed nothing yet.
    """
    settings.DATA_DIR = tmp_path / "data"
    verifier = make_user("ver.lawa", Role.DISTRICT_VERIFIER, LAWA)
    second_admin = make_user("admin.dua", Role.DINAS_ADMIN)
    cohort = cohort_save(
        actor=dinas_admin,
        data=CohortData(
            name=COHORT,
            segment="pekerja_rentan",
            fiscal_year=2026,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            legal_basis="Perbup Muna Barat 12/2025",
            max_desil=4,
            poverty_sources=["DTSEN"],
            quota=6,
            replace_from_reserve=True,
        ),
    )
    people = {}
    for village, rows in ((WAMELAI, WAMELAI_PEOPLE), (LAGADI, LAGADI_PEOPLE)):
        for nik, name, sex, born in rows:
            person = register(
                nik=nik, full_name=name, sex=sex, birth_date=born, domicile_village_id=village
            )
            poverty_record_add(
                actor=dinas_admin, person=person, source="DTSEN", desil=2, period=date(2026, 10, 1)
            )
            people[name] = person
    lagadi = [people[name].pk for _n, name, _s, _b in LAGADI_PEOPLE]
    memberships_propose(actor=operator_lagadi, cohort_id=cohort.pk, person_ids=lagadi)
    ids = list(cohort.memberships.order_by("id").values_list("pk", flat=True))
    memberships_verify(actor=verifier, cohort_id=cohort.pk, membership_ids=ids)
    memberships_approve(
        actor=second_admin,
        cohort_id=cohort.pk,
        membership_ids=ids,
        decree=DecreeData(
            number="188.45/101/2026",
            decree_date=date(2026, 3, 2),
            title="Daftar Peserta Pekerja Rentan 2026",
        ),
    )
    memberships_submit(actor=dinas_admin, cohort_id=cohort.pk, membership_ids=ids)
    memberships_activate(
        actor=dinas_admin,
        cohort_id=cohort.pk,
        activations=[Activation(m, f"2601000010{i}", date(2026, 4, 1)) for i, m in enumerate(ids)],
    )
    return cohort


@pytest.fixture
def signed_in(browser, live_server) -> Iterator[Callable[[str], AbstractContextManager]]:
    """A fresh phone-sized browser context per user, signed in through the login page."""
    contexts = []

    @contextmanager
    def sign_in(username: str) -> Iterator[object]:
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="id-ID", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("form button.primary")
        page.wait_for_url(f"{live_server.url}/")
        yield page
        context.close()
        contexts.remove(context)

    yield sign_in
    for context in contexts:
        context.close()


def _flash(page) -> str:  # noqa: ANN001 - a Playwright page
    return " ".join(t.strip() for t in page.locator("p.flash").all_text_contents())


def _member_rows(page) -> list[tuple[str, str]]:  # noqa: ANN001
    """(name, stage) of each row of the cohort page's member table."""
    rows = page.locator("[data-testid=bulk-form] tbody tr")
    return [
        (
            rows.nth(i).locator("td").nth(1).inner_text().strip(),
            rows.nth(i).locator("td").nth(4).inner_text().strip(),
        )
        for i in range(rows.count())
    ]


def _funnel(page) -> dict[str, str]:  # noqa: ANN001
    tiles = page.locator("[data-testid=funnel] .num")
    return {
        tiles.nth(i).get_attribute("data-status"): tiles.nth(i).inner_text().strip()
        for i in range(tiles.count())
    }


def _tiles(page) -> dict[str, str]:  # noqa: ANN001
    """Batch page counts: outcome code → number."""
    tiles = page.locator("[data-testid=counts] .tile")
    return {
        tiles.nth(i).get_attribute("data-outcome"): tiles.nth(i).locator(".num").inner_text()
        for i in range(tiles.count())
    }


def _bulk(page, action: str, *, all_matching: bool = True, decree: bool = False) -> None:  # noqa: ANN001
    if all_matching:
        page.check("[data-testid=bulk-form] input[name=all_matching]")
    page.select_option("#action", action)
    if decree:
        page.click("summary:has-text('Data SK')")
        page.fill("#id_title", "Daftar Peserta Pekerja Rentan 2026 (Perubahan I)")
        page.fill("#id_number", "188.45/240/2026")
        page.fill("#id_decree_date", "2026-12-01")
    with page.expect_navigation():
        page.click("[data-testid=bulk-form] button.primary")


def test_enrolment_lifecycle_decree_and_insurer_exchange(cohort, signed_in, live_server, tmp_path):
    url = live_server.url
    detail = f"{url}/enrolment/{cohort.pk}/"

    # 1. The Wamelai operator proposes three people from the candidates page.
    with signed_in("op.wamelai") as page:
        page.goto(detail)
        page.click("a.button:has-text('Usulkan peserta')")
        page.wait_for_url(f"{detail}candidates/")
        names = page.locator("[data-testid=candidates] tbody tr td:nth-child(2)")
        assert sorted(names.all_inner_texts()) == [  # own desa only
            "La Baa",
            "La Ode Muhammad Rusdi",
            "Wa Ani",
            "Wa Ode Nurhayati",
            "Wa Sitti Aminah",
        ]
        assert "7413034507900001" not in page.content()  # NIKs masked
        for name in ("Wa Ode Nurhayati", "La Ode Muhammad Rusdi", "Wa Sitti Aminah"):
            page.check(f"[data-testid=candidates] input[aria-label='{name}']")
        page.click("form[method=post] button.primary:has-text('Usulkan')")
        page.wait_for_url(detail)
        assert _flash(page) == "Diusulkan 3, masuk cadangan 0, tidak layak 0."
        assert sorted(_member_rows(page)) == [
            ("La Ode Muhammad Rusdi", "Diusulkan"),
            ("Wa Ode Nurhayati", "Diusulkan"),
            ("Wa Sitti Aminah", "Diusulkan"),
        ]  # the Lagadi members are out of the operator's sight
        assert _funnel(page)["proposed"] == "3"
        assert _funnel(page)["active"] == "0"

    # 2. The Lawa verifier opens the work queue and verifies all three at once.
    with signed_in("ver.lawa") as page:
        page.goto(f"{url}/enrolment/queue/")
        queue = page.locator("[data-testid=queue] tbody tr")
        assert queue.count() == 1
        assert queue.locator("td").nth(0).inner_text() == COHORT
        assert queue.locator("td").nth(2).inner_text() == "3"
        queue.locator("a").click()
        page.wait_for_url(f"{detail}?status=proposed")
        assert len(_member_rows(page)) == 3
        _bulk(page, "verify")
        assert _flash(page) == "Verifikasi: 3 kepesertaan."
        assert _funnel(page)["verified"] == "3"
        assert _funnel(page)["proposed"] == "0"

    # 3. The Dinas admin: maker-checker first, then approval with a decree → version 2.
    with signed_in("admin.dinas") as page:
        page.goto(f"{detail}candidates/")
        page.check("[data-testid=candidates] input[aria-label='Wa Ani']")
        page.click("form[method=post] button.primary:has-text('Usulkan')")
        page.wait_for_url(detail)
        # The quota of 6 is full (3 active + 3 verified): Wa Ani goes on the reserve list.
        assert _flash(page) == "Diusulkan 0, masuk cadangan 1, tidak layak 0."
        page.goto(f"{detail}?status=proposed")
        _bulk(page, "verify")
        assert _flash(page) == "Verifikasi: 1 kepesertaan."
        page.goto(f"{detail}?status=verified&reserve=1")
        assert _member_rows(page) == [("Wa Ani", "Diverifikasi")]
        _bulk(page, "approve", decree=True)
        assert _flash(page) == (
            "Anda sendiri mengusulkan 1 orang dalam pilihan ini. Pengusul tidak boleh "
            "menyetujui usulannya sendiri (prinsip empat mata): minta Admin Dinas lain."
        )
        assert cohort.decrees.count() == 1

        page.goto(f"{detail}?status=verified&reserve=0")
        assert len(_member_rows(page)) == 3
        _bulk(page, "approve", decree=True)
        assert _flash(page) == "Setujui dan tetapkan SK: 3 kepesertaan."
        page.goto(detail)
        assert _funnel(page) == {
            "proposed": "0",
            "verified": "1",
            "approved": "3",
            "submitted": "0",
            "active": "3",
            "ended": "0",
            "rejected": "0",
            "reserve": "1",
        }
        page.click("a:has-text('Versi 2')")
        page.wait_for_url(f"{url}/enrolment/decrees/**")
        assert page.locator("h1").inner_text() == "Daftar Peserta Pekerja Rentan 2026 (Perubahan I)"
        diff = page.locator("[data-testid=diff]")
        assert diff.locator("h2").inner_text() == "Perubahan dari versi 1"
        assert diff.locator("h3").all_inner_texts() == ["Ditambahkan (3)"]  # nothing else
        assert diff.locator("li").all_inner_texts() == [
            "La Ode Muhammad Rusdi · 7413**********02 · Wamelai",
            "Wa Ode Nurhayati · 7413**********01 · Wamelai",
            "Wa Sitti Aminah · 7413**********03 · Wamelai",
        ]
        assert page.locator("section.card table.grid tbody tr").count() == 6  # the full annex

        with page.expect_download() as pdf_download:
            page.click("a.button:text-is('PDF')")
        pdf = Path(pdf_download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        assert b"188.45/240/2026" in pdf
        with page.expect_download() as xlsx_download:
            page.click("a.button:text-is('XLSX')")
        assert xlsx_download.value.suggested_filename == f"lampiran-sk-{cohort.pk}-v2.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
        rows = [list(r) for r in book.active.iter_rows(values_only=True)]
        header = rows.index(
            [
                "No",
                "NIK",
                "Nama",
                "L/P",
                "Tanggal lahir",
                "Desa/Kelurahan",
                "Kecamatan",
                "Pekerjaan",
                "Desil",
            ]
        )
        body = [r for r in rows[header + 1 :] if r[0] and str(r[0]).isdigit()]
        assert [r[0] for r in body] == ["1", "2", "3", "4", "5", "6"]
        assert sorted(r[2] for r in body) == [
            "La Ode Hamid",
            "La Ode Muhammad Rusdi",
            "La Sadi",
            "Wa Ode Nurhayati",
            "Wa Ode Sartina",
            "Wa Sitti Aminah",
        ]
        assert rows[0][0] == "Daftar Peserta Pekerja Rentan 2026 (Perubahan I)"

        # 4. The registration batch: preview → confirm → the file for BPJS.
        page.goto(f"{url}/insurer/")
        page.select_option("[data-testid=export-form] select[name=cohort]", label=COHORT)
        page.click("[data-testid=export-form] button")
        page.wait_for_url(f"{url}/insurer/*/")
        assert page.locator("[data-testid=batch-status]").inner_text() == "Pratinjau"
        assert _tiles(page) == {"ready": "3"}
        assert Membership.objects.filter(cohort=cohort, status="approved").count() == 3
        with page.expect_navigation():
            page.click("[data-testid=confirm-form] button")
        assert _flash(page) == "3 peserta didaftarkan ke BPJS. Unduh berkas pendaftarannya."
        assert page.locator("[data-testid=batch-status]").inner_text() == "Diterapkan"
        assert _tiles(page) == {"submitted": "3"}
        with page.expect_download() as registration:
            page.click("[data-testid=registration-file]")
        assert Path(registration.value.path()).read_bytes()[:2] == b"PK"

        # The insurer answers: two accepted with KPJ and start date, one rejected.
        answer = tmp_path / "jawaban-bpjs.csv"
        answer.write_text(
            "NIK,Nama,Status,No KPJ,Tgl Efektif,Keterangan\n"
            "7413034507900001,WA ODE NURHAYATI,DITERIMA,26010000201,01-12-2026,\n"
            "7413031508850002,LA ODE MUHAMMAD RUSDI,DITERIMA,26010000202,01-12-2026,\n"
            "7413035203920003,WA SITTI AMINAH,DITOLAK,,,NIK tidak padan dengan data Dukcapil\n",
            encoding="utf-8",
        )
        page.goto(f"{url}/insurer/")
        form = page.locator("[data-testid=response-form]")
        form.locator("select[name=cohort]").select_option(label=COHORT)
        form.locator("input[name=file]").set_input_files(str(answer))
        form.locator("button").click()
        page.wait_for_url(f"{url}/insurer/*/")
        assert page.locator("[data-testid=batch-status]").inner_text() == "Pratinjau"
        assert _tiles(page) == {"active": "2", "rejected": "1"}
        assert page.locator("[data-testid=reasons] tr").all_inner_texts() == [
            "NIK tidak padan dengan data Dukcapil\t1"
        ]
        assert "26010000201" not in page.content()  # KPJ masked
        assert Membership.objects.filter(cohort=cohort, status="submitted").count() == 3
        with page.expect_navigation():
            page.click("[data-testid=confirm-form] button")
        assert _flash(page) == "Jawaban BPJS diterapkan: 2 aktif, 1 ditolak."
        assert page.locator("[data-testid=batch-status]").inner_text() == "Diterapkan"

        page.goto(f"{url}/insurer/")
        expected_row = [COHORT, "0", "0", "5", "1"]  # approved, submitted, active, rejected
        row = page.locator("[data-testid=cohort-table] tbody tr").first
        assert [c.strip() for c in row.locator("td").all_inner_texts()] == expected_row

        # A response with the wrong columns: an Indonesian error, nothing recorded or changed.
        batches = ExchangeBatch.objects.count()
        bad = tmp_path / "salah.csv"
        bad.write_text("Nomor,Nama,Hasil Akhir\n7413034507900001,A,DITERIMA\n", encoding="utf-8")
        form = page.locator("[data-testid=response-form]")
        form.locator("select[name=cohort]").select_option(label=COHORT)
        form.locator("input[name=file]").set_input_files(str(bad))
        with page.expect_navigation():
            form.locator("button").click()
        error = page.locator("[data-testid=response-form] .errorlist").inner_text()
        assert "Kolom wajib tidak ditemukan" in error
        assert ExchangeBatch.objects.count() == batches
        row = page.locator("[data-testid=cohort-table] tbody tr").first
        assert [c.strip() for c in row.locator("td").all_inner_texts()] == expected_row

        page.goto(detail)
        funnel = _funnel(page)
        assert (funnel["active"], funnel["rejected"], funnel["submitted"]) == ("5", "1", "0")
        page.goto(f"{detail}?status=rejected")
        assert _member_rows(page) == [("Wa Sitti Aminah", "Ditolak")]

        # The reserve proposal is withdrawn: a bulk rejection keeps the reason typed in.
        page.goto(f"{detail}?reserve=1")
        page.fill("#reason", "Usulan ganda, dibatalkan")
        _bulk(page, "reject")
        assert _flash(page) == "Tolak: 1 kepesertaan."
        withdrawn = Membership.objects.get(cohort=cohort, person__full_name="Wa Ani")
        assert (withdrawn.status, withdrawn.reject_reason, withdrawn.reserve_rank) == (
            "rejected",
            "Usulan ganda, dibatalkan",
            None,
        )
