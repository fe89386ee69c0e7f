"""The Dinas admin manages the pemda's users from the web; every change is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kawal.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def test_dinas_admin_creates_a_village_operator(dinas_admin, client):
    client.force_login(dinas_admin)
    response = client.post(
        reverse("accounts:users"),
        {
            "username": "operator.lapadaku",
            "full_name": "Wa Ode Risna",
            "role": "village_operator",
            "region": "7413031008",
            "password": "Lapadaku-2026!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="operator.lapadaku")
    assert (user.role, user.scope_region_id, user.pemda_id) == (
        "village_operator",
        "7413031008",
        dinas_admin.pemda_id,
    )
    assert user.check_password("Lapadaku-2026!")
    event = AuditEvent.objects.get(action="user.add")
    assert event.actor == dinas_admin


def test_operator_role_needs_a_village_and_weak_passwords_are_refused(dinas_admin, client):
    client.force_login(dinas_admin)
    url = reverse("accounts:users")
    no_region = client.post(
        url,
        {
            "username": "op.x",
            "full_name": "X",
            "role": "village_operator",
            "password": "Pa55-word-x!",
        },
    )
    assert "Peran ini perlu desa/kelurahan atau kecamatan" in no_region.content.decode()
    weak = client.post(
        url, {"username": "op.y", "full_name": "Y", "role": "auditor", "password": "password"}
    )
    assert weak.context["form"].errors["password"]
    assert not User.objects.filter(username__in=["op.x", "op.y"]).exists()


def test_deactivate_and_reactivate(dinas_admin, operator_wamelai, client):
    client.force_login(dinas_admin)
    url = reverse("accounts:user_toggle", args=[operator_wamelai.pk])
    client.post(url, {"active": "0"})
    operator_wamelai.refresh_from_db()
    assert operator_wamelai.is_active is False
    client.post(url, {"active": "1"})
    operator_wamelai.refresh_from_db()
    assert operator_wamelai.is_active is True
    actions = list(AuditEvent.objects.filter(object_type="user").values_list("action", flat=True))
    assert sorted(actions) == ["user.activate", "user.deactivate"]
    own = client.post(reverse("accounts:user_toggle", args=[dinas_admin.pk]), {"active": "0"})
    assert own.status_code == 302
    dinas_admin.refresh_from_db()
    assert dinas_admin.is_active is True


def test_only_the_dinas_admin_manages_users(operator_wamelai, auditor, client):
    for user in (operator_wamelai, auditor):
        client.force_login(user)
        assert client.get(reverse("accounts:users")).status_code == 403
