from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kawal.domain.regions import RegionCodes, format_code, load_region_codes

from .conftest import FIXTURE_CSV


def test_load_fixture(codes: RegionCodes) -> None:
    assert codes.provinces == frozenset({"74", "91", "93"})
    assert codes.regencies == frozenset({"7403", "7413", "7471", "9101", "9171", "9301"})
    assert codes.districts == frozenset(
        {"740301", "740306"} | {f"7413{n:02}" for n in range(1, 12)}
    )
    assert dict(codes.retired) == {
        "740301": (date(2014, 7, 23), "741309"),
        "9101": (date(2022, 7, 25), "9301"),
    }
    assert codes.regencies_with_districts == frozenset({"7403", "7413"})


def test_default_path_is_packaged_file() -> None:
    from kawal.domain.regions import default_regions_path

    assert str(default_regions_path()).endswith("kawal/regions/data/regions.csv")


def test_str_path_and_bom(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_bytes(b"\xef\xbb\xbf" + FIXTURE_CSV.read_bytes())
    assert load_region_codes(str(target)) == load_region_codes(FIXTURE_CSV)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,name\n", "header"),
        (
            "code,name,level,kind,parent_code,valid_from,valid_to,replaced_by\n"
            "74,X,state,provinsi,,,,\n",
            "line 2: unknown level",
        ),
        (
            "code,name,level,kind,parent_code,valid_from,valid_to,replaced_by\n"
            "741,X,regency,kabupaten,74,,,\n",
            "line 2: bad regency code",
        ),
        (
            "code,name,level,kind,parent_code,valid_from,valid_to,replaced_by\n"
            "7413,X,regency,kabupaten,74,,2014,\n",
            "line 2: bad date",
        ),
    ],
)
def test_bad_files_raise(tmp_path: Path, content: str, message: str) -> None:
    target = tmp_path / "r.csv"
    target.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_region_codes(target)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("74", "74"),
        ("7413", "74.13"),
        ("741301", "74.13.01"),
        ("7413012001", "74.13.01.2001"),
        ("74.13.01", "74.13.01"),
    ],
)
def test_format_code(code: str, expected: str) -> None:
    assert format_code(code) == expected


@pytest.mark.parametrize("code", ["", "7", "741", "74130120", "74a3"])
def test_format_code_rejects(code: str) -> None:
    with pytest.raises(ValueError, match="not a region code"):
        format_code(code)
