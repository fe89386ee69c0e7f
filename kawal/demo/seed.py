"""Build the Muna Barat demo: regions, the pemda, its OPDs, one login per role, and the registry.

Idempotent: a second run finds the data and adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db import transaction
from django.utils import timezone

from kawal.accounts.models import AuditEvent, Role, User
from kawal.domain.names import name_key, normalise_name
from kawal.domain.nik import mask_nik
from kawal.regions.models import Pemda, Region
from kawal.regions.services import regions_ensure_loaded
from kawal.registry.models import Person, PovertyRecord, SegmentMembership, WorkUnit

from .claims_seed import seed_claims
from .contributions_seed import seed_contributions
from .enrolment_seed import ensure_demo_enrolment
from .generator import WORK_UNITS, Village, generate
from .intake_seed import DemoIntake, ensure_demo_intake
from .planner_seed import ensure_demo_plan_cohort
from .regulations_seed import ensure_demo_regulations

PEMDA_CODE = "7413"
DEMO_PASSWORD = "kawal-demo"  # noqa: S105 - printed on screen for the demo, never used elsewhere
BATCH = 2_000


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    region_code: str | None
    full_name: str


DEMO_LOGINS = (
    DemoLogin("operator.wamelai", Role.VILLAGE_OPERATOR, "7413031007", "Wa Ode Sartina"),
    DemoLogin("operator.lagadi", Role.VILLAGE_OPERATOR, "7413032001", "La Ode Harun"),
    DemoLogin("verifikator.lawa", Role.DISTRICT_VERIFIER, "741303", "Nurlia Rahman"),
    DemoLogin("admin.dinas", Role.DINAS_ADMIN, None, "La Ode Muhammad Sahir"),
    DemoLogin("keuangan", Role.FINANCE, None, "Sitti Aisyah"),
    DemoLogin("bpjs", Role.INSURER_LIAISON, None, "Andi Rahmawati"),
    DemoLogin("auditor", Role.AUDITOR, None, "Agus Salim"),
    DemoLogin("kantor.bupati", Role.BUPATI_OFFICE, None, "Wa Ode Rosmini"),
)


@dataclass(frozen=True)
class SeedResult:
    created_people: int
    existing_people: int
    intake: DemoIntake | None = None


def seed_demo(*, today: date | None = None) -> SeedResult:
    """Create everything the demo needs; returns how many people were created this time.

    ``today`` fixes the day the synthetic ages are counted from (tests); by default, today.
    The 2026 cohorts (:mod:`kawal.demo.enrolment_seed`), the 2023 budget and its bills
    (:mod:`kawal.demo.contributions_seed`), the demo's import file and its first import job
    (:mod:`kawal.demo.intake_seed`) follow.
    """
    regions_ensure_loaded()
    with transaction.atomic():
        pemda, _ = Pemda.objects.get_or_create(
            region_id=PEMDA_CODE,
            defaults={
                "name": "Pemerintah Kabupaten Muna Barat",
                "dinas_name": "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Muna Barat",
            },
        )
        WorkUnit.objects.bulk_create(
            # A synthetic NPP per OPD (BPJS numbers each registered employer).
            [
                WorkUnit(pemda=pemda, code=code, name=name, npp=f"74130{i:03d}")
                for i, (code, name, _w) in enumerate(WORK_UNITS, start=1)
            ],
            ignore_conflicts=True,
        )
        _ensure_logins(pemda)
        existing = Person.objects.filter(pemda=pemda).count()
        if existing:
            result = SeedResult(created_people=0, existing_people=existing)
        else:
            created = _seed_people(pemda, today or timezone.localdate())
            result = SeedResult(created_people=created, existing_people=0)
    ensure_demo_enrolment(pemda)
    seed_contributions(pemda)  # the 2023 budget, bills, payments and a planted invoice
    ensure_demo_plan_cohort(pemda)  # an empty 2027 cohort for the budget planner
    ensure_demo_regulations(pemda)  # Perbup/SE in force and innovations (reports)
    seed_claims(pemda)  # 2026 rentan coverage paid Jan–Oct, and a few claims
    return replace(result, intake=ensure_demo_intake(pemda))


def _ensure_logins(pemda: Pemda) -> None:
    for login in DEMO_LOGINS:
        user, created = User.objects.get_or_create(
            username=login.username,
            defaults={
                "role": login.role,
                "pemda": pemda,
                "scope_region_id": login.region_code,
                "first_name": login.full_name,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])


def _seed_people(pemda: Pemda, today: date) -> int:
    villages = [
        Village(code=code, district_code=parent)
        for code, parent in Region.objects.filter(
            level=Region.Level.VILLAGE, code__startswith=PEMDA_CODE, valid_to=None
        ).values_list("code", "parent_id")
    ]
    people = generate(villages, today=today)
    units = dict(WorkUnit.objects.filter(pemda=pemda).values_list("code", "id"))
    rows = [
        Person(
            nik=p.nik,
            full_name=p.full_name,
            name_normalised=normalise_name(p.full_name),
            name_key=name_key(p.full_name),
            sex=p.sex,
            birth_date=p.birth_date,
            birth_place=p.birth_place,
            mother_name=p.mother_name,
            marital_status=p.marital_status,
            address=p.address,
            rt=p.rt,
            rw=p.rw,
            domicile_village_id=p.village_code,
            pemda=pemda,
            phone=p.phone,
            occupation=p.occupation,
        )
        for p in people
    ]
    Person.objects.bulk_create(rows, batch_size=BATCH)
    SegmentMembership.objects.bulk_create(
        [
            SegmentMembership(
                person=row,
                pemda=pemda,
                segment=p.segment,
                work_unit_id=units.get(p.work_unit_code),
                wage=p.wage,
            )
            for row, p in zip(rows, people, strict=True)
        ],
        batch_size=BATCH,
    )
    PovertyRecord.objects.bulk_create(
        [
            PovertyRecord(person=row, source=source, period=period, desil=desil)
            for row, p in zip(rows, people, strict=True)
            for source, period, desil in p.desil_history
        ],
        batch_size=BATCH,
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action="person.create",
                object_type="person",
                object_id=str(row.pk),
                pemda=pemda,
                reason="Data demo sintetis (kawal demo)",
                changes={"nik": [None, mask_nik(row.nik)], "segment": [None, p.segment]},
            )
            for row, p in zip(rows, people, strict=True)
        ],
        batch_size=BATCH,
    )
    return len(rows)
