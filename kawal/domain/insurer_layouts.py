"""Layouts of the files exchanged with BPJS Ketenagakerjaan, as data (domain-rules §7).

No official public template exists for collective registration (pendaftaran kolektif), so a
layout is data, not code: which fields, under which header labels, in which formats. A pemda or
a BPJS branch that uses other headers gets a new :class:`Layout` entry in :data:`LAYOUTS`; the
code that writes and reads files only looks layouts up by code.

Three kinds:

* ``registration`` — the file Kawal writes: one line per member, columns in order, each taken
  from a *source field* (:data:`SOURCE_FIELDS`) and formatted per the layout;
* ``response`` — the insurer's answer to a registration: per NIK accepted (with KPJ number
  and start date) or rejected (with a reason);
* ``roster`` — the insurer's list of participants with their status, for reconciliation.

Incoming layouts list, per canonical field, the header labels accepted (matched ignoring case,
spaces and punctuation) and which fields are required.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Kind = Literal["registration", "response", "roster", "deaths"]

#: Fields a registration column can be filled from (the member's data as Kawal holds it).
SOURCE_FIELDS: frozenset[str] = frozenset(
    {
        "line",  # 1-based line number in the file
        "nik",
        "full_name",
        "birth_place",
        "birth_date",
        "sex",
        "marital_status",
        "mother_name",
        "address",
        "village_name",
        "district_name",
        "regency_name",
        "province_name",
        "phone",
        "occupation",
        "work_location",
        "income_basis",
        "programmes",
        "months",
        "wage",
        "work_start",
        "npp",
        "jkk",
        "jkm",
        "jht",
        "jp",
    }
)

#: Canonical fields of incoming files.
RESPONSE_FIELDS = ("nik", "full_name", "result", "kpj", "start_date", "reason")
ROSTER_FIELDS = ("nik", "full_name", "kpj", "status", "start_date", "village_name")
DEATH_FIELDS = ("nik", "full_name", "date_of_death", "place_of_death")

#: KPJ numbers (Kartu Peserta Jamsostek) as seen in practice: 11 digits; accepted 8–16 digits
#: after removing spaces, dots and dashes, so a branch's variant still passes. [?]
KPJ_PATTERN = r"^[0-9]{8,16}$"


@dataclass(frozen=True)
class Column:
    """One column of an outgoing file: header label and the source field it holds."""

    header: str
    source: str
    #: Fixed text for every line (the source is then ignored), e.g. ``"Y"`` for JKK.
    constant: str | None = None


@dataclass(frozen=True)
class Layout:
    """A file layout. ``columns`` for outgoing files; ``headers`` and ``required`` for
    incoming ones (``headers`` maps a canonical field to the labels accepted for it)."""

    code: str
    kind: Kind
    label: str
    segments: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    date_format: str = "%d-%m-%Y"
    sex_values: Mapping[str, str] = field(default_factory=lambda: {"L": "L", "P": "P"})
    #: response: values (case-folded, trimmed) of ``result`` meaning accepted / rejected.
    accepted_values: frozenset[str] = frozenset()
    rejected_values: frozenset[str] = frozenset()
    #: roster: values of ``status`` meaning active / not active.
    active_values: frozenset[str] = frozenset()
    inactive_values: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = [c.source for c in self.columns if c.source not in SOURCE_FIELDS]
        if unknown:
            raise ValueError(f"layout {self.code}: unknown source field(s) {unknown}")
        allowed = {
            "response": RESPONSE_FIELDS,
            "roster": ROSTER_FIELDS,
            "deaths": DEATH_FIELDS,
        }.get(self.kind, ())
        extra = [name for name in (*self.headers, *self.required) if name not in allowed]
        if extra:
            raise ValueError(f"layout {self.code}: unknown field(s) {extra}")
        if self.kind == "registration" and not any(c.source == "nik" for c in self.columns):
            raise ValueError(f"layout {self.code}: a registration layout needs a NIK column")


_NIK_HEADERS = ("NIK", "No KTP", "Nomor KTP", "NIK KTP", "No Identitas", "Nomor Identitas")
_NAME_HEADERS = ("Nama", "Nama Lengkap", "Nama Peserta", "Nama Tenaga Kerja")
_KPJ_HEADERS = ("KPJ", "No KPJ", "Nomor KPJ", "No Kartu", "Nomor Kartu Peserta", "No Peserta")
_START_HEADERS = ("Tgl Efektif", "Tanggal Efektif", "Tanggal Mulai", "TMT", "Tgl Kepesertaan")

BPU_KOLEKTIF = Layout(
    code="bpu_kolektif",
    kind="registration",
    label="BPU kolektif (pekerja rentan, wadah/pemda)",
    segments=("pekerja_rentan", "aparatur_desa", "adhoc"),
    columns=(
        Column("NO", "line"),
        Column("NIK", "nik"),
        Column("NAMA LENGKAP", "full_name"),
        Column("TEMPAT LAHIR", "birth_place"),
        Column("TANGGAL LAHIR", "birth_date"),
        Column("JENIS KELAMIN", "sex"),
        Column("STATUS KAWIN", "marital_status"),
        Column("NAMA IBU KANDUNG", "mother_name"),
        Column("ALAMAT", "address"),
        Column("KELURAHAN/DESA", "village_name"),
        Column("KECAMATAN", "district_name"),
        Column("KAB/KOTA", "regency_name"),
        Column("NO HP", "phone"),
        Column("JENIS PEKERJAAN", "occupation"),
        Column("LOKASI KERJA", "work_location"),
        Column("PENGHASILAN", "income_basis"),
        Column("PROGRAM", "programmes"),
        Column("JUMLAH BULAN", "months"),
    ),
)

PU_SIPP = Layout(
    code="pu_sipp",
    kind="registration",
    label="PU seperti SIPP (pegawai non-ASN per NPP)",
    segments=("non_asn",),
    columns=(
        Column("NIK", "nik"),
        Column("NAMA", "full_name"),
        Column("TGL LAHIR", "birth_date"),
        Column("JENIS KELAMIN", "sex"),
        Column("STATUS KAWIN", "marital_status"),
        Column("NAMA IBU KANDUNG", "mother_name"),
        Column("ALAMAT", "address"),
        Column("NO HP", "phone"),
        Column("TGL MULAI BEKERJA", "work_start"),
        Column("UPAH", "wage"),
        Column("JKK", "jkk"),
        Column("JKM", "jkm"),
        Column("JHT", "jht"),
        Column("JP", "jp"),
        Column("NPP", "npp"),
    ),
)

RESPONSE_STANDARD = Layout(
    code="respons_standar",
    kind="response",
    label="Hasil pendaftaran BPJS (diterima/ditolak)",
    headers={
        "nik": _NIK_HEADERS,
        "full_name": _NAME_HEADERS,
        "result": ("Status", "Hasil", "Status Pendaftaran", "Hasil Verifikasi"),
        "kpj": _KPJ_HEADERS,
        "start_date": _START_HEADERS,
        "reason": ("Keterangan", "Alasan", "Alasan Penolakan", "Catatan"),
    },
    required=("nik", "result"),
    accepted_values=frozenset({"diterima", "terima", "berhasil", "sukses", "aktif", "ok"}),
    rejected_values=frozenset({"ditolak", "tolak", "gagal", "reject", "rejected"}),
)

ROSTER_STANDARD = Layout(
    code="daftar_peserta",
    kind="roster",
    label="Daftar peserta aktif BPJS (rekonsiliasi)",
    headers={
        "nik": _NIK_HEADERS,
        "full_name": _NAME_HEADERS,
        "kpj": _KPJ_HEADERS,
        "status": ("Status", "Status Kepesertaan", "Status Peserta"),
        "start_date": _START_HEADERS,
        "village_name": ("Desa", "Kelurahan", "Kelurahan/Desa", "Desa/Kelurahan"),
    },
    required=("nik", "kpj", "status"),
    active_values=frozenset({"aktif", "active"}),
    inactive_values=frozenset({"nonaktif", "non aktif", "non-aktif", "tidak aktif", "inactive"}),
)

#: A death extract (data kematian) from Dukcapil or the villages' death reports: NIK and date.
#: No official layout is published; the headers are those seen in Dukcapil and village lists.
DEATHS_DUKCAPIL = Layout(
    code="kematian_dukcapil",
    kind="deaths",
    label="Data kematian (Dukcapil / laporan desa)",
    headers={
        "nik": _NIK_HEADERS,
        "full_name": _NAME_HEADERS + ("Nama Almarhum", "Nama Almarhumah"),
        "date_of_death": (
            "Tanggal Meninggal",
            "Tgl Meninggal",
            "Tanggal Kematian",
            "Tgl Kematian",
            "Tanggal Wafat",
            "Tgl Wafat",
        ),
        "place_of_death": ("Tempat Meninggal", "Tempat Kematian", "Tempat Wafat"),
    },
    required=("nik", "date_of_death"),
)

LAYOUTS: Mapping[str, Layout] = MappingProxyType(
    {
        layout.code: layout
        for layout in (BPU_KOLEKTIF, PU_SIPP, RESPONSE_STANDARD, ROSTER_STANDARD, DEATHS_DUKCAPIL)
    }
)


def layouts_of(kind: Kind) -> list[Layout]:
    """The registered layouts of one kind, in registration order."""
    return [layout for layout in LAYOUTS.values() if layout.kind == kind]


def get_layout(code: str, kind: Kind) -> Layout:
    """The layout ``code`` of ``kind``; ``KeyError`` with the known codes otherwise."""
    layout = LAYOUTS.get(code)
    if layout is None or layout.kind != kind:
        known = ", ".join(layout.code for layout in layouts_of(kind))
        raise KeyError(f"unknown {kind} layout {code!r}; known: {known}")
    return layout


def default_registration_layout(segment: str) -> Layout:
    """The registration layout meant for a cohort segment (BPU kolektif when none is)."""
    for layout in layouts_of("registration"):
        if segment in layout.segments:
            return layout
    return BPU_KOLEKTIF


def mask_kpj(kpj: str | None) -> str:
    """Mask a KPJ number like a NIK: the first 2 and last 2 digits kept.

    >>> mask_kpj("21012345678")
    '21*******78'
    >>> mask_kpj("123")
    '***'
    >>> mask_kpj("")
    ''
    """
    value = (kpj or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]
