"""The shipped Kemendagri tree and loading a newer list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kawal.pipelines.regions_file import RegionFileError
from kawal.regions.models import Region
from kawal.regions.selectors import region_codes
from kawal.regions.services import regions_load

pytestmark = pytest.mark.django_db


def test_muna_barat_is_complete():
    muna_barat = Region.objects.filter(code__startswith="7413", valid_to=None)
    assert muna_barat.get(code="7413").name == "Muna Barat"
    assert muna_barat.filter(level="district").count() == 11
    assert muna_barat.filter(kind="desa").count() == 81
    assert muna_barat.filter(kind="kelurahan").count() == 5
    assert Region.objects.get(code="7413031007").name == "Wamelai"


def test_kemendagri_not_bps_codes():
    assert Region.objects.get(code="7402").name == "Konawe"
    assert Region.objects.get(code="7403").name == "Muna"


def test_all_current_provinces_are_present():
    assert Region.objects.filter(level="province", valid_to=None).count() == 38


def test_retired_codes_stay_known_to_the_nik_rules():
    codes = region_codes()
    retired = Region.objects.filter(valid_to__isnull=False, level="regency").first()
    assert retired is not None
    assert retired.replaced_by_id is not None
    assert retired.code in codes.regencies


def _write(tmp_path: Path, text: str, name: str = "wilayah.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_two_column_kemendagri_list_adds_and_renames(tmp_path):
    path = _write(
        tmp_path,
        "74,SULAWESI TENGGARA\n74.13,KAB. MUNA BARAT\n74.13.03,Lawa\n"
        "74.13.03.2009,Lawa Baru\n74.13.03.1007,Wamelai (Lambubalano)\n",
    )
    result = regions_load(path=path)
    assert (result.created, result.updated, result.retired) == (1, 4, 0)
    new = Region.objects.get(code="7413032009")
    assert (new.kind, new.parent_id, new.name) == ("desa", "741303", "Lawa Baru")
    assert Region.objects.get(code="7413031007").kind == "kelurahan"


def test_retire_missing_only_inside_what_the_file_covers(tmp_path):
    lines = ["74.13.03.1007,Wamelai", "74.13.03.1008,Lapadaku"]
    lines += [f"74.13.03.200{i},Desa {i}" for i in range(1, 6)]  # Watumela 2006 is left out
    path = _write(tmp_path, "\n".join(lines) + "\n")
    result = regions_load(path=path, retire_missing_from=date(2026, 1, 1))
    retired = set(Region.objects.filter(valid_to=date(2026, 1, 1)).values_list("code", flat=True))
    assert "7413032006" in retired
    assert Region.objects.get(code="741303").valid_to is None  # districts were not in the file
    assert result.retired == len(retired)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "Berkas kosong"),
        ("\x00\x01binary", "biner"),
        ("74.13.99.20011,Salah\n", "tidak sah"),
        ("74.13.03.2009,A\n74.13.03.2009,B\n", "Kode ganda"),
        ("88.01.01.2001,Tanpa Induk\n", "tidak dikenal"),
    ],
)
def test_bad_region_files_change_nothing(tmp_path, content, message):
    before = Region.objects.count()
    path = _write(tmp_path, content)
    with pytest.raises(RegionFileError, match=message):
        regions_load(path=path)
    assert Region.objects.count() == before


def test_regions_load_command_reports_errors(tmp_path):
    with pytest.raises(CommandError, match="Berkas kosong"):
        call_command("regions", "load", str(_write(tmp_path, "")))
