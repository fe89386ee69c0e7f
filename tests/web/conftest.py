"""Shared fixtures: the region tree loaded once, the Muna Barat pemda, and personas per role.

Test data is made through Kawal's own services, as a user would make it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from kawal.accounts.models import Role, User
from kawal.regions.models import Pemda
from kawal.regions.services import regions_load
from kawal.registry.models import Person
from kawal.registry.services import PersonData, person_register

WAMELAI = "7413031007"  # Kel. Wamelai, Kec. Lawa
LAGADI = "7413032001"  # Desa Lagadi, Kec. Lawa
WAKOILA = "7413012001"  # Desa Wakoila, Kec. Sawerigadi
LAWA = "741303"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped region list once per test database (it is read-only in tests)."""
    with django_db_blocker.unblock():
        regions_load()
        Pemda.objects.get_or_create(region_id="7413", defaults={"name": "Kabupaten Muna Barat"})


@pytest.fixture
def pemda(db) -> Pemda:
    return Pemda.objects.get(region_id="7413")


@pytest.fixture
def make_user(pemda: Pemda) -> Callable[..., User]:
    def make(username: str, role: str, region: str | None = None) -> User:
        user = User.objects.create(
            username=username, role=role, pemda=pemda, scope_region_id=region
        )
        user.set_password("rahasia-uji-123")
        user.save()
        return user

    return make


@pytest.fixture
def operator_wamelai(make_user) -> User:
    return make_user("op.wamelai", Role.VILLAGE_OPERATOR, WAMELAI)


@pytest.fixture
def operator_lagadi(make_user) -> User:
    return make_user("op.lagadi", Role.VILLAGE_OPERATOR, LAGADI)


@pytest.fixture
def verifier_lawa(make_user) -> User:
    return make_user("ver.lawa", Role.DISTRICT_VERIFIER, LAWA)


@pytest.fixture
def dinas_admin(make_user) -> User:
    return make_user("admin.dinas", Role.DINAS_ADMIN)


@pytest.fixture
def auditor(make_user) -> User:
    return make_user("auditor", Role.AUDITOR)


def person_data(**overrides: object) -> PersonData:
    values: dict[str, object] = {
        "nik": "7413034507900001",
        "full_name": "Wa Ode Nurhayati",
        "sex": "P",
        "birth_date": date(1990, 7, 5),
        "domicile_village_id": WAMELAI,
        "birth_place": "Laworo",
        "mother_name": "Wa Sima",
        "occupation": "petani",
    }
    values.update(overrides)
    return PersonData(**values)  # type: ignore[arg-type]


@pytest.fixture
def register(dinas_admin: User) -> Callable[..., Person]:
    """Register a person through the service, as the Dinas admin."""

    def make(**overrides: object) -> Person:
        return person_register(actor=dinas_admin, data=person_data(**overrides))

    return make
