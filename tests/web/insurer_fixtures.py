"""Fixtures for the insurer exchange tests: a cohort of approved members, response files.

Cohorts and memberships are made with the ORM (the enrolment services are written in parallel);
people go through the registry service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kawal.accounts.models import Role, User
from kawal.enrolment.models import Cohort, Membership
from kawal.registry.models import Person
from tests.web.conftest import LAGADI, WAMELAI

__all__ = ["cohort_of", "liaison"]

#: (NIK, name, sex, birth date, village): NIK dates agree with the birth dates.
PEOPLE = [
    ("7413034507900001", "Wa Ode Nurhayati", "P", date(1990, 7, 5), WAMELAI),
    ("7413031508850002", "La Ode Muhammad Rusdi", "L", date(1985, 8, 15), WAMELAI),
    ("7413035203920003", "Wa Sitti Aminah", "P", date(1992, 3, 12), LAGADI),
    ("7413030101800004", "La Baa", "L", date(1980, 1, 1), LAGADI),
    ("7413036112950005", "Wa Ani", "P", date(1995, 12, 21), LAGADI),
]


@dataclass
class Exchange:
    cohort: Cohort
    people: list[Person]
    memberships: list[Membership]


@pytest.fixture
def liaison(make_user) -> User:
    return make_user("penghubung.bpjs", Role.INSURER_LIAISON)


@pytest.fixture
def cohort_of(pemda, register) -> Callable[..., Exchange]:
    def make(status: str = "approved", name: str = "Pekerja rentan 2026") -> Exchange:
        cohort = Cohort.objects.create(
            pemda=pemda,
            name=name,
            segment="pekerja_rentan",
            fiscal_year=2026,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            programmes=["jkk", "jkm"],
        )
        people = [
            Person.objects.filter(nik=nik).first()
            or register(nik=nik, full_name=n, sex=s, birth_date=b, domicile_village_id=v)
            for nik, n, s, b, v in PEOPLE
        ]
        Membership.objects.bulk_create(
            [Membership(cohort=cohort, person=p, status=status) for p in people]
        )
        memberships = list(cohort.memberships.order_by("id"))
        return Exchange(cohort=cohort, people=people, memberships=memberships)

    return make


def write_csv(path: Path, lines: list[list[str]], *, encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(",".join(cells) for cells in lines).encode(encoding) + b"\n")
    return path


RESPONSE_HEADER = ["NIK", "Nama", "Status", "No KPJ", "Tgl Efektif", "Keterangan"]


def response_lines() -> list[list[str]]:
    """3 accepted, 2 rejected (one NIK not matched with Dukcapil)."""
    return [
        RESPONSE_HEADER,
        ["7413034507900001", "WA ODE NURHAYATI", "DITERIMA", "21000000011", "01-02-2026", ""],
        ["7413031508850002", "LA ODE M RUSDI", "Diterima", "21000000022", "01/02/2026", ""],
        ["7413035203920003", "WA SITTI AMINAH", "DITOLAK", "", "", "NIK tidak padan Dukcapil"],
        ["7413030101800004", "LA BAA", "DITERIMA", "210.0000.0044", "2026-02-01", ""],
        ["7413036112950005", "WA ANI", "DITOLAK", "", "", "Data ganda"],
    ]
