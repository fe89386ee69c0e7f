"""Claim pages: the report answers at once, scope, lists, documents and heirs by form."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kawal.claims.models import Claim
from kawal.enrolment.models import Membership
from tests.web.contributions_helpers import enrol, make_people
from tests.web.test_claims import months, setup  # noqa: F401 - the fixture is used by name


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_report_form_answers_42_million_at_once(setup, operator_wamelai):  # noqa: F811
    _cohort, people = setup
    client = client_for(operator_wamelai)
    picks = client.get(reverse("claims:person_search"), {"q": "Peserta"}).content.decode()
    assert "Peserta 1" in picks
    assert people[0].nik not in picks  # masked
    response = client.post(
        reverse("claims:report"),
        {
            "person": people[0].pk,
            "kind": "death",
            "event_date": "2026-09-14",
            "cause": "other",
            "place": "Kebun, Wamelai",
            "source": "family",
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Terlindungi" in page
    assert "Rp 42.000.000" in page
    for part in ("Rp 20.000.000", "Rp 12.000.000", "Rp 10.000.000"):
        assert part in page
    assert people[0].nik not in page
    assert claim.source == "family"


def test_uncovered_page_says_why_and_lists_potential(setup, operator_wamelai, dinas_admin):  # noqa: F811
    _cohort, people = setup
    client = client_for(operator_wamelai)
    response = client.post(
        reverse("claims:report"),
        {
            "person": people[3].pk,
            "kind": "death",
            "event_date": "2026-05-03",
            "cause": "other",
            "source": "village",
        },
    )
    page = client.get(response["Location"]).content.decode()
    assert "Tidak terlindungi" in page
    assert "Tidak ada kepesertaan yang periodenya mencakup tanggal 03-05-2026." in page
    listing = client_for(dinas_admin).get(reverse("claims:uncovered")).content.decode()
    assert "Peserta 4" in listing
    assert 'data-testid="potential">Rp 42.000.000<' in listing


def test_scope_and_filters(setup, operator_wamelai, operator_lagadi, dinas_admin, pemda):  # noqa: F811
    cohort, people = setup
    lagadi_people = make_people(pemda, 1, start=50, village="7413032001")
    enrol(cohort, lagadi_people)
    wamelai_claim = client_for(operator_wamelai).post(
        reverse("claims:report"),
        {
            "person": people[0].pk,
            "kind": "death",
            "event_date": "2026-09-14",
            "cause": "other",
            "source": "village",
        },
    )
    assert wamelai_claim.status_code == 302
    claim = Claim.objects.get()
    lagadi = client_for(operator_lagadi)
    assert lagadi.get(reverse("claims:detail", args=[claim.pk])).status_code == 404
    assert "Peserta 1" not in lagadi.get(reverse("claims:list")).content.decode()
    # A Lagadi operator cannot report a Wamelai resident: the form says so, nothing written.
    response = lagadi.post(
        reverse("claims:report"),
        {
            "person": people[1].pk,
            "kind": "death",
            "event_date": "2026-09-14",
            "cause": "other",
            "source": "village",
        },
    )
    assert "tidak ditemukan di wilayah kerja Anda" in response.content.decode()
    assert Claim.objects.count() == 1
    admin = client_for(dinas_admin)
    assert (
        'data-testid="claim-count">1<'
        in admin.get(
            reverse("claims:list"), {"covered": "yes", "status": "reported"}
        ).content.decode()
    )
    assert (
        'data-testid="claim-count">0<'
        in admin.get(reverse("claims:list"), {"covered": "no"}).content.decode()
    )
    assert (
        'data-testid="claim-count">0<'
        in admin.get(reverse("claims:list"), {"district": "741301"}).content.decode()
    )


def test_upload_and_heirs_by_form(setup, operator_wamelai):  # noqa: F811
    _cohort, people = setup
    client = client_for(operator_wamelai)
    client.post(
        reverse("claims:report"),
        {
            "person": people[0].pk,
            "kind": "death",
            "event_date": "2026-09-14",
            "cause": "other",
            "source": "village",
        },
    )
    claim = Claim.objects.get()
    url = reverse("claims:document_upload", args=[claim.pk])
    client.post(
        url,
        {"kind": "death_certificate", "file": SimpleUploadedFile("surat.pdf", b"%PDF-1.4 surat")},
    )
    doc = claim.documents.get()
    assert doc.kind == "death_certificate"
    got = client.get(reverse("claims:document_file", args=[claim.pk, doc.pk]))
    assert b"".join(got.streaming_content) == b"%PDF-1.4 surat"
    form = {
        "heir-TOTAL_FORMS": "2",
        "heir-INITIAL_FORMS": "0",
        "heir-MIN_NUM_FORMS": "0",
        "heir-MAX_NUM_FORMS": "6",
        "heir-0-name": "La Ode Hasan",
        "heir-0-relation": "spouse",
        "heir-0-alive": "on",
        "heir-1-name": "Wa Ode Ani",
        "heir-1-relation": "sibling",
        "heir-1-alive": "on",
    }
    assert client.post(reverse("claims:heirs", args=[claim.pk]), form).status_code == 302
    heirs = list(claim.heirs.values_list("name", "receives"))
    assert heirs == [("La Ode Hasan", True), ("Wa Ode Ani", False)]
    page = client.get(reverse("claims:detail", args=[claim.pk])).content.decode()
    assert "<strong>La Ode Hasan</strong>" in page
    assert "Surat keterangan kematian" in page


def test_death_from_the_person_page_makes_a_claim(setup, operator_wamelai):  # noqa: F811
    _cohort, people = setup
    client = client_for(operator_wamelai)
    url = reverse("enrolment:person_event", args=[people[0].pk])
    assert client.post(url, {"event": "death", "on": "2026-04-05"}).status_code == 302
    claim = Claim.objects.get()
    assert (claim.person_id, claim.event_date, claim.source) == (
        people[0].pk,
        date(2026, 4, 5),
        "village",
    )
    assert (claim.covered, claim.benefit_total) == (True, 42_000_000)
    assert Membership.objects.get(person=people[0]).status == "ended"
