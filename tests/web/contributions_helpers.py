"""Cohorts, people and active memberships for the contributions tests, made in bulk.

The enrolment services are being written in parallel; until they exist these helpers insert
cohorts and active memberships directly (one ``bulk_create`` per table, never a row loop).
"""

from __future__ import annotations

from datetime import date

from kawal.enrolment.models import Cohort, Membership, MembershipStatus
from kawal.regions.models import Pemda
from kawal.registry.models import Person

WAMELAI = "7413031007"
LAGADI = "7413032001"


def make_cohort(pemda: Pemda, name: str = "Pekerja rentan 2023", **overrides: object) -> Cohort:
    values: dict[str, object] = {
        "pemda": pemda,
        "name": name,
        "segment": "pekerja_rentan",
        "fiscal_year": 2023,
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 12, 31),
        "programmes": ["jkk", "jkm"],
        "funding_source": "apbd_kabupaten",
    }
    values.update(overrides)
    return Cohort.objects.create(**values)


def make_people(
    pemda: Pemda, count: int, *, start: int = 1, village: str = WAMELAI
) -> list[Person]:
    """``count`` people with NIKs 7413034507900001… (serials from ``start``)."""
    people = [
        Person(
            nik=f"74130345079{serial:05d}",
            full_name=f"Peserta {serial}",
            name_normalised=f"PESERTA {serial}",
            name_key=f"PESERTA {serial}",
            sex="P",
            birth_date=date(1990, 7, 5),
            domicile_village_id=village,
            pemda=pemda,
        )
        for serial in range(start, start + count)
    ]
    Person.objects.bulk_create(people, batch_size=5_000)
    return list(Person.objects.filter(nik__in=[p.nik for p in people]).order_by("nik"))


def enrol(
    cohort: Cohort,
    people: list[Person],
    *,
    start: date | None = None,
    end: date | None = None,
    status: str = MembershipStatus.ACTIVE,
) -> list[Membership]:
    Membership.objects.bulk_create(
        [
            Membership(
                cohort=cohort,
                person=person,
                status=status,
                start_date=start or cohort.period_start,
                end_date=end,
            )
            for person in people
        ],
        batch_size=5_000,
    )
    return list(Membership.objects.filter(cohort=cohort).order_by("person__nik"))
