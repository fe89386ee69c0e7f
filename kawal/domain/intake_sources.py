"""Bulk-intake sources as data: canonical fields, header synonyms, required fields, templates.

Kept as Python constants rather than a TOML file because ``pyproject.toml`` packages only
``*.csv``/``*.md``/... data files, and constants need no loader. Everything here is data:
:mod:`kawal.pipelines.intake.headers` reads it and holds no vocabulary of its own.

Header synonyms are written as people write them; they are matched after
:func:`kawal.pipelines.intake.headers.header_key` folds case, accents, spaces, punctuation and
anything in brackets (``"No. KTP"``, ``"no ktp"`` and ``"NO_KTP (16 digit)"`` are one key).
"""

from __future__ import annotations

#: Canonical fields and their Indonesian labels (the template header, and the name used in
#: messages). ``birth_place_date`` ("TTL") and ``rt_rw`` are composite columns: they are
#: split into ``birth_place`` + ``birth_date`` and ``rt`` + ``rw``. ``village_code`` is a
#: separate "Kode Desa" column, for files that carry both the code and the name.
FIELD_LABELS: dict[str, str] = {
    "nik": "NIK",
    "full_name": "Nama Lengkap",
    "sex": "Jenis Kelamin (L/P)",
    "birth_place": "Tempat Lahir",
    "birth_date": "Tanggal Lahir (DD-MM-YYYY)",
    "birth_place_date": "Tempat, Tanggal Lahir",
    "mother_name": "Nama Ibu Kandung",
    "marital_status": "Status Perkawinan",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "rt_rw": "RT/RW",
    "village": "Desa/Kelurahan",
    "village_code": "Kode Desa/Kelurahan",
    "district": "Kecamatan",
    "phone": "No HP",
    "occupation": "Pekerjaan",
    "desil": "Desil",
    "data_period": "Periode Data",
    "work_unit": "Unit Kerja (OPD)",
    "wage": "Upah",
    "adhoc_body": "Badan Ad Hoc",
    "election": "Pemilihan",
    "start_date": "Tanggal Mulai (DD-MM-YYYY)",
    "end_date": "Tanggal Selesai (DD-MM-YYYY)",
}

#: Which canonical fields a composite column provides.
COMPOSITE_FIELDS: dict[str, tuple[str, ...]] = {
    "birth_place_date": ("birth_place", "birth_date"),
    "rt_rw": ("rt", "rw"),
    "village_code": ("village",),
}

#: Header spellings per field. The label in :data:`FIELD_LABELS` is always a synonym too.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "nik": (
        "NIK", "No. KTP", "No KTP", "Nomor KTP", "Nomor Induk Kependudukan",
        "No. Induk Kependudukan", "NIK KTP", "No. NIK", "Nomor NIK", "NIK Peserta",
        "NIK Pekerja", "NIK Anggota", "KTP",
    ),
    "full_name": (
        "Nama", "Nama Lengkap", "Nama Sesuai KTP", "Nama Lengkap Sesuai KTP", "Nama Peserta",
        "Nama Pekerja", "Nama Tenaga Kerja", "Nama Anggota", "Nama Anggota Keluarga",
        "Nama Pegawai", "Nama Penerima", "Nama ART",
    ),
    "sex": (
        "JK", "L/P", "Jenis Kelamin", "Jns Kelamin", "Jns Kel", "Kelamin", "Sex", "Gender",
    ),
    "birth_place": ("Tempat Lahir", "Tmp Lahir", "Tmpt Lahir", "Tempat Kelahiran"),
    "birth_date": (
        "Tgl Lahir", "Tanggal Lahir", "Tgl. Lahir", "Tgl Lhr", "Tanggal Kelahiran", "DOB",
        "Date of Birth",
    ),
    "birth_place_date": (
        "TTL", "Tempat, Tanggal Lahir", "Tempat Tanggal Lahir", "Tempat/Tanggal Lahir",
        "Tempat/Tgl Lahir", "Tempat, Tgl Lahir", "Tmp/Tgl Lahir", "Tempat dan Tanggal Lahir",
    ),
    "mother_name": ("Nama Ibu", "Nama Ibu Kandung", "Ibu Kandung", "Nama Gadis Ibu Kandung"),
    "marital_status": (
        "Status Kawin", "Status Perkawinan", "Status Pernikahan", "Status Nikah", "Sts Kawin",
    ),
    "address": ("Alamat", "Alamat Lengkap", "Alamat KTP", "Alamat Domisili", "Alamat Rumah"),
    "rt": ("RT", "No RT"),
    "rw": ("RW", "No RW"),
    "rt_rw": ("RT/RW", "RT RW"),
    "village": (
        "Desa/Kel", "Desa", "Kelurahan", "Desa/Kelurahan", "Kel/Desa", "Kelurahan/Desa",
        "Nama Desa", "Nama Kelurahan", "Nama Desa/Kelurahan", "Desa/Kel.",
    ),
    "village_code": (
        "Kode Desa", "Kode Kelurahan", "Kode Desa/Kelurahan", "Kode Desa/Kel", "Kode Wilayah",
        "Kode Kemendagri",
    ),
    "district": ("Kecamatan", "Kec", "Kec.", "Nama Kecamatan"),
    "phone": (
        "No HP", "No. HP", "Nomor HP", "HP", "Telepon", "Telp", "No Telp", "No. Telepon",
        "Nomor Telepon", "HP/WA", "No HP/WA", "No WA", "WA", "WhatsApp", "Handphone",
        "No Handphone", "Ponsel", "Nomor Ponsel",
    ),
    "occupation": (
        "Pekerjaan", "Jenis Pekerjaan", "Pekerjaan Utama", "Profesi", "Mata Pencaharian",
    ),
    "desil": (
        "Desil", "Desil Kesejahteraan", "Peringkat Desil", "Desil Nasional", "Status Desil",
        "Kelompok Desil",
    ),
    "data_period": (
        "Periode", "Periode Data", "Periode Pemutakhiran", "Bulan Data", "Tahun Data",
    ),
    "work_unit": (
        "OPD", "Unit Kerja", "SKPD", "Instansi", "Satuan Kerja", "Satker", "Perangkat Daerah",
        "Unit Kerja/OPD",
    ),
    "wage": (
        "Upah", "Gaji", "Gaji Pokok", "Penghasilan", "Upah per Bulan", "Penghasilan per Bulan",
        "Honor", "Honorarium",
    ),
    "adhoc_body": (
        "Badan Ad Hoc", "Badan Adhoc", "Lembaga", "Lembaga Ad Hoc", "Jenis Badan Ad Hoc",
        "Badan",
    ),
    "election": ("Pemilihan", "Pemilu", "Jenis Pemilihan", "Pilkada", "Nama Pemilihan"),
    "start_date": (
        "Tanggal Mulai", "Tgl Mulai", "Mulai Tugas", "Tgl Mulai Tugas", "Tanggal Mulai Tugas",
        "TMT", "Tanggal Mulai Bekerja", "Tgl Mulai Bekerja", "Awal Tugas", "Awal Masa Kerja",
    ),
    "end_date": (
        "Tanggal Selesai", "Tgl Selesai", "Tanggal Akhir", "Tgl Akhir", "Selesai Tugas",
        "Akhir Tugas", "Akhir Masa Kerja", "Tgl Selesai Tugas", "Tanggal Selesai Tugas",
    ),
}  # fmt: skip

