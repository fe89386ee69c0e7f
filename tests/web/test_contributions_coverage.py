"""Coverage months and bills: the database rule, clipping, conflicts and exact bill totals."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from kawal.accounts.models import AuditEvent
from kawal.contributions.coverage import CoverageError, coverage_generate
from kawal.contributions.models import Bill, BillLine, CoverageConflict, CoverageMonth
from kawal.registry.models import SegmentMembership

from .contributions_helpers import enrol, make_cohort, make_people

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_funding_of_the_same_month(pemda):
    kab = make_cohort(pemda)
    prov = make_cohort(pemda, "Pekerja rentan 2023 (provinsi)", funding_source="apbd_provinsi")
    person = make_people(pemda, 1)[0]
    first = enrol(kab, [person])[0]
    second = enrol(prov, [person])[0]
    row = {"person": person, "programme": "jkk", "month": date(2023, 5, 1), "amount": 10_000}
    CoverageMonth.objects.create(
        membership=first, cohort=kab, funding_source="apbd_kabupaten", **row
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CoverageMonth.objects.create(
            membership=second, cohort=prov, funding_source="apbd_provinsi", **row
        )
    assert CoverageMonth.objects.count() == 1


def test_a_year_of_muna_barat_bills(pemda, dinas_admin):
    cohort = make_cohort(pemda)
    enrol(cohort, make_people(pemda, 10_424))
    result = coverage_generate(
        actor=dinas_admin, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1)
    )
    assert result.inserted == 10_424 * 12 * 2
    assert result.conflicts == 0
    assert result.bills == 12
    bills = Bill.objects.filter(cohort=cohort)
    assert sum(b.total for b in bills) == 2_101_478_400
    assert {b.total for b in bills} == {175_123_200}
    assert {b.persons for b in bills} == {10_424}
    lines = BillLine.objects.filter(bill__cohort=cohort)
    assert {(li.programme, li.unit_amount, li.persons, li.total) for li in lines} == {
        ("jkk", 10_000, 10_424, 104_240_000),
        ("jkm", 6_800, 10_424, 70_883_200),
    }
    assert CoverageMonth.objects.filter(status="billed", bill_line__isnull=False).count() == 250_176
    event = AuditEvent.objects.get(action="contributions.coverage_generate")
    assert event.changes["coverage_months"] == [None, 250_176]
    # A second run adds nothing and bills nothing twice.
    again = coverage_generate(
        actor=dinas_admin, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1)
    )
    assert (again.inserted, again.bills, again.conflicts) == (0, 0, 0)


def test_membership_dates_and_cohort_period_clip_the_months(pemda, dinas_admin):
    cohort = make_cohort(pemda, period_start=date(2023, 3, 1), period_end=date(2023, 10, 31))
    a, b, c = make_people(pemda, 3)
    enrol(cohort, [a])
    enrol(cohort, [b], start=date(2023, 5, 20), end=date(2023, 7, 2))
    enrol(cohort, [c], status="proposed")
    coverage_generate(
        actor=dinas_admin, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1)
    )
    months = lambda p: sorted(  # noqa: E731
        {m.month for m in CoverageMonth.objects.filter(person=p)}
    )
    assert months(a) == [date(2023, m, 1) for m in range(3, 11)]
    assert months(b) == [date(2023, 5, 1), date(2023, 6, 1), date(2023, 7, 1)]
    assert months(c) == []


def test_death_stops_coverage_after_the_month_of_death(pemda, dinas_admin):
    cohort = make_cohort(pemda)
    person = make_people(pemda, 1)[0]
    person.date_of_death = date(2023, 4, 9)
    person.save()
    enrol(cohort, [person])
    coverage_generate(
        actor=dinas_admin, cohort=cohort, first=date(2023, 1, 1), last=date(2023, 12, 1)
    )
    assert CoverageMonth.objects.filter(person=person).count() == 4 * 2


def test_ad_hoc_workers_are_covered_for_their_stage_dates_only(pemda, dinas_admin):
    cohort = make_cohort(
        pemda,
        "KPPS Pemilu 2024",
        segment="adhoc",
        fiscal_year=2024,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        funding_source="hibah_pilkada",
    )
    kpps, pps = make_people(pemda, 2)
    SegmentMembership.objects.create(
        person=kpps,
        pemda=pemda,
        segment="adhoc",
        adhoc_body="KPPS",
        start_date=date(2024, 2, 1),
        end_date=date(2024, 2, 20),
    )
    SegmentMembership.objects.create(
        person=pps,
        pemda=pemda,
        segment="adhoc",
        adhoc_body="PPS",
        start_date=date(2024, 1, 15),
        end_date=date(2024, 3, 10),
    )
    SegmentMembership.objects.create(
        person=pps,
        pemda=pemda,
        segment="adhoc",
        adhoc_body="PPS",
        start_date=date(2024, 3, 11),
        end_date=date(2024, 4, 30),
    )
    enrol(cohort, [kpps, pps])
    result = coverage_generate(
        actor=dinas_admin, cohort=cohort, first=date(2024, 1, 1), last=date(2024, 12, 1)
    )
    assert sorted({m.month for m in CoverageMonth.objects.filter(person=kpps)}) == [
        date(2024, 2, 1)
    ]
    assert sorted({m.month for m in CoverageMonth.objects.filter(person=pps)}) == [
        date(2024, m, 1) for m in (1, 2, 3, 4)
    ]
    assert result.inserted == (1 + 4) * 2
    assert Bill.objects.get(cohort=cohort, month=date(2024, 2, 1)).total == 2 * 16_800
    assert Bill.objects.get(cohort=cohort, month=date(2024, 4, 1)).total == 16_800
    assert set(CoverageMonth.objects.values_list("funding_source", flat=True)) == {"hibah_pilkada"}


def test_a_month_funded_by_another_cohort_is_reported_not_skipped_silently(pemda, dinas_admin):
    kab = make_cohort(pemda)
    prov = make_cohort(
        pemda,
        "Provinsi 2023",
        funding_source="apbd_provinsi",
        period_start=date(2023, 7, 1),
        period_end=date(2023, 12, 31),
    )
    shared, own = make_people(pemda, 2)
    enrol(kab, [shared])
    enrol(prov, [shared, own])
    coverage_generate(actor=dinas_admin, cohort=kab, first=date(2023, 1, 1), last=date(2023, 12, 1))
    result = coverage_generate(
        actor=dinas_admin, cohort=prov, first=date(2023, 7, 1), last=date(2023, 12, 1)
    )
    assert result.conflicts == 6 * 2
    assert result.inserted == 6 * 2
    conflict = CoverageConflict.objects.filter(run_id=result.run_id).first()
    assert conflict.person == shared
    assert conflict.held_by_cohort == kab
    assert conflict.held_funding == "apbd_kabupaten"
    assert Bill.objects.get(cohort=prov, month=date(2023, 7, 1)).persons == 1


def test_pu_members_are_priced_per_wage_and_risk_class(pemda, dinas_admin):
    from kawal.registry.models import WorkUnit

    unit = WorkUnit.objects.create(pemda=pemda, code="DISNAKER", name="Dinas", jkk_risk_class="I")
    cohort = make_cohort(
        pemda,
        "Non-ASN 2024",
        segment="non_asn",
        fiscal_year=2024,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    a, b = make_people(pemda, 2)
    for person, wage in ((a, 2_001_875), (b, 3_000_000)):
        SegmentMembership.objects.create(
            person=person, pemda=pemda, segment="non_asn", work_unit=unit, wage=wage
        )
    enrol(cohort, [a, b])
    coverage_generate(
        actor=dinas_admin, cohort=cohort, first=date(2024, 1, 1), last=date(2024, 1, 1)
    )
    # JKK 0.24 % (4,804.5 → 4,805 and 7,200), JKM 0.30 % (6,005.625 → 6,006 and 9,000).
    assert dict(CoverageMonth.objects.filter(person=a).values_list("programme", "amount")) == {
        "jkk": 4_805,
        "jkm": 6_006,
    }
    assert Bill.objects.get(cohort=cohort).total == 4_805 + 6_006 + 7_200 + 9_000


def test_months_outside_the_cohort_period_are_refused(pemda, dinas_admin):
    cohort = make_cohort(pemda)
    with pytest.raises(CoverageError):
        coverage_generate(
            actor=dinas_admin, cohort=cohort, first=date(2024, 1, 1), last=date(2024, 3, 1)
        )
