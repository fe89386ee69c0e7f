from __future__ import annotations

import string

import pytest

from kawal.domain.findings import MESSAGES, Finding, finding


def test_finding_fills_both_templates() -> None:
    item = finding("NIK_REGENCY_UNKNOWN", field="nik", code="74.99")
    assert item == Finding(
        code="NIK_REGENCY_UNKNOWN",
        severity="error",
        message_id="Kode kabupaten/kota 74.99 pada NIK tidak dikenal.",
        message_en="Regency/city code 74.99 in the NIK is not known.",
        field="nik",
    )


def test_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        finding("NO_SUCH_CODE")


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_registry_entries_are_consistent(code: str) -> None:
    severity, text_id, text_en = MESSAGES[code]
    assert severity in ("error", "warning")
    assert code == code.upper()
    fields_id = {name for _, name, _, _ in string.Formatter().parse(text_id) if name}
    fields_en = {name for _, name, _, _ in string.Formatter().parse(text_en) if name}
    assert fields_id == fields_en
    assert text_id.endswith(".")
    assert text_en.endswith(".")
