"""``kawal klaim``: check cover without writing, report an event, list the claims."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kawal.claims.models import Claim
from kawal.enrolment.models import Membership
from tests.web.contributions_helpers import enrol, make_cohort, make_people
from tests.web.test_claims import months


@pytest.fixture
def setup(pemda, dinas_admin, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    cohort = make_cohort(
        pemda,
        "Pekerja rentan 2026",
        fiscal_year=2026,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    people = make_people(pemda, 3)
    enrol(cohort, people[:2])
    paid = {date(2026, m, 1): "paid" for m in range(1, 11)} | {date(2026, 11, 1): "billed"}
    months(cohort, people[:2], "jkm", paid)
    return cohort, people


def run(*args: str) -> str:
    out = StringIO()
    call_command("klaim", *args, stdout=out)
    return out.getvalue()


def test_check_writes_nothing_and_report_records(setup):
    _cohort, people = setup
    covered = json.loads(
        run("check", "--person", str(people[0].pk), "--date", "2026-09-14", "--json")
    )
    assert (covered["covered"], covered["programme"], covered["death_benefit"]) == (
        True,
        "jkm",
        42_000_000,
    )
    assert [c["amount"] for c in covered["components"]] == [20_000_000, 12_000_000, 10_000_000]
    assert people[0].nik not in json.dumps(covered)
    unpaid = run("check", "--person", str(people[1].pk), "--date", "2026-11-03")
    assert "Tidak terlindungi (JKM)" in unpaid
    assert "sudah ditagih tetapi belum dibayar" in unpaid
    assert not Claim.objects.exists()
    assert Membership.objects.filter(status="active").count() == 2

    printed = run("report", "--person", str(people[0].pk), "--date", "2026-09-14")
    assert "Terlindungi (JKM)" in printed
    assert "Jumlah: Rp 42.000.000" in printed
    claim = Claim.objects.get()
    assert (claim.covered, claim.benefit_total, claim.status) == (True, 42_000_000, "reported")
    assert Membership.objects.get(person=people[0]).status == "ended"

    run("report", "--person", str(people[2].pk), "--date", "2026-10-01")  # no membership
    listed = json.loads(run("list", "--pemda", "74.13", "--json"))
    assert listed["totals"] == {"n": 2, "benefit": 42_000_000, "paid": 0}
    uncovered = json.loads(run("list", "--pemda", "7413", "--uncovered", "--json"))
    assert [c["claim"] for c in uncovered["claims"]] == [Claim.objects.get(person=people[2]).pk]
    text = run("list", "--pemda", "7413")
    assert "2 klaim; manfaat Rp 42.000.000; dibayar Rp 0" in text


def test_bad_arguments_are_clear(setup):
    with pytest.raises(CommandError, match="tidak ada di registri"):
        run("check", "--person", "999999", "--date", "2026-09-14")
    with pytest.raises(CommandError, match="Pemda 9999 tidak terdaftar"):
        run("list", "--pemda", "9999")
    _cohort, people = setup
    with pytest.raises(CommandError, match="masa depan"):
        run("report", "--person", str(people[0].pk), "--date", "2099-01-01")
