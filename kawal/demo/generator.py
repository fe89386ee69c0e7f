"""A deterministic synthetic registry for Kabupaten Muna Barat (no Django, no database).

It reproduces the published seed figures — 2,270 pegawai non-ASN and 10,424 pekerja rentan — with
plausible names, occupations, desil and NIKs. About one in eleven adults carries a NIK issued under
the old Kabupaten Muna code (74.03) before Muna Barat was created in 2014; a few newcomers carry
NIKs from Kota Kendari or Kabupaten Muna. Domicile always comes from the address, never the NIK.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kawal.demo import names as pool

NON_ASN = 2_270
PEKERJA_RENTAN = 10_424

# Shares of pekerja rentan by occupation code (sum 100), coastal kecamatan get more fishers.
RENTAN_OCCUPATIONS = (
    ("petani", 44),
    ("nelayan", 18),
    ("pedagang", 8),
    ("buruh_harian", 8),
    ("ojek", 5),
    ("tukang_bangunan", 5),
    ("peternak", 3),
    ("buruh_tani", 3),
    ("penenun", 2),
    ("guru_ngaji", 2),
    ("marbot", 1),
    ("umkm", 1),
)
COASTAL_DISTRICTS = {"741306", "741307", "741308", "741309", "741305"}

# Kecamatan codes missing from Kabupaten Muna's current list (domain-rules §6.1): codes of the
# kecamatan that left Muna, many of them for Muna Barat in 2014. Which old code became which
# 74.13 kecamatan is not established (see regions/data/PROVENANCE.md), so the demo pairs them
# arbitrarily; NIKs carrying them get the "unknown kecamatan" warning, as real ones would.
OLD_MUNA_DISTRICTS = (
    "740301",
    "740302",
    "740303",
    "740304",
    "740305",
    "740308",
    "740309",
    "740310",
    "740311",
    "740312",
    "740321",
)

# Muna Barat's OPDs with a weight for their share of honorer staff (Pendidikan, Kesehatan lead).
WORK_UNITS = (
    ("SETDA", "Sekretariat Daerah", 8),
    ("SETWAN", "Sekretariat DPRD", 4),
    ("INSP", "Inspektorat Daerah", 2),
    ("BAPPEDA", "Bappeda dan Litbang", 2),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", 3),
    ("BAPENDA", "Badan Pendapatan Daerah", 2),
    ("BKPSDM", "BKPSDM", 2),
    ("DIKBUD", "Dinas Pendidikan dan Kebudayaan", 22),
    ("DINKES", "Dinas Kesehatan", 16),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", 5),
    ("PERKIM", "Dinas Perumahan dan Kawasan Permukiman", 2),
    ("DINSOS", "Dinas Sosial", 2),
    ("NAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", 2),
    ("TAN", "Dinas Pertanian dan Ketahanan Pangan", 4),
    ("DKP", "Dinas Perikanan", 3),
    ("DLH", "Dinas Lingkungan Hidup", 4),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", 2),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", 2),
    ("DISHUB", "Dinas Perhubungan", 3),
    ("KOMINFO", "Dinas Komunikasi dan Informatika", 2),
    ("KOPUKM", "Dinas Koperasi, UKM, Perindustrian dan Perdagangan", 2),
    ("DPMPTSP", "DPMPTSP", 1),
    ("PARPORA", "Dinas Pariwisata, Pemuda dan Olahraga", 2),
    ("PERPUS", "Dinas Perpustakaan dan Kearsipan", 1),
    ("DP3AKB", "Dinas P3A dan KB", 2),
    ("SATPOLPP", "Satuan Polisi Pamong Praja dan Damkar", 5),
    ("BPBD", "BPBD", 2),
    ("KESBANG", "Badan Kesatuan Bangsa dan Politik", 1),
)


@dataclass(frozen=True)
class Village:
    code: str
    district_code: str


@dataclass
class DemoPerson:
    nik: str
    full_name: str
    sex: str
    birth_date: date
    birth_place: str
    mother_name: str
    marital_status: str
    address: str
    rt: str
    rw: str
    village_code: str
    phone: str
    occupation: str
    segment: str
    work_unit_code: str = ""
    wage: int | None = None
    desil_history: list[tuple[str, date, int]] = field(default_factory=list)


class _NikIssuer:
    """Hands out unique NIKs: region prefix + DDMMYY (+40 for women) + serial from 0001."""

    def __init__(self) -> None:
        self.serials: dict[str, int] = {}

    def issue(self, district_code: str, birth: date, sex: str) -> str:
        day = birth.day + (40 if sex == "P" else 0)
        stem = f"{district_code}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        serial = self.serials.get(stem, 0) + 1
        self.serials[stem] = serial
        return f"{stem}{serial:04d}"


def _given(rng: random.Random, sex: str) -> str:
    if rng.random() < 0.06:
        return rng.choice(pool.MIGRANT_MALE if sex == "L" else pool.MIGRANT_FEMALE)
    roll = rng.random()
    prefix = (
        ("La Ode" if sex == "L" else "Wa Ode") if roll < 0.1 else ("La" if sex == "L" else "Wa")
    )
    if roll > 0.75:
        prefix = ""
    given = rng.choice(pool.MALE_GIVEN if sex == "L" else pool.FEMALE_GIVEN)
    name = f"{prefix} {given}".strip()
    roll = rng.random()
    if roll < 0.45:
        name = f"{name} {rng.choice(pool.SURNAME_LIKE)}"
    elif roll < 0.7:
        name = f"{name} {rng.choice(pool.MALE_GIVEN)}"  # father's name as second part
    return name


def _birth(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    start = date(today.year - max_age, 1, 1)
    span = (date(today.year - min_age, 12, 31) - start).days
    return start + timedelta(days=rng.randrange(span))


def _nik_district(rng: random.Random, village: Village, birth: date) -> str:
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(("747101", "747102", "740306", "740314"))  # newcomers from Kendari, Muna
    if birth.year < 2000 and roll < 0.12:
        # A NIK issued before the 2014 split keeps the old Kabupaten Muna code.
        index = int(village.district_code[-2:]) - 1
        return OLD_MUNA_DISTRICTS[index % len(OLD_MUNA_DISTRICTS)]
    return village.district_code


def generate(villages: Sequence[Village], *, today: date, seed: int = 7413) -> list[DemoPerson]:
    """Build the demo registry over ``villages`` (deterministic for a given seed and day)."""
    rng = random.Random(seed)
    issuer = _NikIssuer()
    weights = [rng.uniform(0.6, 1.6) for _ in villages]
    people: list[DemoPerson] = []
    unit_codes = [u[0] for u in WORK_UNITS]
    unit_weights = [u[2] for u in WORK_UNITS]
    for index in range(NON_ASN + PEKERJA_RENTAN):
        non_asn = index < NON_ASN
        village = rng.choices(villages, weights=weights)[0]
        sex = "P" if rng.random() < (0.45 if non_asn else 0.38) else "L"
        birth = _birth(rng, today, 21 if non_asn else 18, 55 if non_asn else 64)
        district = _nik_district(rng, village, birth)
        occupation = "honorer" if non_asn else _occupation(rng, village)
        person = DemoPerson(
            nik=issuer.issue(district, birth, sex),
            full_name=_given(rng, sex),
            sex=sex,
            birth_date=birth,
            birth_place=rng.choice(pool.BIRTH_PLACES),
            mother_name=_given(rng, "P"),
            marital_status=rng.choices(
                ("kawin", "belum_kawin", "cerai_mati", "cerai_hidup"), (70, 22, 6, 2)
            )[0],
            address=f"{rng.choice(pool.STREETS)} No. {rng.randint(1, 120)}",
            rt=f"{rng.randint(1, 8):03d}",
            rw=f"{rng.randint(1, 4):03d}",
            village_code=village.code,
            phone=_phone(rng),
            occupation=occupation,
            segment="non_asn" if non_asn else "pekerja_rentan",
        )
        if non_asn:
            person.work_unit_code = rng.choices(unit_codes, weights=unit_weights)[0]
            person.wage = rng.choice((1_000_000, 1_200_000, 1_500_000, 1_800_000, 2_000_000))
        else:
            person.desil_history = _desil_history(rng)
        people.append(person)
    return people


def _occupation(rng: random.Random, village: Village) -> str:
    codes = [c for c, _ in RENTAN_OCCUPATIONS]
    weights = [
        w * (2.5 if c == "nelayan" and village.district_code in COASTAL_DISTRICTS else 1)
        for c, w in RENTAN_OCCUPATIONS
    ]
    return rng.choices(codes, weights=weights)[0]


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("12", "13", "52", "53", "21", "22"))
    return f"08{prefix}{rng.randrange(10**7, 10**8)}"


def _desil_history(rng: random.Random) -> list[tuple[str, date, int]]:
    """A P3KE 2023 ranking for some and the current DTSEN quarter for all (mostly desil 1–4)."""
    current = rng.choices((1, 2, 3, 4, 5), (30, 28, 22, 15, 5))[0]
    history = [("DTSEN", date(2026, 7, 1), current)]
    if rng.random() < 0.4:
        history.insert(
            0, ("P3KE", date(2023, 1, 1), max(1, min(10, current + rng.choice((-1, 0, 1)))))
        )
    return history
