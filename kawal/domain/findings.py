"""Validation findings: stable machine codes with Indonesian and English messages.

A :class:`Finding` is one problem found in one value. Its ``code`` is stable and is what
programs (import reports, tests, the frame validators) rely on; the messages are for people.
Indonesian (``message_id``) is the users' language; English (``message_en``) is for logs,
developers and the API.

Messages never contain a NIK or any other personal value: they may end up in logs and in
error reports that are shared with other people. Parameters are limited to region codes
and lengths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one value. ``field`` names the input field it concerns."""

    code: str
    severity: Severity
    message_id: str
    message_en: str
    field: str | None = None


#: code -> (severity, Indonesian template, English template). Templates use
#: ``str.format`` placeholders. Never rename a code: stored reports refer to it.
MESSAGES: dict[str, tuple[Severity, str, str]] = {
    "NIK_EMPTY": (
        "error",
        "NIK belum diisi.",
        "The NIK is missing.",
    ),
    "NIK_NUMBER_FORMAT": (
        "error",
        "NIK tersimpan sebagai angka di spreadsheet, sehingga digit terakhirnya bisa hilang. "
        "Ubah format kolom NIK menjadi Teks, lalu ketik ulang NIK dari KTP atau KK.",
        "The NIK was stored as a number in the spreadsheet, so its last digits may be lost. "
        "Format the NIK column as Text and re-enter the NIK from the KTP or KK.",
    ),
    "NIK_NOT_DIGITS": (
        "error",
        "NIK hanya boleh berisi angka 0–9.",
        "The NIK may only contain the digits 0–9.",
    ),
    "NIK_LENGTH": (
        "error",
        "NIK harus terdiri atas 16 digit, tetapi yang diisi {length} karakter.",
        "The NIK must have 16 digits, but {length} characters were entered.",
    ),
    "NIK_PROVINCE_UNKNOWN": (
        "error",
        "Kode provinsi {code} pada NIK tidak dikenal.",
        "Province code {code} in the NIK is not known.",
    ),
    "NIK_REGENCY_UNKNOWN": (
        "error",
        "Kode kabupaten/kota {code} pada NIK tidak dikenal.",
        "Regency/city code {code} in the NIK is not known.",
    ),
    "NIK_DISTRICT_ZERO": (
        "error",
        "Kode kecamatan pada NIK (digit ke-5 dan ke-6) tidak boleh 00.",
        "The district (kecamatan) code in the NIK (digits 5–6) cannot be 00.",
    ),
    "NIK_DISTRICT_UNKNOWN": (
        "warning",
        "Kode kecamatan {code} pada NIK tidak ada dalam daftar wilayah. Kode ini mungkin "
        "berasal dari kecamatan lama yang sudah dimekarkan; cocokkan NIK dengan KTP atau KK.",
        "District (kecamatan) code {code} in the NIK is not in the region list. It may be "
        "the code of a district that has since been split; check the NIK against the KTP or KK.",
    ),
    "NIK_DAY_INVALID": (
        "error",
        "Tanggal lahir pada NIK (digit ke-7 dan ke-8) harus 01–31 untuk laki-laki "
        "atau 41–71 untuk perempuan.",
        "The birth day in the NIK (digits 7–8) must be 01–31 for men or 41–71 for women.",
    ),
    "NIK_MONTH_INVALID": (
        "error",
        "Bulan lahir pada NIK (digit ke-9 dan ke-10) harus 01–12.",
        "The birth month in the NIK (digits 9–10) must be 01–12.",
    ),
    "NIK_DATE_INVALID": (
        "error",
        "Tanggal lahir pada NIK tidak ada di kalender (misalnya 31 Februari).",
        "The birth date in the NIK does not exist in the calendar (for example 31 February).",
    ),
    "NIK_BIRTH_IN_FUTURE": (
        "error",
        "Tanggal lahir pada NIK jatuh setelah hari ini.",
        "The birth date in the NIK is after today.",
    ),
    "NIK_SERIAL_ZERO": (
        "error",
        "Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000.",
        "The serial number in the NIK (last 4 digits) cannot be 0000.",
    ),
    "NIK_BIRTH_DATE_MISMATCH": (
        "warning",
        "Tanggal lahir yang terkandung dalam NIK berbeda dengan tanggal lahir yang tercatat. "
        "Periksa KTP atau KK: NIK tidak berubah walaupun tanggal lahir pernah dikoreksi.",
        "The birth date encoded in the NIK differs from the recorded birth date. Check the "
        "KTP or KK: a NIK does not change when a birth date is corrected.",
    ),
    "NIK_SEX_MISMATCH": (
        "warning",
        "Jenis kelamin menurut NIK berbeda dengan jenis kelamin yang tercatat.",
        "The sex encoded in the NIK differs from the recorded sex.",
    ),
    # Bulk intake: the header row of a file.
    "HEADER_MISSING": (
        "error",
        "Kolom wajib {label} tidak ditemukan di baris judul berkas.",
        "The required column {label} was not found in the file's header row.",
    ),
    "HEADER_DUPLICATE": (
        "error",
        "Lebih dari satu kolom berisi {label}. Hapus atau ganti nama kolom yang berlebih.",
        "More than one column holds {label}. Remove or rename the extra columns.",
    ),
    # Bulk intake: one cell of a data row.
    "FIELD_REQUIRED": (
        "error",
        "{label} wajib diisi.",
        "{label} is required.",
    ),
    "DATE_INVALID": (
        "error",
        "Tanggal tidak dapat dibaca. Tulis sebagai tanggal-bulan-tahun, misalnya 17-08-1985.",
        "The date cannot be read. Write it as day-month-year, for example 17-08-1985.",
    ),
    "BIRTH_DATE_IN_FUTURE": (
        "error",
        "Tanggal lahir jatuh setelah hari ini.",
        "The birth date is after today.",
    ),
    "AGE_IMPLAUSIBLE": (
        "warning",
        "Umur menurut tanggal lahir di luar {min_age}–{max_age} tahun. Periksa tanggal lahir.",
        "The age given by the birth date is outside {min_age}–{max_age} years. "
        "Check the birth date.",
    ),
    "DATE_RANGE_INVALID": (
        "error",
        "Tanggal selesai lebih awal daripada tanggal mulai.",
        "The end date is before the start date.",
    ),
    "SEX_INVALID": (
        "error",
        "Jenis kelamin tidak dikenal. Isi L (laki-laki) atau P (perempuan).",
        "The sex is not recognised. Enter L (male) or P (female).",
    ),
    "PHONE_INVALID": (
        "warning",
        "Nomor HP tidak dikenali sebagai nomor seluler Indonesia (08… atau +62…, 10–13 digit).",
        "The phone number is not an Indonesian mobile number (08… or +62…, 10–13 digits).",
    ),
    "OCCUPATION_UNKNOWN": (
        "warning",
        "Pekerjaan tidak ada dalam daftar jenis pekerjaan; isian asli disimpan apa adanya.",
        "The occupation is not in the occupation list; the entry is kept as written.",
    ),
    "DESIL_INVALID": (
        "error",
        "Desil harus berupa angka bulat 1–10.",
        "The desil must be a whole number from 1 to 10.",
    ),
    "VILLAGE_NOT_FOUND": (
        "error",
        "Desa/kelurahan tidak ditemukan di wilayah kabupaten/kota ini. Periksa ejaan atau kodenya.",
        "The village was not found in this regency/city. Check its spelling or code.",
    ),
    "VILLAGE_AMBIGUOUS": (
        "error",
        "Ada lebih dari satu desa/kelurahan dengan nama ini. Isi kolom Kecamatan atau gunakan "
        "kode desa.",
        "More than one village has this name. Fill in the Kecamatan column or use the village "
        "code.",
    ),
    "VILLAGE_DISTRICT_MISMATCH": (
        "warning",
        "Desa/kelurahan ini tidak terletak di kecamatan yang diisi.",
        "This village is not in the district (kecamatan) that was entered.",
    ),
    "WAGE_INVALID": (
        "error",
        "Upah harus berupa angka rupiah, misalnya 2500000 atau 2.500.000.",
        "The wage must be an amount in rupiah, for example 2500000 or 2.500.000.",
    ),
    "WAGE_NEGATIVE": (
        "error",
        "Upah tidak boleh negatif.",
        "The wage cannot be negative.",
    ),
    "FORMULA_LIKE": (
        "warning",
        "Isian diawali =, +, - atau @ sehingga dapat dibaca sebagai rumus oleh spreadsheet.",
        "The entry starts with =, +, - or @ and could be read as a formula by a spreadsheet.",
    ),
    "OUT_OF_SCOPE": (
        "error",
        "Desa/kelurahan ini di luar wilayah kerja akun Anda; baris tidak diimpor.",
        "This village is outside your account's area; the row was not imported.",
    ),
    "NIK_OTHER_PEMDA": (
        "error",
        "NIK ini sudah terdaftar di kabupaten/kota lain.",
        "This NIK is already registered by another regency/city.",
    ),
    "NO_VILLAGE_FOR_NEW": (
        "error",
        "Orang ini belum ada di registri dan desa/kelurahannya tidak dikenali, sehingga tidak "
        "dapat didaftarkan.",
        "This person is not in the registry and the village was not recognised, so they "
        "cannot be registered.",
    ),
}

