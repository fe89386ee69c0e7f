"""A small coverage fixture with hand-computed figures, for the dashboard and report tests.

As of 2026-06-15 (``AS_OF``). Villages: Wamelai and Lagadi (Kec. Lawa), Wakoila (Kec. Sawerigadi).
Cohorts: pekerja rentan 2026 (R), non-ASN 2026 (N), pekerja rentan 2025 (old).

========  ===================================================  ===========================
person    situation                                            counts as
========  ===================================================  ===========================
w1        rentan desil 2, active in R                          rentan active + covered
w2        rentan desil 3, not enrolled                         rentan potential, uncovered
w3        rentan desil 6, active in R (village proposal)       rentan active, not potential
w4        rentan desil 5 (2025) then 4 (2026-01)               rentan potential, uncovered
w5        rentan desil 2 (2025), 7 (2026-01), 1 (2026-10)      nothing (7 known on as_of)
w6        rentan desil 1 from P3KE only                        nothing (source not counted)
w7        rentan desil 2, died 2026-03-01, ended in R          nothing (dead)
w8        rentan desil 2, R ended 2026-05-31 (moved)           rentan potential, uncovered
w9        rentan desil 2, R ended 2026-08-31                   rentan active + covered
w10       rentan desil 2, R only verified                      rentan potential, uncovered
l1        non-ASN, active in N                                 non-ASN active + covered
l2        non-ASN, not enrolled                                non-ASN potential, uncovered
l3        non-ASN and rentan desil 3, active in N              non-ASN covered; rentan uncov.
l4        rentan desil 2, active in the 2025 cohort only       rentan potential, uncovered
k1        rentan desil 4, active in R from 2026-07-01          rentan potential, uncovered
k2        ad hoc KPPS 2026-02-01..02-28                        nothing (stage over)
k3        ad hoc PPS 2026-06-01..06-30                         ad hoc potential, uncovered
========  ===================================================  ===========================

Figures: rentan 3 active / 9 potential / 2 covered; non-ASN 2/3/2; ad hoc 0/1/0; total (each
person once) 5/12/4. Wamelai 3/6/2, Lagadi 2/4/2, Wakoila 0/2/0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kawal.enrolment.models import Cohort, Membership, MembershipStatus
from kawal.regions.models import Pemda
from kawal.registry.models import Person, PovertyRecord, SegmentMembership, WorkUnit

AS_OF = date(2026, 6, 15)
WAMELAI = "7413031007"
LAGADI = "7413032001"
WAKOILA = "7413012001"
LAWA = "741303"
SAWERIGADI = "741301"

PEOPLE = {
    # key: (village, serial)
    "w1": WAMELAI,
    "w2": WAMELAI,
    "w3": WAMELAI,
    "w4": WAMELAI,
    "w5": WAMELAI,
    "w6": WAMELAI,
    "w7": WAMELAI,
    "w8": WAMELAI,
    "w9": WAMELAI,
    "w10": WAMELAI,
    "l1": LAGADI,
    "l2": LAGADI,
    "l3": LAGADI,
    "l4": LAGADI,
    "k1": WAKOILA,
    "k2": WAKOILA,
    "k3": WAKOILA,
}


@dataclass
class CoverageFixture:
    people: dict[str, Person]
    rentan: Cohort
    non_asn: Cohort
    old: Cohort


def _cohort(pemda: Pemda, name: str, segment: str, year: int) -> Cohort:
    return Cohort.objects.create(
        pemda=pemda,
        name=name,
        segment=segment,
        fiscal_year=year,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        programmes=["jkk", "jkm"],
        funding_source="apbd_kabupaten",
    )


def make_coverage_fixture(pemda: Pemda) -> CoverageFixture:
    Person.objects.bulk_create(
        [
            Person(
                nik=f"741303450790{serial:04d}",
                full_name=f"Orang {key.upper()}",
                name_normalised=f"ORANG {key.upper()}",
                name_key=f"ORANG {key.upper()}",
                sex="P",
                birth_date=date(1990, 7, 5),
                domicile_village_id=village,
                pemda=pemda,
                date_of_death=date(2026, 3, 1) if key == "w7" else None,
            )
            for serial, (key, village) in enumerate(PEOPLE.items(), start=1)
        ]
    )
    by_name = {p.full_name: p for p in Person.objects.filter(pemda=pemda)}
    people = {key: by_name[f"Orang {key.upper()}"] for key in PEOPLE}
    unit = WorkUnit.objects.create(pemda=pemda, code="DINSOS", name="Dinas Sosial")
    rentan_keys = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10", "l3", "l4", "k1"]
    segments = [
        SegmentMembership(person=people[k], pemda=pemda, segment="pekerja_rentan")
        for k in rentan_keys
    ]
    segments += [
        SegmentMembership(person=people[k], pemda=pemda, segment="non_asn", work_unit=unit)
        for k in ("l1", "l2", "l3")
    ]
    segments += [
        SegmentMembership(
            person=people["k2"],
            pemda=pemda,
            segment="adhoc",
            adhoc_body="KPPS",
            start_date=date(2026, 2, 1),
            end_date=date(2026, 2, 28),
        ),
        SegmentMembership(
            person=people["k3"],
            pemda=pemda,
            segment="adhoc",
            adhoc_body="PPS",
            start_date=date(2026, 6, 1),
            end_date=date(2026, 6, 30),
        ),
    ]
    SegmentMembership.objects.bulk_create(segments)
    jan26, jan25, oct26 = date(2026, 1, 1), date(2025, 1, 1), date(2026, 10, 1)
    desil = {
        "w1": [("DTSEN", 2, jan26)],
        "w2": [("DTSEN", 3, jan26)],
        "w3": [("DTSEN", 6, jan26)],
        "w4": [("DTSEN", 5, jan25), ("DTKS", 4, jan26)],
        "w5": [("DTKS", 2, jan25), ("DTSEN", 7, jan26), ("DTSEN", 1, oct26)],
        "w6": [("P3KE", 1, jan26)],
        "w7": [("DTSEN", 2, jan26)],
        "w8": [("DTSEN", 2, jan26)],
        "w9": [("DTSEN", 2, jan26)],
        "w10": [("DTSEN", 2, jan26)],
        "l3": [("DTSEN", 3, jan26)],
        "l4": [("DTSEN", 2, jan26)],
        "k1": [("DTSEN", 4, jan26)],
    }
    PovertyRecord.objects.bulk_create(
        [
            PovertyRecord(person=people[k], source=src, desil=d, period=period)
            for k, rows in desil.items()
            for src, d, period in rows
        ]
    )
    rentan = _cohort(pemda, "Pekerja rentan 2026", "pekerja_rentan", 2026)
    non_asn = _cohort(pemda, "Pegawai non-ASN 2026", "non_asn", 2026)
    old = _cohort(pemda, "Pekerja rentan 2025", "pekerja_rentan", 2025)
    active, ended = MembershipStatus.ACTIVE, MembershipStatus.ENDED
    rows = [
        (rentan, "w1", active, jan26, None),
        (rentan, "w3", active, jan26, None),
        (rentan, "w7", ended, jan26, date(2026, 3, 1)),
        (rentan, "w8", ended, jan26, date(2026, 5, 31)),
        (rentan, "w9", ended, jan26, date(2026, 8, 31)),
        (rentan, "w10", MembershipStatus.VERIFIED, None, None),
        (rentan, "k1", active, date(2026, 7, 1), None),
        (non_asn, "l1", active, jan26, None),
        (non_asn, "l3", active, jan26, None),
        (old, "l4", active, jan25, None),
    ]
    Membership.objects.bulk_create(
        [
            Membership(cohort=c, person=people[k], status=s, start_date=start, end_date=end)
            for c, k, s, start, end in rows
        ]
    )
    return CoverageFixture(people=people, rentan=rentan, non_asn=non_asn, old=old)
