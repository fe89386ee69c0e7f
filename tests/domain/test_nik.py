from __future__ import annotations

from datetime import date

import pytest

from kawal.domain.nik import NikResult, check_nik, mask_nik, normalise_nik, resolve_birth_year
from kawal.domain.regions import RegionCodes

from .conftest import TODAY


def check(raw: str | None, codes: RegionCodes, **kwargs: object) -> NikResult:
    return check_nik(raw, codes=codes, today=kwargs.pop("today", TODAY), **kwargs)  # type: ignore[arg-type]


def error_codes(result: NikResult) -> list[str]:
    return [item.code for item in result.errors]


def warning_codes(result: NikResult) -> list[str]:
    return [item.code for item in result.warnings]


def test_valid_muna_barat_nik(codes: RegionCodes) -> None:
    result = check("7413012508900001", codes)
    assert result == NikResult(
        nik="7413012508900001",
        errors=(),
        warnings=(),
        province_code="74",
        regency_code="7413",
        district_code="741301",
        birth_date=date(1990, 8, 25),
        sex="L",
    )
    assert result.valid is True


def test_female_day_plus_40(codes: RegionCodes) -> None:
    result = check("7413116508900002", codes)
    assert (result.valid, result.birth_date, result.sex) == (True, date(1990, 8, 25), "P")
    assert result.district_code == "741311"


@pytest.mark.parametrize(
    ("nik", "expected"),
    [
        ("7413013102900001", ["NIK_DATE_INVALID"]),  # 31 Feb
        ("7413017102900001", ["NIK_DATE_INVALID"]),  # 31 Feb, female
        ("7413013104900001", ["NIK_DATE_INVALID"]),  # 31 Apr
        ("7413012902010001", ["NIK_DATE_INVALID"]),  # 29 Feb 2001
        ("7413011513900001", ["NIK_MONTH_INVALID"]),
        ("7413011500900001", ["NIK_MONTH_INVALID"]),
        ("7413010008900001", ["NIK_DAY_INVALID"]),
        ("7413013208900001", ["NIK_DAY_INVALID"]),
        ("7413014008900001", ["NIK_DAY_INVALID"]),
        ("7413017208900001", ["NIK_DAY_INVALID"]),
        ("7413017213900000", ["NIK_DAY_INVALID", "NIK_MONTH_INVALID", "NIK_SERIAL_ZERO"]),
        ("7413012508900000", ["NIK_SERIAL_ZERO"]),
        ("9913012508900001", ["NIK_PROVINCE_UNKNOWN"]),
        ("7499012508900001", ["NIK_REGENCY_UNKNOWN"]),
        ("7413002508900001", ["NIK_DISTRICT_ZERO"]),
        (
            "9900003213990000",
            [
                "NIK_PROVINCE_UNKNOWN",
                "NIK_DISTRICT_ZERO",
                "NIK_DAY_INVALID",
                "NIK_MONTH_INVALID",
                "NIK_SERIAL_ZERO",
            ],
        ),
    ],
)
def test_rule_errors(codes: RegionCodes, nik: str, expected: list[str]) -> None:
    result = check(nik, codes)
    assert error_codes(result) == expected
    assert result.valid is False
    assert all(item.severity == "error" and item.field == "nik" for item in result.errors)


def test_date_invalid_still_gives_sex_but_no_date(codes: RegionCodes) -> None:
    result = check("7413017102900001", codes)
    assert (result.sex, result.birth_date) == ("P", None)


def test_serial_zero_still_decodes(codes: RegionCodes) -> None:
    result = check("7413012508900000", codes)
    assert (result.birth_date, result.sex, result.district_code) == (
        date(1990, 8, 25),
        "L",
        "741301",
    )


def test_unknown_province_skips_regency(codes: RegionCodes) -> None:
    result = check("9913012508900001", codes)
    assert result.errors[0].message_id == "Kode provinsi 99 pada NIK tidak dikenal."
    assert (result.province_code, result.regency_code, result.district_code) == (None,) * 3
    assert result.birth_date == date(1990, 8, 25)


def test_unknown_regency_message_uses_dotted_code(codes: RegionCodes) -> None:
    result = check("7499012508900001", codes)
    assert result.errors[0].message_en == "Regency/city code 74.99 in the NIK is not known."
    assert (result.province_code, result.regency_code, result.district_code) == ("74", None, None)


