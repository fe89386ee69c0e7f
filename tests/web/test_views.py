"""Pages as a signed-in user uses them: dashboard, search, create with inline NIK rules, edit."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kawal.registry.models import Person, WorkUnit
from kawal.registry.services import segment_add
from tests.web.conftest import WAMELAI

pytestmark = pytest.mark.django_db


def test_dashboard_counts_segments_and_kecamatan(register, dinas_admin, client):
    first = register()
    second = register(
        nik="7413031208850002", full_name="La Harun", sex="L", birth_date=date(1985, 8, 12)
    )
    segment_add(actor=dinas_admin, person=first, segment="pekerja_rentan")
    segment_add(actor=dinas_admin, person=second, segment="pekerja_rentan")
    segment_add(actor=dinas_admin, person=second, segment="aparatur_desa", position="Ketua RT 002")
    client.force_login(dinas_admin)
    response = client.get(reverse("reports:dashboard"))
    figures = response.context["figures"]
    # Nobody is enrolled; pekerja rentan count in the denominator only with a DTSEN/DTKS desil
    # of 1–4, which neither has, so the potential is the aparatur desa alone.
    assert {s.segment: (s.cell.active, s.cell.potential) for s in figures.segments} == {
        "non_asn": (0, 0),
        "adhoc": (0, 0),
        "pekerja_rentan": (0, 0),
        "aparatur_desa": (0, 1),
    }
    lawa = figures.district("741303")
    assert (lawa.name, lawa.total.potential) == ("Lawa", 1)


def test_search_tolerates_spelling_variants(register, dinas_admin, client):
    register(
        nik="7413031208850002",
        full_name="La Ode Muhammad Harun",
        sex="L",
        birth_date=date(1985, 8, 12),
    )
    client.force_login(dinas_admin)
    for query in ["laode muhamad harun", "L.M. Harun", "LA ODE MOH HARUN", "harun"]:
        page = client.get(reverse("registry:list"), {"q": query}).context["page"]
        assert [p.full_name for p in page] == ["La Ode Muhammad Harun"], query


def test_list_query_count_is_pinned(register, dinas_admin, client, django_assert_num_queries):
    for i in range(1, 6):
        register(nik=f"74130345079000{i:02d}", full_name=f"Wa Ani {i}")
    client.force_login(dinas_admin)
    client.get(reverse("registry:list"))  # warm the session
    with django_assert_num_queries(6):
        client.get(reverse("registry:list"))


def test_nik_check_partial_explains_findings(dinas_admin, client):
    client.force_login(dinas_admin)
    url = reverse("registry:nik_check")
    ok = client.post(url, {"nik": "7413034507900001", "birth_date": "1990-07-05", "sex": "P"})
    html = ok.content.decode()
    assert "NIK sesuai aturan" in html
    assert "05-07-1990" in html
    assert "Muna Barat" in html
    wrong_sex = client.post(
        url, {"nik": "7413034507900001", "birth_date": "1990-07-05", "sex": "L"}
    )
    assert "Jenis kelamin menurut NIK berbeda" in wrong_sex.content.decode()
    bad = client.post(url, {"nik": "74130345"})
    assert "16 digit" in bad.content.decode()


def test_create_and_edit_through_the_forms(operator_wamelai, client):
    client.force_login(operator_wamelai)
    response = client.post(
        reverse("registry:create"),
        {
            "nik": "7413-0345-0790-0001",
            "full_name": "Wa Ode Nurhayati",
            "sex": "P",
            "birth_date": "1990-07-05",
            "domicile_village": WAMELAI,
            "phone": "+62 812 3456 7890",
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert (person.nik, person.phone, person.created_by) == (
        "7413034507900001",
        "081234567890",
        operator_wamelai,
    )
    edit_url = reverse("registry:edit", args=[person.pk])
    missing_reason = client.post(
        edit_url,
        {
            "nik": person.nik,
            "full_name": "Wa Ode Nurhayati",
            "sex": "P",
            "birth_date": "1990-07-05",
            "domicile_village": WAMELAI,
        },
    )
    assert missing_reason.status_code == 200
    assert missing_reason.context["form"].errors["reason"]
    client.post(
        edit_url,
        {
            "nik": person.nik,
            "full_name": "Wa Ode Nurhayati",
            "sex": "P",
            "birth_date": "1990-07-05",
            "domicile_village": WAMELAI,
            "occupation": "nelayan",
            "reason": "Salah ketik pekerjaan",
        },
    )
    person.refresh_from_db()
    assert (person.occupation, person.version) == ("nelayan", 2)
    detail = client.get(reverse("registry:detail", args=[person.pk])).content.decode()
    assert "Salah ketik pekerjaan" in detail
    assert "pekerjaan: — → nelayan" in detail


def test_create_form_shows_nik_error_in_indonesian(operator_wamelai, client):
    client.force_login(operator_wamelai)
    response = client.post(
        reverse("registry:create"),
        {
            "nik": "7413033207900001",
            "full_name": "X",
            "sex": "P",
            "birth_date": "1990-07-05",
            "domicile_village": WAMELAI,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nik"] == [
        "Tanggal lahir pada NIK (digit ke-7 dan ke-8) harus 01–31 untuk laki-laki "
        "atau 41–71 untuk perempuan."
    ]
    assert Person.objects.count() == 0


def test_english_switch(dinas_admin, client):
    client.force_login(dinas_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Dashboard" in html
    assert "Informal workers" in html


def test_add_poverty_record_and_segments_from_the_person_page(register, dinas_admin, client):
    person = register()
    unit = WorkUnit.objects.create(pemda=person.pemda, code="DIKBUD", name="Dinas Pendidikan")
    client.force_login(dinas_admin)
    client.post(
        reverse("registry:poverty_add", args=[person.pk]),
        {"source": "DTSEN", "desil": "2", "period": "2026-07-01"},
    )
    bad = client.post(
        reverse("registry:segment_add", args=[person.pk]), {"segment": "non_asn"}, follow=True
    )
    assert "Pegawai non-ASN wajib punya unit kerja." in bad.content.decode()
    assert "Simpan segmen" in bad.content.decode()
    client.post(
        reverse("registry:segment_add", args=[person.pk]),
        {"segment": "non_asn", "work_unit": unit.pk, "wage": "1500000"},
    )
    rows = list(person.segments.values_list("segment", "work_unit__code", "wage"))
    assert rows == [("non_asn", "DIKBUD", 1_500_000)]
    assert list(person.poverty_records.values_list("source", "desil")) == [("DTSEN", 2)]


def test_operator_cannot_add_records_to_another_desa(register, operator_lagadi, client):
    person = register()  # lives in Wamelai
    client.force_login(operator_lagadi)
    response = client.post(
        reverse("registry:poverty_add", args=[person.pk]),
        {"source": "DTSEN", "desil": "2", "period": "2026-07-01"},
    )
    assert response.status_code == 404
    assert person.poverty_records.count() == 0


def test_edit_form_never_shows_the_full_nik_and_keeps_it_when_left_empty(
    register, dinas_admin, client
):
    person = register()
    client.force_login(dinas_admin)
    url = reverse("registry:edit", args=[person.pk])
    html = client.get(url).content.decode()
    assert "7413034507900001" not in html
    assert 'placeholder="7413**********01"' in html
    client.post(
        url,
        {
            "nik": "",
            "full_name": "Wa Ode Nurhayati",
            "sex": "P",
            "birth_date": "1990-07-05",
            "domicile_village": WAMELAI,
            "phone": "081234567890",
            "reason": "Nomor HP baru",
        },
    )
    person.refresh_from_db()
    assert (person.nik, person.phone, person.version) == ("7413034507900001", "081234567890", 2)
