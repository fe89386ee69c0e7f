"""Enrolment: cohorts, the lifecycle, maker-checker, reserve list, deaths and decree lists."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from python_calamine import CalamineWorkbook

from kawal.accounts.models import AuditEvent, Role
from kawal.enrolment.decrees import DecreeData
from kawal.enrolment.errors import EnrolmentError, OutOfScope
from kawal.enrolment.exports import decree_pdf, decree_xlsx
from kawal.enrolment.life_events import person_death_report, person_move_report
from kawal.enrolment.models import Membership
from kawal.enrolment.recheck import cohort_recheck
from kawal.enrolment.selectors import cohort_funnel, decree_diff, work_queue
from kawal.enrolment.services import (
    Activation,
    CohortData,
    cohort_save,
    memberships_activate,
    memberships_approve,
    memberships_end,
    memberships_propose,
    memberships_reject,
    memberships_submit,
    memberships_verify,
)
from kawal.registry.models import PovertyRecord
from kawal.registry.services import poverty_record_add

from .conftest import LAGADI

ON = date(2026, 11, 24)
DECREE = DecreeData(
    number="188.45/123/2026",
    decree_date=date(2026, 12, 1),
    title="Daftar Peserta Pekerja Rentan 2026",
    signer_name="Drs. La Ode Darwin",
    signer_title="Bupati Muna Barat",
)


@pytest.fixture
def cohort(dinas_admin):
    return cohort_save(
        actor=dinas_admin,
        data=CohortData(
            name="Pekerja rentan 2026 (APBD Kab. Muna Barat)",
            segment="pekerja_rentan",
            fiscal_year=2026,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            legal_basis="Perbup Muna Barat 12/2025",
            max_desil=4,
            poverty_sources=["DTSEN"],
            quota=3,
        ),
    )


@pytest.fixture
def people(register, dinas_admin):
    """Five people in Wamelai with DTSEN desil 2, one in Lagadi."""
    made = []
    for i in range(1, 6):
        p = register(nik=f"74130345079000{i:02d}", full_name=f"Wa Ode Uji {i}")
        poverty_record_add(
            actor=dinas_admin, person=p, source="DTSEN", desil=2, period=date(2026, 10, 1)
        )
        made.append(p)
    lagadi = register(nik="7413034507900009", full_name="La Lagadi", domicile_village_id=LAGADI)
    poverty_record_add(
        actor=dinas_admin, person=lagadi, source="DTSEN", desil=1, period=date(2026, 10, 1)
    )
    return made + [lagadi]


def _ids(cohort, status):
    return list(
        Membership.objects.filter(cohort=cohort, status=status)
        .order_by("id")
        .values_list("pk", flat=True)
    )


def test_cohort_save_is_for_the_dinas_admin_and_audited(cohort, dinas_admin, operator_wamelai):
    assert AuditEvent.objects.filter(action="cohort.create", object_id=str(cohort.pk)).count() == 1
    with pytest.raises(OutOfScope):
        cohort_save(
            actor=operator_wamelai,
            data=CohortData(
                name="X",
                segment="non_asn",
                fiscal_year=2026,
                period_start=date(2026, 1, 1),
                period_end=date(2026, 12, 31),
            ),
        )


def test_propose_scope_quota_reserve_and_refusals(cohort, people, operator_wamelai, dinas_admin):
    old = people[4]
    # Person 5 is made too poor-data-less: an older P3KE record only does not count.
    PovertyRecord.objects.filter(person=old).delete()
    with pytest.raises(OutOfScope):  # the Lagadi resident is outside the Wamelai operator's desa
        memberships_propose(
            actor=operator_wamelai, cohort_id=cohort.pk, person_ids=[people[5].pk], on=ON
        )
    result = memberships_propose(
        actor=operator_wamelai, cohort_id=cohort.pk, person_ids=[p.pk for p in people[:5]], on=ON
    )
    assert result.proposed == [people[0].pk, people[1].pk, people[2].pk]
    assert result.reserved == [people[3].pk]
    assert result.refused == {old.pk: ["NO_POVERTY_DATA"]}
    again = memberships_propose(
        actor=dinas_admin, cohort_id=cohort.pk, person_ids=[people[0].pk, people[5].pk], on=ON
    )
    assert again.already == [people[0].pk]
    assert again.reserved == [people[5].pk]
    ranks = dict(Membership.objects.filter(cohort=cohort).values_list("person_id", "reserve_rank"))
    assert ranks == {
        people[0].pk: None,
        people[1].pk: None,
        people[2].pk: None,
        people[3].pk: 1,
        people[5].pk: 2,
    }
    assert AuditEvent.objects.filter(action="membership.propose").count() == 5
    assert cohort_funnel(dinas_admin, cohort)["proposed"] == 5
    assert cohort_funnel(dinas_admin, cohort)["reserve"] == 2
    assert cohort_funnel(operator_wamelai, cohort)["proposed"] == 4  # Lagadi is out of sight


def test_full_lifecycle_with_maker_checker(
    cohort, people, operator_wamelai, verifier_lawa, dinas_admin, make_user
):
    memberships_propose(
        actor=operator_wamelai, cohort_id=cohort.pk, person_ids=[p.pk for p in people[:3]], on=ON
    )
    proposed = _ids(cohort, "proposed")
    assert [line.count for line in work_queue(verifier_lawa)] == [3]
    with pytest.raises(OutOfScope):
        memberships_verify(actor=operator_wamelai, cohort_id=cohort.pk, membership_ids=proposed)
    assert (
        memberships_verify(actor=verifier_lawa, cohort_id=cohort.pk, membership_ids=proposed) == 3
    )
    with pytest.raises(OutOfScope):
        memberships_approve(actor=verifier_lawa, cohort_id=cohort.pk, membership_ids=proposed)
    count, decree = memberships_approve(
        actor=dinas_admin, cohort_id=cohort.pk, membership_ids=proposed, decree=DECREE
    )
    assert count == 3
    assert decree is not None
    assert (decree.version, decree.entries.count()) == (1, 3)
    assert memberships_submit(actor=dinas_admin, cohort_id=cohort.pk, membership_ids=proposed) == 3
    liaison = make_user("bpjs", Role.INSURER_LIAISON)
    done = memberships_activate(
        actor=liaison,
        cohort_id=cohort.pk,
        activations=[Activation(proposed[0], "26012345678", date(2026, 12, 1))],
    )
    assert done == 1
    first = Membership.objects.get(pk=proposed[0])
    assert (first.status, first.kpj, first.start_date, first.version) == (
        "active",
        "26012345678",
        date(2026, 12, 1),
        5,
    )
    assert (
        memberships_reject(
            actor=dinas_admin, cohort_id=cohort.pk, membership_ids=proposed[1:2], reason="Ganda"
        )
        == 1
    )
    assert (
        memberships_end(
            actor=dinas_admin,
            cohort_id=cohort.pk,
            membership_ids=[proposed[0]],
            reason="funding_stopped",
            end_date=date(2026, 12, 31),
        )
        == 1
    )
    assert cohort_funnel(dinas_admin, cohort) == {
        "proposed": 0,
        "verified": 0,
        "approved": 0,
        "submitted": 1,
        "active": 0,
        "ended": 1,
        "rejected": 1,
        "reserve": 0,
    }
    actions = list(
        AuditEvent.objects.filter(object_id=str(people[0].pk), action__startswith="membership.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "membership.propose",
        "membership.verify",
        "membership.approve",
        "membership.submit",
        "membership.activate",
        "membership.end",
    ]


def test_maker_checker_in_code_and_in_the_database(cohort, people, dinas_admin, make_user):
    memberships_propose(actor=dinas_admin, cohort_id=cohort.pk, person_ids=[people[0].pk], on=ON)
    ids = _ids(cohort, "proposed")
    memberships_verify(actor=dinas_admin, cohort_id=cohort.pk, membership_ids=ids)
    with pytest.raises(EnrolmentError, match="Pengusul tidak boleh menyetujui usulannya sendiri"):
        memberships_approve(actor=dinas_admin, cohort_id=cohort.pk, membership_ids=ids)
    assert _ids(cohort, "verified") == ids
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk__in=ids).update(approved_by=dinas_admin)
    other = make_user("admin.dua", Role.DINAS_ADMIN)
    assert memberships_approve(actor=other, cohort_id=cohort.pk, membership_ids=ids)[0] == 1


def _approved(cohort, people, operator, verifier, admin, n=3):
    memberships_propose(
        actor=operator, cohort_id=cohort.pk, person_ids=[p.pk for p in people[:n]], on=ON
    )
    ids = _ids(cohort, "proposed")
    memberships_verify(actor=verifier, cohort_id=cohort.pk, membership_ids=ids)
    quota_ids = list(
        Membership.objects.filter(cohort=cohort, reserve_rank=None, status="verified")
        .order_by("id")
        .values_list("pk", flat=True)
    )
    _count, decree = memberships_approve(
        actor=admin, cohort_id=cohort.pk, membership_ids=quota_ids, decree=DECREE
    )
    return decree


def test_frozen_list_never_changes_and_next_version_shows_the_diff(
    cohort, people, operator_wamelai, verifier_lawa, dinas_admin
):
    v1 = _approved(cohort, people, operator_wamelai, verifier_lawa, dinas_admin, n=5)
    assert [e.full_name for e in v1.entries.all()] == [
        "Wa Ode Uji 1",
        "Wa Ode Uji 2",
        "Wa Ode Uji 3",
    ]
    # An edit to a person after freezing, and a death that ends a member and promotes a reserve.
    from kawal.registry.models import Person

    Person.objects.filter(pk=people[1].pk).update(full_name="Wa Ode Uji Dua")
    ended = person_death_report(
        actor=operator_wamelai, person_id=people[0].pk, date_of_death=date(2026, 11, 2)
    )
    assert ended == 1
    dead = Membership.objects.get(cohort=cohort, person=people[0])
    assert (dead.status, dead.end_reason, dead.end_date) == ("ended", "death", date(2026, 11, 2))
    promoted = Membership.objects.get(cohort=cohort, person=people[3])
    assert (promoted.reserve_rank, promoted.status) == (None, "verified")
    assert Membership.objects.get(cohort=cohort, person=people[4]).reserve_rank == 2
    assert [e.full_name for e in v1.entries.all()] == [
        "Wa Ode Uji 1",
        "Wa Ode Uji 2",
        "Wa Ode Uji 3",
    ]

    other_admin = type(dinas_admin).objects.create(
        username="admin.dua", role=Role.DINAS_ADMIN, pemda=dinas_admin.pemda
    )
    _n, v2 = memberships_approve(
        actor=other_admin,
        cohort_id=cohort.pk,
        membership_ids=[promoted.pk],
        decree=DecreeData(
            number="188.45/200/2026", decree_date=date(2026, 12, 5), title="Perubahan"
        ),
    )
    assert v2.version == 2
    diff = decree_diff(v1, v2)
    assert [e.full_name for e in diff.added] == ["Wa Ode Uji 4"]
    assert [e.full_name for e in diff.removed] == ["Wa Ode Uji 1"]
    assert [(e.full_name, d) for e, d in diff.changed] == [
        ("Wa Ode Uji Dua", {"full_name": ("Wa Ode Uji 2", "Wa Ode Uji Dua")})
    ]


def test_moving_away_ends_domicile_memberships_at_month_end(
    cohort, people, operator_wamelai, verifier_lawa, dinas_admin
):
    _approved(cohort, people, operator_wamelai, verifier_lawa, dinas_admin, n=3)
    assert (
        person_move_report(actor=dinas_admin, person_id=people[2].pk, moved_on=date(2026, 2, 10))
        == 1
    )
    moved = Membership.objects.get(cohort=cohort, person=people[2])
    assert (moved.status, moved.end_reason, moved.end_date) == ("ended", "moved", date(2026, 2, 28))


def test_recheck_after_poverty_refresh_lists_who_changed(
    cohort, people, operator_wamelai, verifier_lawa, dinas_admin
):
    memberships_propose(
        actor=operator_wamelai, cohort_id=cohort.pk, person_ids=[p.pk for p in people[:2]], on=ON
    )
    poverty_record_add(
        actor=dinas_admin, person=people[0], source="DTSEN", desil=6, period=date(2027, 1, 1)
    )
    first = cohort_recheck(actor=dinas_admin, cohort_id=cohort.pk, on=ON)
    assert (first.checked, first.now_ineligible, first.now_eligible) == (2, [people[0].pk], [])
    assert Membership.objects.get(cohort=cohort, person=people[0]).eligibility_codes == [
        "DESIL_ABOVE"
    ]
    poverty_record_add(
        actor=dinas_admin, person=people[0], source="DTSEN", desil=3, period=date(2027, 4, 1)
    )
    second = cohort_recheck(actor=dinas_admin, cohort_id=cohort.pk, on=ON)
    assert (second.now_ineligible, second.now_eligible) == ([], [people[0].pk])


def test_exports_are_readable(cohort, people, operator_wamelai, verifier_lawa, dinas_admin):
    decree = _approved(cohort, people, operator_wamelai, verifier_lawa, dinas_admin, n=3)
    book = CalamineWorkbook.from_filelike(io.BytesIO(decree_xlsx(decree)))
    rows = book.get_sheet_by_index(0).to_python()
    header = rows.index(
        [
            "No",
            "NIK",
            "Nama",
            "L/P",
            "Tanggal lahir",
            "Desa/Kelurahan",
            "Kecamatan",
            "Pekerjaan",
            "Desil",
        ]
    )
    assert rows[0][0] == "Daftar Peserta Pekerja Rentan 2026"
    assert [r[1] for r in rows[header + 1 : header + 4]] == [
        "7413034507900001",
        "7413034507900002",
        "7413034507900003",
    ]
    pdf = decree_pdf(decree)
    assert pdf.startswith(b"%PDF-1.4")
    assert b"Daftar Peserta Pekerja Rentan 2026" in pdf
    assert b"188.45/123/2026" in pdf
    assert pdf.rstrip().endswith(b"%%EOF")


@pytest.mark.django_db
def test_village_operator_proposes_verifier_bulk_verifies_admin_approves_and_downloads(
    client,
    cohort,
    people,
    operator_wamelai,
    operator_lagadi,
    verifier_lawa,
    make_user,
):
    client.force_login(operator_lagadi)
    page = client.get(reverse("enrolment:candidates", args=[cohort.pk])).content.decode()
    assert "La Lagadi" in page
    assert "Wa Ode Uji 1" not in page
    assert "7413034507900009" not in page  # masked
    client.force_login(operator_wamelai)
    response = client.post(reverse("enrolment:candidates", args=[cohort.pk]), {"all_matching": "1"})
    assert response.status_code == 302
    assert Membership.objects.filter(cohort=cohort).count() == 5
    assert Membership.objects.filter(cohort=cohort, reserve_rank__isnull=False).count() == 2

    client.force_login(verifier_lawa)
    queue = client.get(reverse("enrolment:queue")).content.decode()
    assert ">5</a>" in queue
    client.post(
        reverse("enrolment:bulk", args=[cohort.pk]),
        {"action": "verify", "all_matching": "1", "status": "proposed"},
    )
    assert Membership.objects.filter(cohort=cohort, status="verified").count() == 5
    assert AuditEvent.objects.filter(action="membership.verify").count() == 5

    admin = make_user("admin.dua", "dinas_admin")
    client.force_login(admin)
    client.post(
        reverse("enrolment:bulk", args=[cohort.pk]),
        {
            "action": "approve",
            "all_matching": "1",
            "status": "verified",
            "reserve": "0",
            "title": "Daftar Peserta Pekerja Rentan 2026",
            "number": "188.45/9/2026",
            "decree_date": "2026-12-01",
        },
    )
    assert Membership.objects.filter(cohort=cohort, status="approved").count() == 3
    detail = client.get(reverse("enrolment:detail", args=[cohort.pk])).content.decode()
    assert 'data-status="approved">3<' in detail
    assert 'data-status="reserve">2<' in detail
    decree = cohort.decrees.get()
    assert client.get(reverse("enrolment:decree", args=[decree.pk])).status_code == 200
    pdf = client.get(reverse("enrolment:decree_download", args=[decree.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("enrolment:decree_download", args=[decree.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action__startswith="decree.export").count() == 2
    client.force_login(verifier_lawa)
    assert (
        client.get(reverse("enrolment:decree_download", args=[decree.pk, "pdf"])).status_code == 403
    )


@pytest.mark.django_db
def test_person_page_explains_eligibility_and_hides_other_desa(
    client,
    cohort,
    people,
    operator_wamelai,
    operator_lagadi,
):
    client.force_login(operator_wamelai)
    url = reverse("enrolment:person_eligibility", args=[people[0].pk])
    page = client.get(url).content.decode()
    assert "Desil 2 (DTSEN 2026-10), batas 4" in page
    assert cohort.name in page
    client.force_login(operator_lagadi)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_death_reported_from_the_person_page(client, cohort, people, dinas_admin):
    client.force_login(dinas_admin)
    response = client.post(
        reverse("enrolment:person_event", args=[people[0].pk]),
        {"event": "death", "on": date(2026, 11, 1).isoformat()},
    )
    assert response.status_code == 302
    people[0].refresh_from_db()
    assert people[0].date_of_death == date(2026, 11, 1)


def test_asn_tni_polri_are_refused_with_the_reason(cohort, register, dinas_admin, operator_wamelai):
    pns = register(
        nik="7413031508850007",
        full_name="La Ode PNS",
        sex="L",
        occupation="asn",
        birth_date=date(1985, 8, 15),
    )
    poverty_record_add(
        actor=dinas_admin, person=pns, source="DTSEN", desil=2, period=date(2026, 10, 1)
    )
    result = memberships_propose(
        actor=operator_wamelai, cohort_id=cohort.pk, person_ids=[pns.pk], on=ON
    )
    assert (result.proposed, result.refused) == ([], {pns.pk: ["ASN"]})
    assert not Membership.objects.filter(person=pns).exists()
