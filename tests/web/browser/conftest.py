"""Playwright driving Debian's chromium. Under CI=true a missing browser fails; locally it skips."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        message = f"chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be allowed.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _regions_after_flush(transactional_db) -> None:
    """A transactional test flushes the database when it ends, taking the region list and the
    pemda that ``django_db_setup`` loaded once per session; put them back for the next one."""
    from kawal.regions.models import Pemda
    from kawal.regions.services import regions_load

    if not Pemda.objects.filter(region_id="7413").exists():
        regions_load()
        Pemda.objects.create(region_id="7413", name="Kabupaten Muna Barat")


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
