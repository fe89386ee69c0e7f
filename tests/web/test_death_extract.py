"""Death extracts (Dukcapil or village lists): preview, apply, bad files, pages and the CLI."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from kawal.accounts.models import AuditEvent
from kawal.enrolment.models import Membership
from kawal.insurer.deaths import deaths_apply, deaths_preview
from kawal.insurer.models import ExchangeBatch
from kawal.insurer.services import InsurerError
from kawal.registry.models import Person
from tests.web.insurer_fixtures import *  # noqa: F403 (the fixtures cohort_of and liaison)
from tests.web.insurer_fixtures import write_csv

HEADER = ["NIK", "Nama", "Tanggal Meninggal", "Tempat Meninggal"]
UNKNOWN_NIK = "7413030101700099"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def scene(cohort_of):
    """Four active members under a quota of four and one verified on the reserve list.

    Person 2 is already recorded dead on 2026-02-01; person 3 on 2026-02-01 too.
    """
    ex = cohort_of(status="active")
    ex.cohort.quota = 4
    ex.cohort.save()
    reserve = ex.memberships[4]
    Membership.objects.filter(pk=reserve.pk).update(status="verified", reserve_rank=1)
    Person.objects.filter(pk__in=[ex.people[1].pk, ex.people[2].pk]).update(
        date_of_death=date(2026, 2, 1)
    )
    return ex


def extract(tmp_path, rows: list[list[str]], name: str = "kematian.csv"):
    return write_csv(tmp_path / name, [HEADER, *rows])


def good_rows() -> list[list[str]]:
    return [
        ["7413034507900001", "WA ODE NURHAYATI", "10-03-2026", "Tiworo Kepulauan"],
        ["7413031508850002", "LA ODE M RUSDI", "01/02/2026", ""],
        ["7413035203920003", "WA SITTI AMINAH", "2026-02-03", ""],
        [UNKNOWN_NIK, "LA ODE TIDAK DIKENAL", "05-01-2026", ""],
    ]


def test_preview_then_apply_records_deaths_ends_memberships_and_promotes(
    scene, pemda, dinas_admin, tmp_path
):
    path = extract(tmp_path, good_rows())
    received = deaths_preview(actor=dinas_admin, pemda=pemda, source=path, file_name=path.name)
    batch = received.batch
    assert received.created
    assert batch.status == ExchangeBatch.Status.PREVIEW
    assert batch.summary["outcomes"] == {"death": 1, "already": 1, "date_differs": 1, "unknown": 1}
    assert batch.summary["memberships_to_end"] == 1
    differs = batch.rows.get(outcome="date_differs")
    assert (differs.event_date, differs.reason) == (date(2026, 2, 3), "Kawal mencatat 01-02-2026")
    assert batch.rows.get(outcome="death").nik_masked == "7413**********01"
    # nothing changed yet
    assert Person.objects.get(pk=scene.people[0].pk).date_of_death is None
    assert scene.cohort.memberships.filter(status="active").count() == 4

    applied = deaths_apply(actor=dinas_admin, batch=batch)
    assert applied.status == ExchangeBatch.Status.APPLIED
    assert (applied.summary["recorded"], applied.summary["ended"]) == (1, 1)
    first = Membership.objects.get(pk=scene.memberships[0].pk)
    assert (first.status, first.end_reason, first.end_date) == ("ended", "death", date(2026, 3, 10))
    assert Person.objects.get(pk=scene.people[0].pk).date_of_death == date(2026, 3, 10)
    # the date that differs is listed, not overwritten
    assert Person.objects.get(pk=scene.people[2].pk).date_of_death == date(2026, 2, 1)
    # the reserve fills the freed place
    promoted = Membership.objects.get(pk=scene.memberships[4].pk)
    assert (promoted.status, promoted.reserve_rank) == ("verified", None)
    events = AuditEvent.objects.filter(
        object_type="person", object_id=str(scene.people[0].pk), actor=dinas_admin
    ).exclude(action="person.create")
    assert sorted(events.values_list("action", flat=True)) == ["membership.end", "person.update"]
    assert AuditEvent.objects.filter(action="deaths.apply", object_id=str(batch.pk)).count() == 1

    with pytest.raises(InsurerError) as again:
        deaths_apply(actor=dinas_admin, batch=batch)
    assert again.value.code == "ALREADY_APPLIED"
    same = deaths_preview(actor=dinas_admin, pemda=pemda, source=path, file_name=path.name)
    assert (same.created, same.batch.pk) == (False, batch.pk)


def test_a_file_with_problem_rows_changes_nothing(scene, pemda, dinas_admin, tmp_path):
    path = extract(
        tmp_path,
        [
            ["7413034507900001", "WA ODE NURHAYATI", "10-03-2026", ""],
            ["7413034507900001", "WA ODE NURHAYATI", "11-03-2026", ""],
            ["741303450790000", "NIK PENDEK", "10-03-2026", ""],
            ["7413030101800004", "LA BAA", "bukan tanggal", ""],
            ["7413036112950005", "WA ANI", "01-01-2099", ""],
            ["7413030101800004", "LA BAA", "01-01-1970", ""],
        ],
    )
    batch = deaths_preview(actor=dinas_admin, pemda=pemda, source=path, file_name=path.name).batch
    assert batch.status == ExchangeBatch.Status.REJECTED
    assert batch.summary["invalid"] == 6
    assert batch.summary["problems"] == {
        "NIK_DUPLICATE": 4,
        "NIK_INVALID": 1,
        "DEATH_DATE_INVALID": 1,
        "DEATH_DATE_FUTURE": 1,
        "DEATH_BEFORE_BIRTH": 1,
    }
    with pytest.raises(InsurerError) as refused:
        deaths_apply(actor=dinas_admin, batch=batch)
    assert refused.value.code == "REJECTED"
    assert Person.objects.filter(date_of_death__isnull=False).count() == 2
    assert scene.cohort.memberships.filter(status="active").count() == 4


def test_wrong_columns_and_stale_previews_are_refused(scene, pemda, dinas_admin, tmp_path):
    wrong = write_csv(tmp_path / "salah.csv", [["NIK", "Nama"], ["7413034507900001", "WA ODE"]])
    with pytest.raises(InsurerError) as missing:
        deaths_preview(actor=dinas_admin, pemda=pemda, source=wrong, file_name=wrong.name)
    assert missing.value.code == "HEADER_MISSING"
    assert "Tanggal Meninggal" in missing.value.message
    assert not ExchangeBatch.objects.exists()

    path = extract(tmp_path, good_rows())
    batch = deaths_preview(actor=dinas_admin, pemda=pemda, source=path, file_name=path.name).batch
    Person.objects.filter(pk=scene.people[0].pk).update(date_of_death=date(2026, 3, 9))
    with pytest.raises(InsurerError) as stale:
        deaths_apply(actor=dinas_admin, batch=batch)
    assert stale.value.code == "STALE"
    assert scene.cohort.memberships.filter(status="active").count() == 4


def test_only_the_dinas_admin_processes_deaths(scene, pemda, liaison, tmp_path):
    path = extract(tmp_path, good_rows())
    with pytest.raises(InsurerError) as denied:
        deaths_preview(actor=liaison, pemda=pemda, source=path, file_name=path.name)
    assert denied.value.code == "FORBIDDEN"


def test_the_exchange_page_uploads_previews_and_applies(scene, client, dinas_admin, liaison):
    content = "\n".join(",".join(r) for r in [HEADER, *good_rows()]).encode()
    client.force_login(liaison)
    page = client.get(reverse("insurer:home"))
    assert b'data-testid="deaths-form"' not in page.content
    upload = SimpleUploadedFile("kematian.csv", content, content_type="text/csv")
    assert client.post(reverse("insurer:deaths"), {"file": upload}).status_code == 403

    client.force_login(dinas_admin)
    assert b'data-testid="deaths-form"' in client.get(reverse("insurer:home")).content
    upload = SimpleUploadedFile("kematian.csv", content, content_type="text/csv")
    response = client.post(reverse("insurer:deaths"), {"file": upload})
    batch = ExchangeBatch.objects.get(kind="deaths")
    assert response.url == reverse("insurer:detail", args=[batch.pk])
    detail = client.get(response.url).content.decode()
    assert "1 kepesertaan akan berakhir karena meninggal." in detail
    assert "Konfirmasi: catat kematian dan akhiri kepesertaan" in detail
    assert "7413034507900001" not in detail
    client.post(reverse("insurer:confirm", args=[batch.pk]))
    detail = client.get(reverse("insurer:detail", args=[batch.pk])).content.decode()
    assert "1 orang dicatat meninggal; 1 kepesertaan berakhir." in detail
    assert Membership.objects.get(pk=scene.memberships[0].pk).status == "ended"


def test_the_command_line_previews_applies_and_rechecks(scene, dinas_admin, tmp_path, capsys):
    path = extract(tmp_path, good_rows())
    call_command("enrolment", "deaths", str(path), "--pemda", "74.13")
    printed = capsys.readouterr().out
    assert "Dicatat meninggal: 1" in printed
    assert "Tanggal berbeda dengan data Kawal: 1" in printed
    assert "Kepesertaan yang akan berakhir: 1" in printed
    assert Person.objects.get(pk=scene.people[0].pk).date_of_death is None
    call_command("enrolment", "deaths", str(path), "--pemda", "74.13", "--apply")
    printed = capsys.readouterr().out
    assert "Diterapkan: 1 orang dicatat meninggal, 1 kepesertaan berakhir." in printed

    call_command("enrolment", "recheck", "--cohort", str(scene.cohort.pk), "--on", "2026-11-24")
    printed = capsys.readouterr().out
    # three live members left (two recorded dead earlier are still active in the fixture), and
    # the reserve: the dead ones are now ineligible and named
    assert f"{scene.cohort.name}: 4 diperiksa" in printed
    assert "Kini tidak layak:" in printed
    assert "La Ode Muhammad Rusdi" in printed
    assert "7413031508850002" not in printed

    bad = extract(tmp_path, [["123", "X", "01-01-2026", ""]], name="buruk.csv")
    with pytest.raises(CommandError, match="Berkas bermasalah"):
        call_command("enrolment", "deaths", str(bad), "--pemda", "74.13")
    with pytest.raises(CommandError, match="Kohort 999999 tidak ditemukan"):
        call_command("enrolment", "recheck", "--cohort", "999999")