SOURCES = ("village", "dtsen", "dtks", "p3ke", "non-asn", "adhoc")

#: Required fields per source. Each requirement is a tuple of alternatives: it is met when
#: any of them is mapped (a composite column such as TTL meets the fields it provides).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "village": (("nik",), ("full_name",), ("birth_date",), ("sex",), ("village",)),
    "dtsen": (("nik",), ("full_name",), ("desil",), ("village", "address")),
    "dtks": (("nik",), ("full_name",), ("desil",), ("village", "address")),
    "p3ke": (("nik",), ("full_name",), ("desil",), ("village", "address")),
    "non-asn": (("nik",), ("full_name",), ("birth_date",), ("work_unit",)),
    "adhoc": (("nik",), ("full_name",), ("adhoc_body",), ("start_date",), ("end_date",)),
}

_SOCIAL_REGISTRY = (
    "nik", "full_name", "sex", "birth_place", "birth_date", "address", "rt", "rw", "village",
    "district", "occupation", "desil", "data_period",
)  # fmt: skip

#: The columns of the downloadable template per source, in order (fields; the header text
#: is the label).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "village": (
        "nik", "full_name", "sex", "birth_place", "birth_date", "mother_name", "marital_status",
        "address", "rt", "rw", "village", "district", "phone", "occupation",
    ),
    "dtsen": _SOCIAL_REGISTRY,
    "dtks": _SOCIAL_REGISTRY,
    "p3ke": _SOCIAL_REGISTRY,
    "non-asn": (
        "nik", "full_name", "sex", "birth_place", "birth_date", "mother_name", "address",
        "village", "district", "phone", "work_unit", "wage", "start_date", "end_date",
    ),
    "adhoc": (
        "nik", "full_name", "sex", "birth_place", "birth_date", "address", "village", "district",
        "phone", "adhoc_body", "election", "wage", "start_date", "end_date",
    ),
}  # fmt: skip

#: Recorded sex as people write it (after upper-casing and removing everything but letters
#: and digits; a trailing ``.0`` from a spreadsheet number cell is removed first).
SEX_VALUES: dict[str, str] = {
    "L": "L", "LK": "L", "LAKI": "L", "LAKILAKI": "L", "PRIA": "L", "M": "L", "MALE": "L",
    "1": "L",
    "P": "P", "PR": "P", "PEREMPUAN": "P", "WANITA": "P", "W": "P", "F": "P", "FEMALE": "P",
    "2": "P",
}  # fmt: skip

#: Marital status spellings mapped to the Dukcapil values; other text is kept upper-cased.
MARITAL_VALUES: dict[str, str] = {
    "BELUM KAWIN": "BELUM KAWIN", "BELUM MENIKAH": "BELUM KAWIN", "BK": "BELUM KAWIN",
    "LAJANG": "BELUM KAWIN",
    "KAWIN": "KAWIN", "MENIKAH": "KAWIN", "K": "KAWIN", "SUDAH MENIKAH": "KAWIN",
    "KAWIN TERCATAT": "KAWIN", "KAWIN BELUM TERCATAT": "KAWIN",
    "CERAI HIDUP": "CERAI HIDUP", "CH": "CERAI HIDUP",
    "CERAI MATI": "CERAI MATI", "CM": "CERAI MATI",
}  # fmt: skip

#: Month names and abbreviations (Indonesian, old spellings, English), lower case.
MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8, "agust": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

#: A birth date giving an age outside this range (years, inclusive) is a warning.
PLAUSIBLE_AGE = (15, 100)
#: A two-digit birth year that would make the person younger than this is put a century back.
TWO_DIGIT_MIN_AGE = 10
