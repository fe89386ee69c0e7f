"""Splitting a wrong automatic link: the row becomes a new person, its membership moves, and the
next import remembers the decision."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from kawal.accounts.models import AuditEvent
from kawal.intake.models import ImportJob, MatchDecision, RowOutcome
from kawal.intake.pipeline import run_job
from kawal.intake.services import job_submit
from kawal.intake.unlink import UnlinkError, outcome_unlink
from kawal.registry.models import Person, SegmentMembership

pytestmark = pytest.mark.django_db

HEADER = (
    "NIK,Nama Lengkap,Jenis Kelamin (L/P),Tempat Lahir,Tanggal Lahir (DD-MM-YYYY),"
    "Nama Ibu Kandung,Status Perkawinan,Alamat,RT,RW,Desa/Kelurahan,Kecamatan,No HP,Pekerjaan"
)
HASAN = (
    "{nik},La Ode Hasan,L,Lawa,01-05-1990,Wa Ode Sitti,KAWIN,Jl. Poros,1,2,Wamelai,Lawa,"
    "081234567890,petani"
)


def _import(tmp_path: Path, name: str, lines: list[str], admin) -> ImportJob:  # noqa: ANN001
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    job = job_submit(actor=admin, path=path, file_name=name, source="village").job
    return run_job(job.pk)


@pytest.fixture
def linked(dinas_admin, settings, tmp_path: Path) -> tuple[ImportJob, RowOutcome, Person]:
    settings.DATA_DIR = tmp_path / "data"
    first = _import(tmp_path, "a.csv", [HASAN.format(nik="7413030105900001")], dinas_admin)
    hasan = Person.objects.get(import_job=first)
    # Another man of the same name, birth date, desa, mother and phone, NIK one serial on:
    # the linker takes it for a typo of the first (a wrong automatic link).
    second = _import(tmp_path, "b.csv", [HASAN.format(nik="7413030105900002")], dinas_admin)
    outcome = RowOutcome.objects.get(job=second, row=1)
    assert (outcome.status, outcome.person_id) == ("linked", hasan.pk)
    return second, outcome, hasan


def test_unlink_registers_the_row_as_a_new_person(linked, dinas_admin, tmp_path) -> None:
    job, outcome, hasan = linked
    memberships = SegmentMembership.objects.filter(person=hasan).count()
    person = outcome_unlink(actor=dinas_admin, outcome_id=outcome.pk, reason="KTP berbeda")
    assert (person.nik, person.full_name, person.import_job_id) == (
        "7413030105900002",
        "La Ode Hasan",
        job.pk,
    )
    outcome.refresh_from_db()
    assert (outcome.status, outcome.person_id, outcome.reasons) == (
        "created",
        person.pk,
        "LINK_DECISION",
    )
    assert SegmentMembership.objects.filter(person=hasan).count() == memberships
    assert SegmentMembership.objects.filter(person=person, segment="pekerja_rentan").count() == 1
    decision = MatchDecision.objects.get(person=hasan)
    assert (decision.record_key, decision.same) == ("7413030105900002", False)
    assert AuditEvent.objects.filter(action="intake.unlink", object_id=str(outcome.pk)).count() == 1
    # The same row in a new file now links to the new person by its NIK.
    again = _import(tmp_path, "c.csv", [HASAN.format(nik="7413030105900002"), ""], dinas_admin)
    assert RowOutcome.objects.get(job=again, row=1).person_id == person.pk


def test_unlink_refuses_what_it_cannot_split(linked, dinas_admin, make_user) -> None:
    job, outcome, hasan = linked
    with pytest.raises(UnlinkError, match="alasan"):
        outcome_unlink(actor=dinas_admin, outcome_id=outcome.pk, reason=" ")
    finance = make_user("keuangan.uji", "finance")
    with pytest.raises(UnlinkError, match="tidak boleh"):
        outcome_unlink(actor=finance, outcome_id=outcome.pk, reason="x")
    first = RowOutcome.objects.get(job__file_name="a.csv", row=1)
    with pytest.raises(UnlinkError, match="Hanya baris"):
        outcome_unlink(actor=dinas_admin, outcome_id=first.pk, reason="x")
    outcome.refresh_from_db()
    assert (outcome.status, outcome.person_id) == ("linked", hasan.pk)


def test_rows_page_lists_masked_and_unlinks(client, linked, dinas_admin) -> None:
    job, outcome, hasan = linked
    client.force_login(dinas_admin)
    page = client.get(reverse("intake:rows", args=[job.pk]) + "?status=linked")
    body = page.content.decode()
    assert page.status_code == 200
    assert "7413**********01" in body
    assert hasan.nik not in body
    response = client.post(
        reverse("intake:unlink", args=[job.pk, outcome.pk]), {"reason": "orang lain"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:rows", args=[job.pk]) + "?status=linked"
    outcome.refresh_from_db()
    assert outcome.status == "created"