def test_retired_regency_is_valid(codes: RegionCodes) -> None:
    result = check("9101014508900001", codes)
    assert (result.valid, result.warnings) == (True, ())
    assert (result.regency_code, result.district_code) == ("9101", "910101")


def test_unknown_kecamatan_is_only_a_warning(codes: RegionCodes) -> None:
    result = check("7413122508900001", codes)
    assert result.valid is True
    assert warning_codes(result) == ["NIK_DISTRICT_UNKNOWN"]
    assert result.warnings[0].message_id.startswith("Kode kecamatan 74.13.12 pada NIK tidak ada")
    assert result.warnings[0].severity == "warning"
    assert result.district_code == "741312"


@pytest.mark.parametrize(
    ("nik", "warnings"),
    [
        ("7403012508900001", []),  # retired kecamatan 74.03.01
        ("7403062508900001", []),
        ("7403022508900001", ["NIK_DISTRICT_UNKNOWN"]),  # Muna has district data
        ("7471992508900001", []),  # Kota Kendari: no district data loaded
        ("9301992508900001", []),
    ],
)
def test_district_warning_only_where_districts_are_loaded(
    codes: RegionCodes, nik: str, warnings: list[str]
) -> None:
    result = check(nik, codes)
    assert (result.valid, warning_codes(result)) == (True, warnings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ["NIK_EMPTY"]),
        ("", ["NIK_EMPTY"]),
        (" .-\u00a0\t", ["NIK_EMPTY"]),
        ("74130125089O0001", ["NIK_NOT_DIGITS"]),
        ("7413-0125-089O", ["NIK_NOT_DIGITS", "NIK_LENGTH"]),
        ("741301250890001", ["NIK_LENGTH"]),
        ("74130125089000012", ["NIK_LENGTH"]),
        ("\u0667413012508900001", ["NIK_NOT_DIGITS"]),  # Arabic-Indic digit
        ("741301250890000.0", ["NIK_NUMBER_FORMAT"]),
        ("7413012508900001.0", ["NIK_NUMBER_FORMAT"]),
        ("7.41301250890000E+15", ["NIK_NUMBER_FORMAT"]),
        ("7.41301250890000e15", ["NIK_NUMBER_FORMAT"]),
        (" 741301250890000 .0\t", ["NIK_NUMBER_FORMAT"]),
        ("7.41301250890000E+15x", ["NIK_NOT_DIGITS", "NIK_LENGTH"]),
    ],
)
def test_structure_errors_stop_the_check(
    codes: RegionCodes, raw: str | None, expected: list[str]
) -> None:
    result = check(raw, codes)
    assert error_codes(result) == expected
    assert result.warnings == ()
    assert (result.province_code, result.birth_date, result.sex) == (None, None, None)


def test_length_message(codes: RegionCodes) -> None:
    result = check("741301250890001", codes)
    assert result.errors[0].message_id == (
        "NIK harus terdiri atas 16 digit, tetapi yang diisi 15 karakter."
    )


@pytest.mark.parametrize(
    "raw",
    [
        "7413 0125.0890-0001",
        "74.13.01.250890.0001",
        "\u00a07413\t012508900001 ",
        "7413\u2013012508900001",
        "\ufeff7413012508900001\u200b",
    ],
)
def test_normalisation(codes: RegionCodes, raw: str) -> None:
    assert normalise_nik(raw) == "7413012508900001"
    assert check(raw, codes).valid is True


def test_normalise_keeps_other_characters() -> None:
    assert normalise_nik("'7413/01") == "'7413/01"
    assert normalise_nik(None) == ""


@pytest.mark.parametrize(
    ("nik", "today", "expected"),
    [
        ("7413011506250001", date(2025, 6, 15), date(2025, 6, 15)),  # today itself
        ("7413011606250001", date(2025, 6, 15), date(1925, 6, 16)),  # tomorrow -> 1925
        ("7413011507250001", date(2025, 6, 15), date(1925, 7, 15)),
        ("7413010101050001", date(2025, 6, 15), date(2005, 1, 1)),
        ("7413010101300001", date(2025, 6, 15), date(1930, 1, 1)),
        ("7413012902000001", date(2025, 6, 15), date(2000, 2, 29)),  # 2000 is leap
        ("7413012902960001", date(2025, 6, 15), date(1996, 2, 29)),
    ],
)
def test_century_without_recorded_date(
    codes: RegionCodes, nik: str, today: date, expected: date
) -> None:
    result = check(nik, codes, today=today)
    assert (result.valid, result.birth_date) == (True, expected)