#: Why a row was linked, merged or held (codes in the per-row report's reasons).
LINK_REASONS: dict[str, tuple[str, str]] = {
    "LINK_MATCH": (
        "Cocok dengan orang yang sudah ada di registri.",
        "Matches a person already in the registry.",
    ),
    "LINK_DUPLICATE_IN_FILE": (
        "Orang yang sama dengan baris lain di berkas ini.",
        "The same person as another row of this file.",
    ),
    "LINK_REVIEW": (
        "Mirip dengan orang lain; menunggu keputusan petugas.",
        "Looks like another person; waiting for a reviewer's decision.",
    ),
    "LINK_CONFLICT": (
        "Cocok dengan lebih dari satu orang di registri; menunggu keputusan petugas.",
        "Matches more than one person in the registry; waiting for a reviewer's decision.",
    ),
    "LINK_DECISION": (
        "Ditautkan sesuai keputusan petugas sebelumnya.",
        "Linked as a reviewer decided earlier.",
    ),
}


def finding(code: str, /, *, field: str | None = None, **params: object) -> Finding:
    """Build the :class:`Finding` for ``code``, filling its message templates with ``params``.

    Raises ``KeyError`` for an unknown code or a missing template parameter.

    >>> finding("NIK_LENGTH", field="nik", length=15).message_id
    'NIK harus terdiri atas 16 digit, tetapi yang diisi 15 karakter.'
    """
    severity, template_id, template_en = MESSAGES[code]
    return Finding(
        code=code,
        severity=severity,
        message_id=template_id.format_map(params),
        message_en=template_en.format_map(params),
        field=field,
    )
