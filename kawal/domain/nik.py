"""NIK (Nomor Induk Kependudukan) validation, one value at a time.

A NIK is 16 digits ``PP KK CC DDMMYY SSSS``: province, regency (kab/kota) and district
(kecamatan) Kemendagri codes of the place of first issue; day of birth (+40 for women),
month and two-digit year; a serial from 0001. There is no check digit, so only structural
checks are possible (domain-rules §6.1). :mod:`kawal.domain.nik_frame` applies the same
rules to a Polars frame; the two must agree row for row.

Never log or print a NIK; use :func:`mask_nik` when one has to be shown in a log.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from kawal.domain.findings import Finding, finding
from kawal.domain.regions import RegionCodes, format_code

Sex = Literal["L", "P"]

#: Characters removed by :func:`normalise_nik`: whitespace (including NBSP, zero-width
#: space and BOM), dots and dashes. The classes are spelled out, rather than ``\s``, so
#: that Python ``re`` and Polars (Rust ``regex``) agree exactly.
_WHITESPACE_CHARS = " \t\n\r\f\v\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_SEPARATOR_CHARS = ".\\-\u2010\u2011\u2012\u2013\u2014\u2212"
STRIP_PATTERN = f"[{_WHITESPACE_CHARS}{_SEPARATOR_CHARS}]"
NON_DIGIT_PATTERN = "[^0-9]"
_W = f"[{_WHITESPACE_CHARS}]*"
_D = f"(?:[0-9]{_W})"
#: A NIK that went through a spreadsheet number cell (``741301250890000.0``, ``7.4e+15``),
#: with whitespace allowed anywhere. Must match the whole value.
NUMBER_FORMAT_PATTERN = (
    f"{_W}(?:{_D}+\\.{_W}(?:0{_W})+|[0-9]{_W}(?:\\.{_W}{_D}+)?[eE]{_W}(?:\\+{_W})?{_D}+)"
)
NIK_LENGTH = 16

_STRIP = re.compile(STRIP_PATTERN)
_NON_DIGIT = re.compile(NON_DIGIT_PATTERN)
_NUMBER_FORMAT = re.compile(NUMBER_FORMAT_PATTERN)


@dataclass(frozen=True)
class NikResult:
    """Outcome of :func:`check_nik`. ``nik`` is the normalised value (hidden from repr).

    Codes are filled as far as they passed their checks: ``province_code`` when the
    province is known, ``regency_code`` when the regency is known (current or retired),
    ``district_code`` when moreover the kecamatan part is not 00 (it may still be an
    unknown kecamatan, which is only a warning). ``birth_date`` is set when the encoded
    date is a real date not after today; ``sex`` when the day part is valid.
    """

    nik: str = field(repr=False)
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None

    @property
    def valid(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict: ISO dates, findings as code/severity/message_id/message_en."""
        return {
            "nik": self.nik,
            "valid": self.valid,
            "errors": [_finding_dict(item) for item in self.errors],
            "warnings": [_finding_dict(item) for item in self.warnings],
            "province_code": self.province_code,
            "regency_code": self.regency_code,
            "district_code": self.district_code,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
        }


def _finding_dict(item: Finding) -> dict[str, str]:
    return {
        "code": item.code,
        "severity": item.severity,
        "message_id": item.message_id,
        "message_en": item.message_en,
    }


def normalise_nik(raw: str | None) -> str:
    """Remove whitespace (also NBSP, tabs, zero-width space), dots and dashes.

    Other characters are kept so that :func:`check_nik` can report them.

    >>> normalise_nik("7413 0125.0890-0001")
    '7413012508900001'
    """
    if raw is None:
        return ""
    return _STRIP.sub("", raw)


def mask_nik(nik: str | None) -> str:
    """Mask a NIK for display in logs and lists.

    A 16-digit NIK (after :func:`normalise_nik`) keeps its first 4 digits (province and
    regency) and last 2: ``7413**********01``. Anything else keeps only its first 2
    characters and becomes 14 stars, so neither its content nor its length leaks;
    an empty value gives ``""``.

    >>> mask_nik("7413012508900001")
    '7413**********01'
    >>> mask_nik("74130125089")
    '74**************'
    """
    value = normalise_nik(nik)
    if not value:
        return ""
    if len(value) == NIK_LENGTH and not _NON_DIGIT.search(value):
        return value[:4] + "*" * 10 + value[-2:]
    return value[:2] + "*" * 14


