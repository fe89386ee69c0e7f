"""The suite runs on the database CI asked for, and sign-in is throttled."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.urls import reverse

from kawal.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_runs_on_the_requested_database():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_login_locks_after_repeated_failures(operator_wamelai, client, settings):
    settings.KAWAL_LOGIN_MAX_FAILURES = 3
    url = reverse("accounts:login")
    for _ in range(3):
        response = client.post(url, {"username": "op.wamelai", "password": "salah"})
        assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    locked = client.post(url, {"username": "op.wamelai", "password": "rahasia-uji-123"})
    assert "Terlalu banyak percobaan gagal" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.failed").count() == 3


def test_successful_login_clears_failures(operator_wamelai, client):
    url = reverse("accounts:login")
    client.post(url, {"username": "op.wamelai", "password": "salah"})
    response = client.post(url, {"username": "op.wamelai", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(operator_wamelai.pk)


def test_audit_log_is_for_auditor_and_dinas_only(register, auditor, operator_wamelai, client):
    person = register()
    client.post(reverse("accounts:login"), {"username": "op.wamelai", "password": "salah"})
    client.force_login(operator_wamelai)
    assert client.get(reverse("accounts:audit")).status_code == 403
    client.force_login(auditor)
    page = client.get(reverse("accounts:audit")).context["page"]
    assert [(e.action, e.object_id) for e in page] == [
        ("login.failed", "op.wamelai"),
        ("person.create", str(person.pk)),
    ]
    only = client.get(reverse("accounts:audit"), {"action": "person.create"}).context["page"]
    assert [e.action for e in only] == ["person.create"]
    assert "7413**********01" in client.get(reverse("accounts:audit")).content.decode()
