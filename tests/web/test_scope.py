"""Personas: what each role can see, by list, by search and by URL, and what is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kawal.accounts.models import AuditEvent, Role
from kawal.registry.errors import OutOfScope
from kawal.registry.selectors import PersonFilters, person_search
from kawal.registry.services import nik_reveal, person_register
from tests.web.conftest import LAGADI, WAKOILA, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_people(register):
    return {
        "wamelai": register(),
        "lagadi": register(
            nik="7413031208850002",
            full_name="La Ode Muhammad Harun",
            sex="L",
            birth_date=date(1985, 8, 12),
            domicile_village_id=LAGADI,
        ),
        "wakoila": register(
            nik="7413012201950003",
            full_name="La Baco",
            sex="L",
            birth_date=date(1995, 1, 22),
            domicile_village_id=WAKOILA,
        ),
    }


def test_operator_sees_only_own_desa(three_people, operator_wamelai, client):
    names = [p.full_name for p in person_search(operator_wamelai, PersonFilters())]
    assert names == ["Wa Ode Nurhayati"]
    client.force_login(operator_wamelai)
    other = three_people["lagadi"]
    assert client.get(reverse("registry:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("registry:edit", args=[other.pk])).status_code == 404
    page = client.get(reverse("registry:list"), {"q": "Harun"})
    assert page.context["page"].paginator.count == 0
    page = client.get(reverse("registry:list"), {"q": "7413031208850002"})
    assert page.context["page"].paginator.count == 0


def test_verifier_sees_kecamatan_and_dinas_sees_pemda(three_people, verifier_lawa, dinas_admin):
    lawa = sorted(p.full_name for p in person_search(verifier_lawa, PersonFilters()))
    assert lawa == ["La Ode Muhammad Harun", "Wa Ode Nurhayati"]
    assert person_search(dinas_admin, PersonFilters()).count() == 3


def test_user_without_role_sees_nobody(three_people, django_user_model):
    admin = django_user_model.objects.create(username="root", is_superuser=True, is_staff=True)
    assert person_search(admin, PersonFilters()).count() == 0


def test_operator_cannot_register_in_another_desa(operator_wamelai):
    with pytest.raises(OutOfScope):
        person_register(actor=operator_wamelai, data=person_data(domicile_village_id=LAGADI))


def test_reveal_is_audited_and_scoped(three_people, operator_wamelai, auditor, client):
    own = three_people["wamelai"]
    assert nik_reveal(actor=operator_wamelai, person_id=own.pk) == "7413034507900001"
    event = AuditEvent.objects.get(action="nik.reveal")
    assert (event.actor, event.object_id) == (operator_wamelai, str(own.pk))
    with pytest.raises(OutOfScope):
        nik_reveal(actor=operator_wamelai, person_id=three_people["lagadi"].pk)
    with pytest.raises(OutOfScope):
        nik_reveal(actor=auditor, person_id=own.pk)
    assert AuditEvent.objects.filter(action="nik.reveal").count() == 1


def test_list_masks_nik_and_reveal_view_shows_it(three_people, operator_wamelai, client):
    client.force_login(operator_wamelai)
    html = client.get(reverse("registry:list")).content.decode()
    assert "7413**********01" in html
    assert "7413034507900001" not in html
    own = three_people["wamelai"]
    detail = client.get(reverse("registry:detail", args=[own.pk])).content.decode()
    assert "7413034507900001" not in detail
    revealed = client.post(reverse("registry:reveal_nik", args=[own.pk]))
    assert "7413034507900001" in revealed.content.decode()
    denied = client.post(reverse("registry:reveal_nik", args=[three_people["lagadi"].pk]))
    assert denied.status_code == 403


def test_auditor_reads_but_cannot_write(three_people, auditor, client):
    client.force_login(auditor)
    assert client.get(reverse("registry:list")).context["page"].paginator.count == 3
    assert client.get(reverse("registry:create")).status_code == 403
    assert auditor.role == Role.AUDITOR


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("registry:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
