"""The exchange pages: a Dinas admin exports, imports a response with rejections, sees counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kawal.accounts.models import AuditEvent, Role, User
from kawal.enrolment.models import Membership
from kawal.insurer.models import ExchangeBatch
from kawal.pipelines.intake.read import read_table
from kawal.regions.models import Pemda
from tests.web.insurer_fixtures import *  # noqa: F403 (the fixtures cohort_of and liaison)
from tests.web.insurer_fixtures import response_lines


@pytest.fixture(autouse=True)
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_upload(lines: list[list[str]], name: str = "jawaban.csv") -> SimpleUploadedFile:
    content = "\n".join(",".join(cells) for cells in lines).encode() + b"\n"
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_dinas_admin_exports_then_applies_a_response_with_rejections(
    cohort_of, dinas_admin, tmp_path
):
    ex = cohort_of()
    client = client_for(dinas_admin)
    assert client.get(reverse("insurer:home")).status_code == 200

    response = client.post(reverse("insurer:export"), {"cohort": ex.cohort.pk, "layout": ""})
    batch = ExchangeBatch.objects.get(kind="registration")
    assert response.url == reverse("insurer:detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert 'data-outcome="ready"><span class="num">5<' in page
    assert "7413**********01" in page
    assert "7413034507900001" not in page
    assert Membership.objects.filter(status="approved").count() == 5

    client.post(reverse("insurer:confirm", args=[batch.pk]))
    assert Membership.objects.filter(status="submitted").count() == 5
    download = client.get(reverse("insurer:file", args=[batch.pk]))
    assert download.status_code == 200
    sent = b"".join(download.streaming_content)
    assert sent.startswith(b"PK")
    assert AuditEvent.objects.filter(action="insurer.download_registration_file").count() == 1

    response = client.post(
        reverse("insurer:response"), {"cohort": ex.cohort.pk, "file": csv_upload(response_lines())}
    )
    answer = ExchangeBatch.objects.get(kind="response")
    assert response.url == reverse("insurer:detail", args=[answer.pk])
    page = client.get(response.url).content.decode()
    assert 'data-outcome="active"><span class="num">3<' in page
    assert 'data-outcome="rejected"><span class="num">2<' in page
    assert "NIK tidak padan Dukcapil" in page
    assert "21*******11" in page  # KPJ masked
    assert "21000000011" not in page
    assert Membership.objects.filter(status="submitted").count() == 5  # preview changes nothing

    client.post(reverse("insurer:confirm", args=[answer.pk]))
    assert Membership.objects.filter(cohort=ex.cohort, status="active").count() == 3
    assert Membership.objects.filter(cohort=ex.cohort, status="rejected").count() == 2
    home = client.get(reverse("insurer:home")).content.decode()
    assert '<td class="n">3</td><td class="n">2</td>' in home  # active, rejected

    report = client.get(reverse("insurer:report", args=[answer.pk, "csv"]))
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == [
        "Baris,NIK,Nama,Desa/Kelurahan,Hasil,KPJ,Mulai aktif,Alasan penolakan,Masalah",
        "1,7413**********01,Wa Ode Nurhayati,Wamelai,Aktif,21*******11,01-02-2026,,",
        "2,7413**********02,La Ode Muhammad Rusdi,Wamelai,Aktif,21*******22,01-02-2026,,",
        "3,7413**********03,Wa Sitti Aminah,Lagadi,Ditolak BPJS,,,NIK tidak padan Dukcapil,",
        "4,7413**********04,La Baa,Lagadi,Aktif,21*******44,01-02-2026,,",
        "5,7413**********05,Wa Ani,Lagadi,Ditolak BPJS,,,Data ganda,",
    ]
    xlsx = client.get(reverse("insurer:report", args=[answer.pk, "xlsx"]))
    path = tmp_path / "hasil.xlsx"
    path.write_bytes(b"".join(xlsx.streaming_content))
    assert read_table(path, max_bytes=10**7).frame["KPJ"].to_list() == [
        "21*******11",
        "21*******22",
        None,
        "21*******44",
        None,
    ]

    # The same file again is recognised.
    response = client.post(
        reverse("insurer:response"), {"cohort": ex.cohort.pk, "file": csv_upload(response_lines())}
    )
    assert response.url == reverse("insurer:detail", args=[answer.pk])
    assert ExchangeBatch.objects.filter(kind="response").count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Nomor,Nama,Hasil Akhir\n7413034507900001,A,DITERIMA\n", "Kolom wajib tidak ditemukan"),
        (b"", "kosong"),
    ],
)
def test_bad_upload_shows_the_reason_and_changes_nothing(cohort_of, dinas_admin, content, message):
    ex = cohort_of(status="submitted")
    client = client_for(dinas_admin)
    upload = SimpleUploadedFile("x.csv", content, content_type="text/csv")
    response = client.post(reverse("insurer:response"), {"cohort": ex.cohort.pk, "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ExchangeBatch.objects.count() == 0
    assert Membership.objects.filter(status="submitted").count() == 5


def test_liaison_uploads_but_cannot_confirm(cohort_of, liaison):
    ex = cohort_of(status="submitted")
    client = client_for(liaison)
    home = client.get(reverse("insurer:home")).content.decode()
    assert 'data-testid="export-form"' not in home
    assert client.post(reverse("insurer:export"), {"cohort": ex.cohort.pk}).status_code == 403
    client.post(
        reverse("insurer:response"), {"cohort": ex.cohort.pk, "file": csv_upload(response_lines())}
    )
    batch = ExchangeBatch.objects.get(kind="response")
    page = client.get(reverse("insurer:detail", args=[batch.pk])).content.decode()
    assert 'data-testid="confirm-form"' not in page
    assert client.post(reverse("insurer:confirm", args=[batch.pk])).status_code == 403
    assert Membership.objects.filter(status="submitted").count() == 5


def test_other_pemda_and_other_roles_see_nothing(cohort_of, dinas_admin, make_user):
    ex = cohort_of(status="submitted")
    client_for(dinas_admin).post(
        reverse("insurer:response"), {"cohort": ex.cohort.pk, "file": csv_upload(response_lines())}
    )
    batch = ExchangeBatch.objects.get()
    muna = Pemda.objects.create(region_id="7403", name="Kabupaten Muna")
    outsider = User.objects.create(username="admin.muna", role=Role.DINAS_ADMIN, pemda=muna)
    other = client_for(outsider)
    for name in ("detail", "file"):
        assert other.get(reverse(f"insurer:{name}", args=[batch.pk])).status_code == 404
    assert other.get(reverse("insurer:report", args=[batch.pk, "csv"])).status_code == 404
    assert other.post(reverse("insurer:confirm", args=[batch.pk])).status_code == 404
    # Their form does not offer our cohort.
    response = other.post(
        reverse("insurer:response"), {"cohort": ex.cohort.pk, "file": csv_upload(response_lines())}
    )
    assert response.status_code == 400
    operator = make_user("op.x", Role.VILLAGE_OPERATOR, "7413031007")
    assert client_for(operator).get(reverse("insurer:home")).status_code == 403
    assert Membership.objects.filter(status="submitted").count() == 5


def test_roster_page_lists_categories_masked(cohort_of, liaison):
    cohort_of(status="active")
    Membership.objects.filter(person__nik="7413034507900001").update(kpj="21000000011")
    client = client_for(liaison)
    roster = csv_upload(
        [
            ["NIK", "Nama", "KPJ", "Status"],
            ["7413034507900001", "WA ODE", "21000000019", "AKTIF"],
            ["7413037001000006", "WA ASING", "21000000066", "AKTIF"],
        ],
        name="roster.csv",
    )
    response = client.post(reverse("insurer:roster"), {"file": roster})
    page = client.get(response.url).content.decode()
    assert 'data-outcome="ours_not_theirs"><span class="num">4<' in page
    assert 'data-outcome="theirs_not_ours"><span class="num">1<' in page
    assert 'data-outcome="kpj_differs"><span class="num">1<' in page
    assert "21*******11 / 21*******19" in page
    assert "21000000019" not in page
    assert "7413037001000006" not in page
