"""The ``kawal`` command: nik, stats and the demo (built twice, counted exactly)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from kawal.accounts.models import User
from kawal.registry.models import Person

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_nik_json_contract():
    payload = json.loads(
        _run("nik", "7403014507900001", "--birth-date", "1990-07-05", "--sex", "P", "--json")
    )
    assert payload["valid"] is True
    assert payload["errors"] == []
    assert (payload["province_code"], payload["regency_code"], payload["district_code"]) == (
        "74",
        "7403",
        "740301",
    )
    assert (payload["birth_date"], payload["sex"]) == ("1990-07-05", "P")


def test_nik_json_reports_warnings_and_errors():
    payload = json.loads(
        _run("nik", "7413034507900001", "--birth-date", "1991-07-05", "--sex", "L", "--json")
    )
    assert payload["valid"] is True
    assert [w["code"] for w in payload["warnings"]] == [
        "NIK_BIRTH_DATE_MISMATCH",
        "NIK_SEX_MISMATCH",
    ]
    with pytest.raises(SystemExit) as exit_info:
        _run("nik", "7413034507900000", "--json")
    assert exit_info.value.code == 1


def test_demo_builds_the_seed_figures_once(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    _run("demo", "--no-serve")
    stats = json.loads(_run("stats", "--json"))
    assert stats["segments"] == {
        "non_asn": 2270,
        "adhoc": 0,
        "pekerja_rentan": 10424,
        "aparatur_desa": 0,
    }
    assert Person.objects.count() == 12694
    assert Person.objects.filter(nik__startswith="7403").exists()
    assert Person.objects.values("domicile_village").distinct().count() == 86
    again = _run("demo", "--no-serve")
    assert "sudah ada" in again
    assert Person.objects.count() == 12694
    assert User.objects.filter(username="operator.wamelai", role="village_operator").count() == 1


def test_settings_refuse_default_secret_outside_debug(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAWAL_", "DJANGO_"))}
    env["KAWAL_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "kawal.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "KAWAL_SECRET_KEY is not set" in result.stderr
