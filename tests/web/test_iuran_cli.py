"""``kawal iuran``: the JSON contract, the Indonesian table, and exit status 1 on bad input.

The command needs no database, so these tests run without one.
"""

from __future__ import annotations

import json
import shlex
from io import StringIO

import pytest
from django.core.management import call_command


def _run(command_line: str) -> str:
    """Run ``kawal iuran`` with the arguments of ``command_line`` (shell quoting)."""
    out = StringIO()
    call_command("iuran", *shlex.split(command_line), stdout=out)
    return out.getvalue()


def _fail(command_line: str) -> str:
    """Run expecting exit status 1; return what went to stderr."""
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("iuran", *shlex.split(command_line), stdout=out, stderr=err)
    assert info.value.code == 1
    assert out.getvalue() == ""
    return err.getvalue().strip()


def test_json_contract_kota_yogyakarta() -> None:
    payload = json.loads(
        _run(
            "--segment bpu --month 2024-11 --months 2 --persons 1898 --funding apbd_kabupaten"
            " --json"
        )
    )
    assert payload["programmes"] == {"jkk": 37_960_000, "jkm": 25_812_800}
    assert payload["payers"] == {"pemda": 63_772_800}
    assert payload["total"] == 63_772_800
    assert (payload["month"], payload["months"], payload["persons"]) == ("2024-11", 2, 1898)
    amounts = [*payload["programmes"].values(), *payload["payers"].values(), payload["total"]]
    assert all(type(a) is int for a in amounts)
    assert [line["amount_per_person"] for line in payload["lines"]] == [10_000, 6_800] * 2
    assert payload["rounding"].startswith("Dibulatkan setengah ke atas ke rupiah utuh")


def test_json_muna_barat_accepts_dotted_numbers() -> None:
    payload = json.loads(_run("--segment bpu --month 2026-04 --persons 10.424 --json"))
    # Default funding is the kabupaten APBD: no PP 50/2025 discount in April 2026.
    assert (payload["funding"], payload["total"]) == ("apbd_kabupaten", 175_123_200)


def test_json_pu_with_risk_and_all_programmes() -> None:
    payload = json.loads(
        _run(
            "--segment pu --wage 3.000.000 --risk ii --programs jkk,jkm,jht,jp --month 2026-05"
            " --json"
        )
    )
    # JKK 0.54 % 16,200; JKM 9,000; JHT 111,000 + 60,000; JP 60,000 + 30,000.
    assert payload["programmes"] == {"jkk": 16_200, "jkm": 9_000, "jht": 171_000, "jp": 90_000}
    assert payload["payers"] == {"pemda": 196_200, "worker": 90_000}
    assert (payload["risk_class"], payload["sector"], payload["total"]) == ("II", None, 286_200)


def test_json_self_funded_transport_worker_gets_the_discount() -> None:
    payload = json.loads(
        _run("--segment bpu --funding self --sector transportasi --month 2026-01 --json")
    )
    assert payload["programmes"] == {"jkk": 5_000, "jkm": 3_400}
    assert payload["payers"] == {"worker": 8_400}


def test_text_table_in_indonesian() -> None:
    lines = _run("--segment bpu --month 2024-11 --months 2 --persons 1898").splitlines()
    assert lines[0] == "Iuran BPJS Ketenagakerjaan: Bukan Penerima Upah (BPU)"
    assert lines[1] == "Periode      : 2024-11 s.d. 2024-12 (2 bulan)"
    assert lines[2] == "Peserta      : 1.898 orang"
    assert lines[3] == "Sumber dana  : APBD kabupaten/kota"
    assert lines[7].split() == ["JKK", "Pemda", "Rp", "10.000", "Rp", "37.960.000"]
    assert lines[8].split() == ["JKM", "Pemda", "Rp", "6.800", "Rp", "25.812.800"]
    assert lines[9].split() == ["Total", "Rp", "16.800", "Rp", "63.772.800"]
    assert "Pembulatan: Dibulatkan setengah ke atas" in lines[-1]


def test_text_marks_amounts_that_change_between_months() -> None:
    text = _run(
        "--segment pu --wage 12000000 --risk I --programs jkk,jkm,jp --month 2026-02 --months 2"
    )
    jp_rows = [line.split() for line in text.splitlines() if line.startswith("JP ")]
    assert jp_rows == [
        ["JP", "Pemda", "bervariasi", "Rp", "432.674"],
        ["JP", "Pekerja/peserta", "bervariasi", "Rp", "216.337"],
    ]
    cap = "  - Upah JP dibatasi Rp 11.086.300 (batas upah tertinggi JP 2026-03 s.d. 2027-02"
    assert cap in text


def test_default_month_is_this_month() -> None:
    payload = json.loads(_run("--segment bpu --json"))
    assert payload["total"] == 16_800


@pytest.mark.parametrize(
    ("command_line", "message"),
    [
        ("--segment pu --wage -5 --risk I", "Galat: Upah tidak boleh negatif."),
        (
            "--segment pu --wage 'tiga juta' --risk I",
            "Galat: Upah (--wage) harus bilangan bulat, misalnya 3500000, bukan 'tiga juta'.",
        ),
        (
            "--segment bpu --programs jkk,jkm,jkn",
            "Galat: Program jkn tidak dikenal; pilih dari jkk, jkm, jht, jp.",
        ),
        (
            "--segment bpu --programs jkk,jkm,jp",
            "Galat: JP tidak berlaku untuk Bukan Penerima Upah: JP hanya untuk peserta penerima "
            "upah (PP 45/2015).",
        ),
        (
            "--segment pu --wage 5000000 --risk I --programs jkk,jkm,jp --month 2021-06",
            "Galat: Bulan 2021-06 di luar tabel batas upah JP (tabel mencakup 2022-03 s.d. 2023-02",
        ),
        (
            "--segment bpu --month 2026-13",
            "Galat: Bulan harus ditulis YYYY-MM (misalnya 2026-03), bukan '2026-13'.",
        ),
        ("", "Galat: Pilih segmen: --segment pu atau --segment bpu."),
        ("--segment pu --wage 3000000", "Galat: Kelas risiko JKK (I, II, III, IV"),
        ("--segment bpu --months 0", "Galat: Jumlah bulan paling sedikit 1."),
        (
            "--segment bpu --funding apbd",
            "Galat: Sumber dana 'apbd' tidak dikenal; pilih dari apbd_kabupaten, apbd_provinsi, "
            "apbdes_dd, apbdes_add, hibah_pilkada, btt, apbn, csr_other, self, employer.",
        ),
    ],
)
def test_bad_input_exits_1_with_an_indonesian_message(command_line: str, message: str) -> None:
    assert _fail(command_line).startswith(message)
