"""A village operator on a phone: signs in, searches, opens a person, cannot reach another desa."""

from __future__ import annotations

from datetime import date

import pytest

from kawal.registry.models import SegmentMembership
from kawal.registry.services import poverty_record_add
from tests.web.conftest import LAGADI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_searches_opens_and_is_kept_in_own_desa(
    live_server, page, register, operator_wamelai, dinas_admin, pemda
):
    own = register()
    other = register(
        nik="7413031208850002",
        full_name="La Ode Muhammad Harun",
        sex="L",
        birth_date=date(1985, 8, 12),
        domicile_village_id=LAGADI,
    )
    for person in (own, other):  # both poor pekerja rentan, neither enrolled yet
        SegmentMembership.objects.create(person=person, pemda=pemda, segment="pekerja_rentan")
        poverty_record_add(
            actor=dinas_admin, person=person, source="DTSEN", desil=2, period=date(2026, 10, 1)
        )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "op.wamelai")
    page.fill("#id_password", "rahasia-uji-123")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    # the dashboard counts only the operator's desa: one potential member, not covered
    total = "[data-testid=cell-total]"
    assert page.text_content(f"{total} [data-testid=active]") == "0"
    assert page.text_content(f"{total} [data-testid=potential]") == "1"
    page.click(f"{total} [data-testid=uncovered]")
    page.wait_for_selector("[data-testid=people]")
    assert "Wa Ode Nurhayati" in page.text_content("[data-testid=people]")
    assert "La Ode Muhammad Harun" not in page.content()

    page.goto(f"{live_server.url}/persons/")
    page.fill("input[name=q]", "waode nurhayati")
    page.wait_for_function(
        "document.querySelector('[data-testid=result-count]').textContent.includes('1 orang')"
    )
    page.click("text=Wa Ode Nurhayati")
    page.wait_for_url(f"{live_server.url}/persons/{own.pk}/")
    assert page.text_content("[data-testid=nik]") == "7413**********01"
    page.click("text=Tampilkan NIK")
    page.wait_for_selector("[data-testid=nik].revealed")
    assert page.text_content("[data-testid=nik]") == "7413034507900001"

    page.goto(f"{live_server.url}/persons/?q=Harun")
    assert page.text_content("[data-testid=result-count]").strip() == "0 orang"
    response = page.goto(f"{live_server.url}/persons/{other.pk}/")
    assert response.status == 404
    assert "La Ode Muhammad Harun" not in page.content()