def resolve_birth_year(yy: int, month: int, day: int, *, recorded: date | None, today: date) -> int:
    """The full year for two-digit ``yy``.

    The recorded birth date's year when its last two digits equal ``yy``; otherwise the
    latest century that does not put (year, month, day) after ``today``.
    """
    if recorded is not None and recorded.year % 100 == yy:
        return recorded.year
    year = today.year - today.year % 100 + yy
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def check_nik(
    raw: str | None,
    *,
    codes: RegionCodes,
    birth_date: date | None = None,
    sex: str | None = None,
    today: date,
) -> NikResult:
    """Validate one NIK against the rules of domain-rules §6.1.

    Steps, and what an earlier failure does to later ones:

    1. Normalise (:func:`normalise_nik`). Empty → ``NIK_EMPTY``; a spreadsheet number
       rendering (``….0``, ``…e+15``) → ``NIK_NUMBER_FORMAT``; otherwise non-digits →
       ``NIK_NOT_DIGITS`` and/or a length other than 16 → ``NIK_LENGTH``. Any of these
       stops the check: nothing else is decoded.
    2. Region: unknown province → ``NIK_PROVINCE_UNKNOWN`` and the regency is not checked;
       unknown regency (neither current nor retired) → ``NIK_REGENCY_UNKNOWN``. Kecamatan
       ``00`` → ``NIK_DISTRICT_ZERO`` (checked regardless of the region codes). A kecamatan
       not in the table → warning ``NIK_DISTRICT_UNKNOWN``, only when the regency is known
       and the table carries districts for it.
    3. Birth date: day not 01–31/41–71 → ``NIK_DAY_INVALID`` (sex unknown); month not
       01–12 → ``NIK_MONTH_INVALID``. Only when both are valid is the date checked: the
       century comes from :func:`resolve_birth_year`; a non-existent date →
       ``NIK_DATE_INVALID``, else a date after ``today`` → ``NIK_BIRTH_IN_FUTURE``.
    4. Serial ``0000`` → ``NIK_SERIAL_ZERO`` (checked regardless of earlier findings).
    5. Against the record: a decoded date (step 3 passed) different from ``birth_date``
       → warning ``NIK_BIRTH_DATE_MISMATCH``; a decoded sex different from ``sex`` →
       warning ``NIK_SEX_MISMATCH``.

    ``sex`` must be ``"L"``, ``"P"`` or ``None`` (``ValueError`` otherwise).
    """
    if sex not in (None, "L", "P"):
        raise ValueError("sex must be 'L', 'P' or None")
    nik = normalise_nik(raw)
    structural = _structure_errors(raw, nik)
    if structural:
        return NikResult(nik=nik, errors=structural, warnings=())
    errors: list[Finding] = []
    warnings: list[Finding] = []
    province, regency, district = nik[:2], nik[:4], nik[:6]
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    if province not in codes.provinces:
        errors.append(finding("NIK_PROVINCE_UNKNOWN", field="nik", code=province))
    elif regency not in codes.regencies:
        errors.append(finding("NIK_REGENCY_UNKNOWN", field="nik", code=format_code(regency)))
        province_code = province
    else:
        province_code, regency_code = province, regency
    if nik[4:6] == "00":
        errors.append(finding("NIK_DISTRICT_ZERO", field="nik"))
    elif regency_code is not None:
        district_code = district
        if regency in codes.regencies_with_districts and district not in codes.districts:
            code = format_code(district)
            warnings.append(finding("NIK_DISTRICT_UNKNOWN", field="nik", code=code))
    decoded_date, decoded_sex = _check_birth(nik, errors, recorded=birth_date, today=today)
    if nik[12:] == "0000":
        errors.append(finding("NIK_SERIAL_ZERO", field="nik"))
    if birth_date is not None and decoded_date is not None and decoded_date != birth_date:
        warnings.append(finding("NIK_BIRTH_DATE_MISMATCH", field="birth_date"))
    if sex is not None and decoded_sex is not None and decoded_sex != sex:
        warnings.append(finding("NIK_SEX_MISMATCH", field="sex"))
    return NikResult(
        nik=nik,
        errors=tuple(errors),
        warnings=tuple(warnings),
        province_code=province_code,
        regency_code=regency_code,
        district_code=district_code,
        birth_date=decoded_date,
        sex=decoded_sex,
    )


def _structure_errors(raw: str | None, nik: str) -> tuple[Finding, ...]:
    if not nik:
        return (finding("NIK_EMPTY", field="nik"),)
    if _NUMBER_FORMAT.fullmatch(raw or ""):
        return (finding("NIK_NUMBER_FORMAT", field="nik"),)
    errors: list[Finding] = []
    if _NON_DIGIT.search(nik):
        errors.append(finding("NIK_NOT_DIGITS", field="nik"))
    if len(nik) != NIK_LENGTH:
        errors.append(finding("NIK_LENGTH", field="nik", length=len(nik)))
    return tuple(errors)


def _check_birth(
    nik: str, errors: list[Finding], *, recorded: date | None, today: date
) -> tuple[date | None, Sex | None]:
    """Decode DDMMYY from a 16-digit NIK, appending errors; return (date, sex)."""
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex: Sex | None = None
    if 1 <= day <= 31:
        sex = "L"
    elif 41 <= day <= 71:
        sex, day = "P", day - 40
    else:
        errors.append(finding("NIK_DAY_INVALID", field="nik"))
    month_ok = 1 <= month <= 12
    if not month_ok:
        errors.append(finding("NIK_MONTH_INVALID", field="nik"))
    if sex is None or not month_ok:
        return None, sex
    year = resolve_birth_year(yy, month, day, recorded=recorded, today=today)
    if day > calendar.monthrange(year, month)[1]:
        errors.append(finding("NIK_DATE_INVALID", field="nik"))
        return None, sex
    decoded = date(year, month, day)
    if decoded > today:
        errors.append(finding("NIK_BIRTH_IN_FUTURE", field="nik"))
        return None, sex
    return decoded, sex
