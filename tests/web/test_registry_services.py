"""Registry writes: NIK rules enforced, history kept, every change audited with a masked NIK."""

from __future__ import annotations

from datetime import date

import pytest

from kawal.accounts.models import AuditEvent
from kawal.registry.errors import RegistryError
from kawal.registry.models import PovertyRecord
from kawal.registry.services import person_register, person_update, poverty_record_add, segment_add
from tests.web.conftest import LAGADI, person_data

pytestmark = pytest.mark.django_db


def test_register_normalises_nik_and_names(dinas_admin):
    person = person_register(
        actor=dinas_admin,
        data=person_data(nik="7413 0345.0790-0001", full_name="  Waode   Nurhayati, S.Pd. "),
    )
    assert person.nik == "7413034507900001"
    assert person.full_name == "Waode Nurhayati, S.Pd."
    assert person.name_normalised == "WA ODE NURHAYATI"
    event = AuditEvent.objects.get(action="person.create")
    assert event.changes["nik"] == [None, "7413**********01"]
    assert event.actor == dinas_admin


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("741303450790000", "NIK harus terdiri atas 16 digit"),
        ("9913034507900001", "Kode provinsi"),
        ("7413033207900001", "Tanggal lahir pada NIK"),
        ("7413034507900000", "Nomor urut"),
    ],
)
def test_register_refuses_invalid_nik(dinas_admin, nik, message):
    with pytest.raises(RegistryError) as caught:
        person_register(actor=dinas_admin, data=person_data(nik=nik))
    assert caught.value.field == "nik"
    assert message in caught.value.message
    assert AuditEvent.objects.filter(object_type="person").count() == 0


def test_register_refuses_duplicate_nik(register, dinas_admin):
    register()
    with pytest.raises(RegistryError, match="sudah terdaftar"):
        person_register(actor=dinas_admin, data=person_data(full_name="Orang Lain"))


def test_birth_date_mismatch_is_only_a_warning(dinas_admin):
    person = person_register(actor=dinas_admin, data=person_data(birth_date=date(1990, 7, 6)))
    assert person.birth_date == date(1990, 7, 6)


def test_update_requires_reason_and_records_the_diff(register, dinas_admin):
    person = register()
    with pytest.raises(RegistryError, match="Alasan"):
        person_update(actor=dinas_admin, person_id=person.pk, data=person_data(), reason=" ")
    updated = person_update(
        actor=dinas_admin,
        person_id=person.pk,
        data=person_data(domicile_village_id=LAGADI, phone="081234567890"),
        reason="Pindah domisili sesuai KK baru",
    )
    assert (updated.version, updated.domicile_village_id) == (2, LAGADI)
    event = AuditEvent.objects.get(action="person.update")
    assert event.changes == {
        "domicile_village_id": ["7413031007", "7413032001"],
        "phone": ["", "081234567890"],
    }
    assert event.reason == "Pindah domisili sesuai KK baru"


def test_poverty_records_are_history_not_overwritten(register, dinas_admin):
    person = register()
    poverty_record_add(
        actor=dinas_admin, person=person, source="P3KE", desil=2, period=date(2023, 1, 1)
    )
    poverty_record_add(
        actor=dinas_admin, person=person, source="DTSEN", desil=3, period=date(2026, 7, 1)
    )
    with pytest.raises(RegistryError):
        poverty_record_add(
            actor=dinas_admin, person=person, source="DTSEN", desil=1, period=date(2026, 7, 1)
        )
    rows = list(PovertyRecord.objects.filter(person=person).values_list("source", "desil"))
    assert rows == [("DTSEN", 3), ("P3KE", 2)]
    with pytest.raises(RegistryError, match="Desil"):
        poverty_record_add(
            actor=dinas_admin, person=person, source="DTKS", desil=11, period=date(2026, 1, 1)
        )


def test_segment_rules_are_enforced_by_the_database(register, dinas_admin):
    person = register()
    with pytest.raises(RegistryError):
        segment_add(actor=dinas_admin, person=person, segment="non_asn")  # no work unit
    with pytest.raises(RegistryError):
        segment_add(actor=dinas_admin, person=person, segment="adhoc", adhoc_body="KPPS")
    adhoc = segment_add(
        actor=dinas_admin,
        person=person,
        segment="adhoc",
        adhoc_body="KPPS",
        election="Pilkada 2024",
        start_date=date(2024, 11, 1),
        end_date=date(2024, 12, 10),
    )
    assert adhoc.pemda_id == person.pemda_id
    assert AuditEvent.objects.filter(action="segment.add").count() == 1
