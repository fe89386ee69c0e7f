"""A DTSEN import re-checks the cohorts that read DTSEN and the job says who changed."""

from __future__ import annotations

from datetime import date

import pytest

from kawal.accounts.models import AuditEvent
from kawal.enrolment.models import Membership
from kawal.enrolment.recheck import recheck_after_refresh
from kawal.enrolment.services import CohortData, cohort_save, memberships_propose
from kawal.intake.pipeline import run_job
from kawal.intake.services import job_submit
from kawal.registry.services import poverty_record_add

ON = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def cohort(dinas_admin):
    return cohort_save(
        actor=dinas_admin,
        data=CohortData(
            name="Pekerja rentan 2026",
            segment="pekerja_rentan",
            fiscal_year=2026,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            max_desil=4,
            poverty_sources=["DTSEN"],
        ),
    )


@pytest.fixture
def members(cohort, register, dinas_admin, operator_wamelai):
    people = []
    for i, (nik, born) in enumerate(
        (("7413034507900001", date(1990, 7, 5)), ("7413034607900002", date(1990, 7, 6))), start=1
    ):
        person = register(nik=nik, full_name=f"Wa Ode Uji {i}", birth_date=born)
        poverty_record_add(
            actor=dinas_admin, person=person, source="DTSEN", desil=2, period=date(2026, 7, 1)
        )
        people.append(person)
    memberships_propose(
        actor=operator_wamelai, cohort_id=cohort.pk, person_ids=[p.pk for p in people], on=ON
    )
    return people


def test_a_dtsen_import_rechecks_the_cohort(cohort, members, dinas_admin, tmp_path):
    first = members[0]
    path = tmp_path / "dtsen.csv"
    path.write_text(
        "NIK,Nama ART,Jenis Kelamin,Tgl Lahir,Alamat,Desa/Kelurahan,Kecamatan,Desil Nasional,"
        "Periode Data\n"
        f"{first.nik},{first.full_name},P,05-07-1990,Jl. Poros,Wamelai,Lawa,6,2026-10\n",
        encoding="utf-8",
    )
    job = job_submit(actor=dinas_admin, path=path, file_name="dtsen.csv", source="dtsen").job
    job = run_job(job.pk)
    assert job.status == "done", job.error_message
    assert job.summary["recheck"] == {
        cohort.name: {"cohort_id": cohort.pk, "checked": 2, "now_ineligible": 1, "now_eligible": 0}
    }
    flagged = Membership.objects.get(cohort=cohort, person=first)
    assert (flagged.status, flagged.eligible, flagged.eligibility_codes) == (
        "proposed",
        False,
        ["DESIL_ABOVE"],
    )
    event = AuditEvent.objects.get(action="cohort.recheck", object_id=str(cohort.pk))
    assert event.reason == f"Pembaruan data DTSEN (impor #{job.pk})"


def test_only_cohorts_that_read_the_source_are_rechecked(cohort, members, dinas_admin):
    assert (
        recheck_after_refresh(
            actor=dinas_admin, pemda_id=cohort.pemda_id, source="dtks", job_id=1, on=ON
        )
        == {}
    )
    assert (
        recheck_after_refresh(
            actor=dinas_admin, pemda_id=cohort.pemda_id, source="village", job_id=1, on=ON
        )
        == {}
    )
    # a cohort whose period is over is not re-checked
    assert (
        recheck_after_refresh(
            actor=dinas_admin,
            pemda_id=cohort.pemda_id,
            source="dtsen",
            job_id=1,
            on=date(2027, 1, 1),
        )
        == {}
    )