def test_century_from_recorded_date(codes: RegionCodes) -> None:
    result = check("7413011506100001", codes, birth_date=date(1910, 6, 15))
    assert (result.valid, result.birth_date, result.warnings) == (True, date(1910, 6, 15), ())


def test_recorded_century_can_make_29_feb_invalid(codes: RegionCodes) -> None:
    assert check("7413012902000001", codes).birth_date == date(2000, 2, 29)
    result = check("7413012902000001", codes, birth_date=date(1900, 3, 1))
    assert (error_codes(result), result.warnings) == (["NIK_DATE_INVALID"], ())


def test_birth_in_future(codes: RegionCodes) -> None:
    result = check("7413010101300001", codes, birth_date=date(2030, 1, 1))
    assert error_codes(result) == ["NIK_BIRTH_IN_FUTURE"]
    assert (result.birth_date, result.warnings) == (None, ())


def test_mismatching_birth_date_and_sex_are_warnings(codes: RegionCodes) -> None:
    result = check("7413012508900001", codes, birth_date=date(1990, 8, 26), sex="P")
    assert result.valid is True
    assert warning_codes(result) == ["NIK_BIRTH_DATE_MISMATCH", "NIK_SEX_MISMATCH"]
    assert [item.field for item in result.warnings] == ["birth_date", "sex"]
    assert result.birth_date == date(1990, 8, 25)


def test_recorded_year_with_other_yy_keeps_default_century(codes: RegionCodes) -> None:
    result = check("7413012508900001", codes, birth_date=date(1991, 8, 25))
    assert result.birth_date == date(1990, 8, 25)
    assert warning_codes(result) == ["NIK_BIRTH_DATE_MISMATCH"]


def test_matching_record_gives_no_warning(codes: RegionCodes) -> None:
    result = check("7413016508900001", codes, birth_date=date(1990, 8, 25), sex="P")
    assert (result.valid, result.warnings) == (True, ())


def test_bad_sex_value_raises(codes: RegionCodes) -> None:
    with pytest.raises(ValueError, match="sex must be"):
        check("7413012508900001", codes, sex="M")


def test_resolve_birth_year() -> None:
    assert resolve_birth_year(90, 8, 25, recorded=None, today=TODAY) == 1990
    assert resolve_birth_year(25, 6, 16, recorded=None, today=TODAY) == 1925
    assert resolve_birth_year(25, 6, 16, recorded=date(2025, 1, 1), today=TODAY) == 2025


def test_to_dict(codes: RegionCodes) -> None:
    result = check("7413122508900001", codes, sex="P")
    assert result.to_dict() == {
        "nik": "7413122508900001",
        "valid": True,
        "errors": [],
        "warnings": [
            {
                "code": "NIK_DISTRICT_UNKNOWN",
                "severity": "warning",
                "message_id": result.warnings[0].message_id,
                "message_en": "District (kecamatan) code 74.13.12 in the NIK is not in the "
                "region list. It may be the code of a district that has since been split; "
                "check the NIK against the KTP or KK.",
            },
            {
                "code": "NIK_SEX_MISMATCH",
                "severity": "warning",
                "message_id": "Jenis kelamin menurut NIK berbeda dengan jenis kelamin yang "
                "tercatat.",
                "message_en": "The sex encoded in the NIK differs from the recorded sex.",
            },
        ],
        "province_code": "74",
        "regency_code": "7413",
        "district_code": "741312",
        "birth_date": "1990-08-25",
        "sex": "L",
    }


def test_repr_and_messages_never_contain_the_nik(codes: RegionCodes) -> None:
    nik = "7413122508900000"
    result = check(nik, codes, birth_date=date(1991, 1, 1), sex="P")
    assert nik not in repr(result)
    texts = [f.message_id + f.message_en for f in result.errors + result.warnings]
    assert len(texts) == 4
    assert all("7413122508" not in text and "250890" not in text for text in texts)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("7413012508900001", "7413**********01"),
        ("7413 0125.0890-0001", "7413**********01"),
        ("74130125089", "74**************"),
        ("74130125089O0001", "74**************"),
        ("7", "7**************"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_nik(raw: str | None, masked: str) -> None:
    assert mask_nik(raw) == masked
