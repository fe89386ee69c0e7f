"""Header mapping by hand: a job held for mapping, the mapping page, presets, and the CLI."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kawal.accounts.models import AuditEvent, Role, User
from kawal.intake.forms import UploadForm
from kawal.intake.mapping import MappingError, job_map
from kawal.intake.models import ImportJob, MappingPreset
from kawal.intake.pipeline import run_job
from kawal.intake.services import job_submit
from kawal.regions.models import Pemda
from kawal.registry.models import Person

pytestmark = pytest.mark.django_db

HEADER = "No. Identitas,Nama Warga,Tgl Lahir,JK,Desa/Kel,Keterangan\n"
#: Three people, one typed twice with two digits of the NIK swapped, one NIK too short.
FIRST_ROWS = (
    "7413034507900001,Wa Ode Nurhayati,05-07-1990,P,Wamelai,baru\n"
    "7413031203850002,La Ode Hamid,12-03-1985,L,Wamelai,\n"
    "7413035511920003,Wa Sima,15-11-1992,P,Lagadi,pindahan\n"
    "74130312038,La Bose,01-01-1980,L,Lagadi,\n"
    "7413031203850020,La Ode Hamid,12-03-1985,L,Wamelai,ketik ulang\n"
)
#: Two new people (one typed twice the same way) and two registered by the first file (one
#: with two digits of the NIK swapped).
SECOND_ROWS = (
    "7413034101950004,Wa Ani,01-01-1995,P,Wamelai,\n"
    "7413032002880005,La Ode Umar,20-02-1988,L,Lagadi,\n"
    "7413032002880050,La Ode Umar,20-02-1988,L,Lagadi,\n"
    "7413034507900001,Wa Ode Nurhayati,05-07-1990,P,Wamelai,\n"
    "7413035511920030,Wa Sima,15-11-1992,P,Lagadi,\n"
)
#: The mapping a person chooses for HEADER (in column order).
CHOSEN = {
    "No. Identitas": "nik",
    "Nama Warga": "full_name",
    "Tgl Lahir": "birth_date",
    "JK": "sex",
    "Desa/Kel": "village",
    "Keterangan": "",
}


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings.DATA_DIR


@pytest.fixture
def first_file(tmp_path: Path) -> Path:
    path = tmp_path / "usulan-wamelai.csv"
    path.write_text(HEADER + FIRST_ROWS, encoding="utf-8")
    return path


@pytest.fixture
def second_file(tmp_path: Path) -> Path:
    path = tmp_path / "usulan-lagadi.csv"
    path.write_text(HEADER + SECOND_ROWS, encoding="utf-8")
    return path


@pytest.fixture
def other_pemda_admin(db) -> User:
    other = Pemda.objects.create(region_id="7403", name="Kabupaten Muna")
    return User.objects.create(username="admin.muna", role=Role.DINAS_ADMIN, pemda=other)


def _post_mapping(client, job: ImportJob, chosen: dict[str, str], **extra: str):
    data = {f"col{i}": name for i, name in enumerate(chosen.values())}
    data.update(extra)
    return client.post(reverse("intake:mapping", args=[job.pk]), data)


def _upload(client, path: Path, **extra: object):
    with path.open("rb") as handle:
        return client.post(reverse("intake:list"), {"source": "village", "file": handle, **extra})


def test_unmapped_file_waits_is_mapped_on_the_page_and_preset_maps_the_next_file(
    client, pemda, dinas_admin, data_dir, first_file, second_file
):
    client.force_login(dinas_admin)
    response = _upload(client, first_file)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:mapping", args=[job.pk])
    assert (job.status, job.mapping, job.attempts) == ("mapping", {}, 0)
    assert Person.objects.count() == 0
    waiting = _upload(client, first_file)  # the same file again: the same waiting job
    assert waiting["Location"] == reverse("intake:mapping", args=[job.pk])
    assert ImportJob.objects.count() == 1

    detail = client.get(reverse("intake:detail", args=[job.pk])).content.decode()
    assert reverse("intake:mapping", args=[job.pk]) in detail
    assert 'data-testid="mapping-link"' in detail
    assert "hx-get" not in detail  # a job waiting for a person is not polled

    page = client.get(reverse("intake:mapping", args=[job.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('data-testid="mapping-column"') == 6
    for column in CHOSEN:
        assert f'data-testid="column-name">{column}<' in body
    # Samples: NIKs masked, never in full; other columns as typed.
    for masked in ("7413**********01", "7413**********02", "7413**********03"):
        assert masked in body
    assert "74**************" not in body  # three values per column are shown
    for nik in ("7413034507900001", "7413031203850002", "7413035511920003", "74130312038"):
        assert nik not in body
    assert "Wa Ode Nurhayati" in body
    assert "Kolom wajib NIK belum dipilih." in body
    assert "Kolom wajib Nama Lengkap belum dipilih." in body
    # The automatic suggestion is pre-selected, unknown columns are ignored.
    assert '<option value="birth_date" selected>' in body
    assert '<option value="village" selected>' in body
    assert body.count('<option value="" selected>') == 3
    assert "— abaikan kolom ini —" in body

    doubled = _post_mapping(client, job, {**CHOSEN, "Nama Warga": "nik"})
    text = doubled.content.decode()
    assert doubled.status_code == 400
    assert "NIK dipilih untuk lebih dari satu kolom: “No. Identitas”, “Nama Warga”." in text
    assert "Kolom wajib Nama Lengkap belum dipilih." in text
    assert text.count("NIK juga dipilih untuk kolom lain.") == 2
    job.refresh_from_db()
    assert job.status == "mapping"

    no_name = _post_mapping(client, job, CHOSEN, save_preset="on", preset_name=" ")
    assert no_name.status_code == 400
    assert "Beri nama format kolom yang akan disimpan." in no_name.content.decode()

    done = _post_mapping(client, job, CHOSEN, save_preset="on", preset_name="Format Desa 2026")
    assert done.status_code == 302
    assert done["Location"] == reverse("intake:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done"
    assert job.mapping == CHOSEN
    assert job.attempts == 1
    counted = ("rows", "valid", "invalid", "duplicates_in_file", "created", "linked", "review")
    assert {k: job.summary[k] for k in counted} == {
        "rows": 5,
        "valid": 4,
        "invalid": 1,
        "duplicates_in_file": 1,
        "created": 3,
        "linked": 0,
        "review": 0,
    }
    assert job.summary["invalid_by_reason"] == {"NIK_LENGTH": 1}
    assert Person.objects.filter(import_job=job).count() == 3
    preset = MappingPreset.objects.get()
    assert (preset.name, preset.source, preset.pemda_id, preset.columns) == (
        "Format Desa 2026",
        "village",
        pemda.pk,
        CHOSEN,
    )
    mapped = AuditEvent.objects.get(action="intake.map")
    assert mapped.changes == {
        "mapping": [{}, CHOSEN],
        "status": ["mapping", "queued"],
        "preset": [None, "Format Desa 2026"],
    }
    assert mapped.actor == dinas_admin
    assert AuditEvent.objects.filter(action="intake.preset_save").count() == 1

    # The same file again: the finished job is recognised, nothing is mapped or imported.
    again = _upload(client, first_file)
    assert again["Location"] == reverse("intake:detail", args=[job.pk])
    assert ImportJob.objects.count() == 1

    # A new file with the same headers, uploaded with the preset: no mapping step.
    form = client.get(reverse("intake:list")).content.decode()
    assert "Format Desa 2026" in form
    second = _upload(client, second_file, preset=preset.pk)
    second_job = ImportJob.objects.exclude(pk=job.pk).get()
    assert second["Location"] == reverse("intake:detail", args=[second_job.pk])
    assert second_job.status == "done"
    assert second_job.mapping == CHOSEN
    assert {k: second_job.summary[k] for k in counted} == {
        "rows": 5,
        "valid": 5,
        "invalid": 0,
        "duplicates_in_file": 1,
        "created": 2,
        "linked": 2,
        "review": 0,
    }
    assert Person.objects.count() == 5


def test_a_preset_with_the_same_name_is_replaced(pemda, dinas_admin, data_dir, first_file):
    job = job_submit(actor=dinas_admin, path=first_file, file_name="a.csv", source="village").job
    assert job.status == "mapping"
    first = {**CHOSEN, "Keterangan": "occupation"}
    job_map(actor=dinas_admin, job=job, columns=first, preset_name="Format Desa")
    assert MappingPreset.objects.get().columns == first
    job.refresh_from_db()
    assert job.status == "queued"
    with pytest.raises(MappingError):  # not waiting for a mapping any more
        job_map(actor=dinas_admin, job=job, columns=CHOSEN)
    preset = MappingPreset.objects.get()
    from kawal.intake.mapping import preset_save

    preset_save(
        actor=dinas_admin, pemda_id=pemda.pk, source="village", name="Format  Desa", columns=CHOSEN
    )
    assert MappingPreset.objects.get().pk == preset.pk
    assert MappingPreset.objects.get().columns == CHOSEN
    event = AuditEvent.objects.filter(action="intake.preset_save").order_by("-id").first()
    assert event.changes["name"] == ["Format Desa", "Format Desa"]
    assert event.changes["columns"] == [first, CHOSEN]


def test_mapping_service_refuses_bad_mappings(pemda, dinas_admin, auditor, data_dir, first_file):
    job = job_submit(actor=dinas_admin, path=first_file, file_name="a.csv", source="village").job
    with pytest.raises(MappingError) as missing:
        job_map(actor=dinas_admin, job=job, columns={**CHOSEN, "JK": ""})
    assert missing.value.errors == ["Kolom wajib Jenis Kelamin belum dipilih."]
    with pytest.raises(MappingError) as unknown:
        job_map(actor=dinas_admin, job=job, columns={**CHOSEN, "Keterangan": "ijazah"})
    assert unknown.value.errors == ["Bidang tidak dikenal: ijazah."]
    with pytest.raises(MappingError):
        job_map(actor=auditor, job=job, columns=CHOSEN)
    job.refresh_from_db()
    assert (job.status, job.mapping) == ("mapping", {})
    assert not AuditEvent.objects.filter(action="intake.map").exists()


def test_who_may_map(
    client, pemda, dinas_admin, operator_wamelai, auditor, other_pemda_admin, data_dir, first_file
):
    job = job_submit(actor=dinas_admin, path=first_file, file_name="a.csv", source="village").job
    url = reverse("intake:mapping", args=[job.pk])
    client.force_login(other_pemda_admin)
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {f"col{i}": n for i, n in enumerate(CHOSEN.values())}).status_code == 404
    )
    client.force_login(operator_wamelai)  # same pemda, but sees only their own uploads
    assert client.get(url).status_code == 404
    client.force_login(auditor)  # sees the job, may not import
    assert client.get(url).status_code == 403
    job.refresh_from_db()
    assert job.status == "mapping"
    client.force_login(dinas_admin)
    assert client.get(url).status_code == 200


def test_operator_maps_their_own_upload(client, pemda, operator_wamelai, data_dir, first_file):
    client.force_login(operator_wamelai)
    response = _upload(client, first_file)
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("intake:mapping", args=[job.pk])
    assert _post_mapping(client, job, CHOSEN).status_code == 302
    job.refresh_from_db()
    assert job.status == "done"
    # Rows outside the operator's desa are refused; the Wamelai ones are created.
    assert job.summary["created"] == 2


def test_a_job_rejected_for_its_headers_is_mapped_as_a_new_attempt(
    client, pemda, dinas_admin, data_dir, first_file
):
    job = job_submit(actor=dinas_admin, path=first_file, file_name="a.csv", source="village").job
    job = run_job(job.pk)  # the pipeline's own check is still the safety net
    assert (job.status, job.error_code, job.attempts) == ("rejected", "INTAKE_HEADERS", 1)
    client.force_login(dinas_admin)
    detail = client.get(reverse("intake:detail", args=[job.pk])).content.decode()
    assert 'data-testid="mapping-link"' in detail
    assert _post_mapping(client, job, CHOSEN).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error_code, job.attempts) == ("done", "", 2)
    assert job.summary["created"] == 3
    # A finished job is not offered for mapping again.
    page = client.get(reverse("intake:mapping", args=[job.pk]))
    assert page.status_code == 302
    assert page["Location"] == reverse("intake:detail", args=[job.pk])


def test_file_that_maps_by_itself_is_queued(pemda, dinas_admin, data_dir, tmp_path):
    path = tmp_path / "usulan.csv"
    path.write_text(
        "NIK,Nama,Tgl Lahir,JK,Desa/Kel\n7413034507900001,Wa Ode,05-07-1990,P,Wamelai\n",
        encoding="utf-8",
    )
    job = job_submit(actor=dinas_admin, path=path, file_name="u.csv", source="village").job
    assert job.status == "queued"
    # A preset that ignores the NIK column holds the same file for mapping.
    other = job_submit(
        actor=dinas_admin,
        path=path,
        file_name="u.csv",
        source="dtsen",
        mapping={"Desil": "desil"},
    ).job
    assert other.status == "mapping"


def test_upload_form_offers_only_presets_of_the_pemda_and_allowed_sources(
    pemda, dinas_admin, operator_wamelai, other_pemda_admin
):
    def preset(pemda_id: int, source: str, name: str, by: User) -> MappingPreset:
        return MappingPreset.objects.create(
            pemda_id=pemda_id, source=source, name=name, columns={}, created_by=by
        )

    village = preset(pemda.pk, "village", "Desa A", dinas_admin)
    dtsen = preset(pemda.pk, "dtsen", "DTSEN Dinsos", dinas_admin)
    elsewhere = preset(other_pemda_admin.pemda_id, "village", "Desa Muna", other_pemda_admin)

    admin_form = UploadForm(user=dinas_admin)
    assert set(admin_form.fields["preset"].queryset) == {village, dtsen}
    choices = admin_form.fields["preset"].choices
    assert choices[0][0] == ""
    assert [(str(label), options) for label, options in choices[1:]] == [
        ("Usulan desa/kelurahan (pekerja rentan)", [(village.pk, "Desa A")]),
        ("Ekstrak DTSEN", [(dtsen.pk, "DTSEN Dinsos")]),
    ]
    operator_form = UploadForm(user=operator_wamelai)
    assert list(operator_form.fields["preset"].queryset) == [village]
    stolen = UploadForm({"source": "village", "preset": elsewhere.pk}, user=dinas_admin)
    assert not stolen.is_valid()
    assert "preset" in stolen.errors
    wrong_source = UploadForm({"source": "village", "preset": dtsen.pk}, user=dinas_admin)
    assert not wrong_source.is_valid()
    assert wrong_source.errors["preset"] == ["Format kolom ini untuk jenis data lain."]


def test_presets_page_lists_and_deletes(
    client, pemda, dinas_admin, operator_wamelai, other_pemda_admin
):
    preset = MappingPreset.objects.create(
        pemda=pemda, source="village", name="Desa A", columns=CHOSEN, created_by=dinas_admin
    )
    MappingPreset.objects.create(
        pemda=other_pemda_admin.pemda,
        source="village",
        name="Desa Muna",
        columns={},
        created_by=other_pemda_admin,
    )
    client.force_login(dinas_admin)
    listing = client.get(reverse("intake:list")).content.decode()
    assert reverse("intake:presets") in listing
    page = client.get(reverse("intake:presets")).content.decode()
    assert "Desa A" in page
    assert "No. Identitas → NIK" in page
    assert "Keterangan → diabaikan" in page
    assert "Desa Muna" not in page
    assert page.count('data-testid="preset"') == 1

    delete = reverse("intake:preset_delete", args=[preset.pk])
    client.force_login(other_pemda_admin)
    assert client.post(delete).status_code == 404
    client.force_login(operator_wamelai)  # not theirs: they see it but may not delete it
    assert "Desa A" in client.get(reverse("intake:presets")).content.decode()
    assert client.post(delete).status_code == 403
    client.force_login(dinas_admin)
    assert client.get(delete).status_code == 405
    response = client.post(delete)
    assert response.status_code == 302
    assert not MappingPreset.objects.filter(pk=preset.pk).exists()
    event = AuditEvent.objects.get(action="intake.preset_delete")
    assert event.changes["name"] == ["Desa A", None]
    assert event.actor == dinas_admin


def _cli(path: Path, *args: str) -> tuple[int, dict, str]:
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command(
            "import",
            str(path),
            "--source",
            "village",
            "--pemda",
            "7413",
            "--json",
            "--no-progress",
            *args,
            stdout=out,
            stderr=err,
        )
    except SystemExit as exit_:
        code = int(exit_.code)
    return code, json.loads(out.getvalue()), err.getvalue()


def test_cli_explains_columns_maps_saves_and_uses_a_preset(
    pemda, dinas_admin, data_dir, first_file, second_file
):
    code, summary, err = _cli(first_file)
    assert code == 1
    assert (summary["status"], summary["error_code"]) == ("rejected", "INTAKE_HEADERS")
    assert summary["columns"] == {
        "No. Identitas": None,
        "Nama Warga": None,
        "Tgl Lahir": "birth_date",
        "JK": "sex",
        "Desa/Kel": "village",
        "Keterangan": None,
    }
    assert summary["missing"] == ["nik", "full_name"]
    assert '   1. "No. Identitas" → (tidak dikenali)\n' in err
    assert '   3. "Tgl Lahir"     → birth_date (Tanggal Lahir)\n' in err
    assert "Kolom wajib yang belum ada: NIK (nik); Nama Lengkap (full_name)." in err
    assert Person.objects.count() == 0
    rejected = ImportJob.objects.get()
    assert (rejected.status, rejected.error_code) == ("rejected", "INTAKE_HEADERS")

    code, summary, err = _cli(
        first_file,
        "--map",
        "no. identitas=nik",
        "--map",
        "Nama Warga=Nama Lengkap",
        "--save-preset",
        "Format Desa CLI",
    )
    assert code == 0, err
    assert (summary["status"], summary["already_imported"]) == ("done", False)
    counted = ("rows", "valid", "invalid", "duplicates_in_file", "created", "linked")
    assert [summary[k] for k in counted] == [5, 4, 1, 1, 3, 0]
    assert summary["job"] != rejected.pk
    assert "columns" not in summary
    preset = MappingPreset.objects.get()
    assert preset.name == "Format Desa CLI"
    assert preset.columns == CHOSEN
    assert preset.created_by.username == "kawal-cli-7413"

    code, summary, _ = _cli(second_file, "--preset", "Format Desa CLI")
    assert (code, summary["status"]) == (0, "done")
    assert [summary[k] for k in counted] == [5, 5, 0, 1, 2, 2]
    assert Person.objects.count() == 5


def test_cli_maps_a_job_waiting_on_the_web(pemda, dinas_admin, data_dir, first_file):
    waiting = job_submit(actor=dinas_admin, path=first_file, file_name="a.csv", source="village")
    assert waiting.job.status == "mapping"
    code, summary, err = _cli(first_file, "--map", "Nama Warga=full_name")
    assert code == 1  # still no NIK: the web job is left waiting for its mapping
    assert summary["status"] == "mapping"
    assert summary["missing"] == ["nik"]
    code, summary, err = _cli(
        first_file, "--map", "Nama Warga=full_name", "--map", "No. Identitas=nik"
    )
    assert code == 0, err
    assert (summary["job"], summary["status"], summary["already_imported"]) == (
        waiting.job.pk,
        "done",
        False,
    )
    assert ImportJob.objects.count() == 1


def test_cli_refuses_unknown_presets_and_fields(pemda, data_dir, first_file):
    with pytest.raises(CommandError, match='Format kolom "Tidak Ada" untuk jenis data village'):
        _cli(first_file, "--preset", "Tidak Ada")
    with pytest.raises(CommandError, match='bidang "ijazah" tidak dikenal'):
        _cli(first_file, "--map", "Keterangan=ijazah")
    with pytest.raises(CommandError, match="Judul Kolom=bidang"):
        _cli(first_file, "--map", "Keterangan")
    assert ImportJob.objects.count() == 0
