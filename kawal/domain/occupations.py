"""The controlled vocabulary of occupations (jenis pekerjaan) used for pekerja rentan and BPU.

Codes are stable identifiers; labels are Indonesian as people write them. ``SYNONYMS`` maps the
spellings seen in village lists onto codes (used by imports and by the demo generator).
"""

from __future__ import annotations

OCCUPATIONS: dict[str, str] = {
    "petani": "Petani/Pekebun",
    "buruh_tani": "Buruh Tani",
    "nelayan": "Nelayan",
    "peternak": "Peternak",
    "pedagang": "Pedagang Kecil/Keliling",
    "umkm": "Pelaku UMKM",
    "ojek": "Tukang Ojek",
    "sopir": "Sopir Angkutan",
    "buruh_harian": "Buruh Harian Lepas",
    "tukang_bangunan": "Tukang Bangunan",
    "buruh_pelabuhan": "Buruh Pelabuhan",
    "juru_parkir": "Juru Parkir",
    "pemulung": "Pemulung",
    "guru_ngaji": "Guru Ngaji",
    "marbot": "Marbot Masjid/Mushola",
    "penenun": "Penenun",
    "art": "Asisten Rumah Tangga",
    "kader": "Kader Posyandu/PKK",
    "rt_rw": "Ketua RT/RW",
    "perangkat_desa": "Aparatur Desa",
    "honorer": "Pegawai Non-ASN",
    # Not an occupation a cohort covers: ASN (PNS, PPPK), TNI and Polri have their own scheme
    # (Taspen/Asabri); eligibility refuses them (``ASN``).
    "asn": "PNS/PPPK/TNI/Polri",
    "lainnya": "Lainnya",
}

SYNONYMS: dict[str, str] = {
    "PNS": "asn",
    "ASN": "asn",
    "PPPK": "asn",
    "PEGAWAI NEGERI SIPIL": "asn",
    "TNI": "asn",
    "ANGGOTA TNI": "asn",
    "TENTARA": "asn",
    "POLRI": "asn",
    "ANGGOTA POLRI": "asn",
    "POLISI": "asn",
    "PETANI": "petani",
    "PEKEBUN": "petani",
    "PETANI/PEKEBUN": "petani",
    "BURUH TANI": "buruh_tani",
    "NELAYAN": "nelayan",
    "NELAYAN/PERIKANAN": "nelayan",
    "PETERNAK": "peternak",
    "PEDAGANG": "pedagang",
    "PEDAGANG KECIL": "pedagang",
    "PEDAGANG KELILING": "pedagang",
    "WIRASWASTA": "umkm",
    "UMKM": "umkm",
    "OJEK": "ojek",
    "TUKANG OJEK": "ojek",
    "SOPIR": "sopir",
    "BURUH HARIAN LEPAS": "buruh_harian",
    "BURUH": "buruh_harian",
    "TUKANG": "tukang_bangunan",
    "TUKANG BATU": "tukang_bangunan",
    "TUKANG KAYU": "tukang_bangunan",
    "BURUH PELABUHAN": "buruh_pelabuhan",
    "JURU PARKIR": "juru_parkir",
    "PEMULUNG": "pemulung",
    "GURU NGAJI": "guru_ngaji",
    "MARBOT": "marbot",
    "PENENUN": "penenun",
    "ASISTEN RUMAH TANGGA": "art",
    "KADER": "kader",
    "RT": "rt_rw",
    "RW": "rt_rw",
    "PERANGKAT DESA": "perangkat_desa",
    "HONORER": "honorer",
}


def occupation_code(raw: str | None) -> str | None:
    """Map a typed occupation to its code, or ``None`` when it is not in the vocabulary."""
    if raw is None:
        return None
    key = " ".join(raw.replace(".", " ").upper().split())
    if not key:
        return None
    if key.lower() in OCCUPATIONS:
        return key.lower()
    return SYNONYMS.get(key)
