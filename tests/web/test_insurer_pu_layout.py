"""The wage-earner (PU, SIPP-like) registration file carries wage, work start and the OPD's NPP."""

from __future__ import annotations

from datetime import date

import pytest

from kawal.enrolment.models import Cohort
from kawal.insurer.services import registration_confirm, registration_file, registration_prepare
from kawal.pipelines.intake.read import read_table
from kawal.registry.models import SegmentMembership, WorkUnit
from tests.web.insurer_fixtures import *  # noqa: F403 (the fixtures cohort_of and liaison)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"


def test_pu_file_has_wage_start_and_npp_and_refuses_a_member_without_wage(
    cohort_of, pemda, dinas_admin
):
    ex = cohort_of()
    Cohort.objects.filter(pk=ex.cohort.pk).update(segment="non_asn", programmes=["jkk", "jkm"])
    ex.cohort.refresh_from_db()
    unit = WorkUnit.objects.create(pemda=pemda, code="DISNAKER", name="Dinas", npp="74130007")
    wages = [3_150_000, 2_400_000, 2_400_000, 2_000_000, None]
    for person, wage in zip(ex.people, wages, strict=True):
        SegmentMembership.objects.create(
            person=person,
            pemda=pemda,
            segment="non_asn",
            work_unit=unit,
            wage=wage,
            start_date=date(2021, 7, 1),
        )
    # a later raise: the latest segment row is the one sent
    SegmentMembership.objects.create(
        person=ex.people[3],
        pemda=pemda,
        segment="non_asn",
        work_unit=unit,
        wage=2_250_000,
        start_date=date(2025, 1, 1),
    )
    batch = registration_prepare(actor=dinas_admin, cohort=ex.cohort)
    assert batch.layout == "pu_sipp"
    assert batch.summary["refused_by_reason"] == {"WAGE_MISSING": 1}
    assert batch.rows.get(outcome="refused").membership_id == ex.memberships[4].pk

    batch = registration_confirm(actor=dinas_admin, batch=batch)
    path = registration_file(batch)
    assert path is not None
    frame = read_table(path, max_bytes=10**7).frame
    assert frame["UPAH"].to_list() == ["3150000", "2400000", "2400000", "2250000"]
    assert frame["TGL MULAI BEKERJA"].to_list() == [
        "01-07-2021",
        "01-07-2021",
        "01-07-2021",
        "01-01-2025",
    ]
    assert frame["NPP"].to_list() == ["74130007"] * 4
    assert frame["JKK"].to_list() == ["Y"] * 4
    assert frame["JHT"].to_list() == ["N"] * 4
