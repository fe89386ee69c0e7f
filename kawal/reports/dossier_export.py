"""The award dossier (:mod:`kawal.reports.dossier`) as a portrait A4 PDF in Bahasa Indonesia.

Sections follow the award's evaluation aspects (domain-rules §4.2): 1. regulations and policy,
2. coverage over time (a table per semester and a bar chart of the pemda-wide coverage),
3. programmes and innovations, 4. figures per year; then the Bupati's signature block.
"""

from __future__ import annotations

from kawal.domain.pemda_names import date_text
from kawal.pdf import box, rule, show, show_center, show_right
from kawal.registry.models import Segment
from kawal.reports.dossier import CoveragePoint, Dossier
from kawal.reports.inpres_coverage import TOTAL, CoverageLine
from kawal.reports.inpres_export import rp
from kawal.reports.inpres_layout import LEFT, WIDTH, Column, OfficialDocument

SEGMENT_ORDER = ("non_asn", "pekerja_rentan", "aparatur_desa", "adhoc", TOTAL)
SHORT = {
    "non_asn": "Non-ASN",
    "pekerja_rentan": "Pekerja rentan",
    "aparatur_desa": "Aparatur desa",
    "adhoc": "Ad hoc",
    TOTAL: "Jumlah orang",
}


def government(d: Dossier) -> str:
    name = d.pemda_name.strip()
    return (name if name.lower().startswith("pemerintah") else f"Pemerintah {name}").upper()


def place_full(d: Dossier) -> str:
    """``Kabupaten Muna Barat`` (without "Pemerintah")."""
    name = d.pemda_name.strip()
    return name[len("Pemerintah ") :] if name.lower().startswith("pemerintah ") else name


def place(d: Dossier) -> str:
    name = d.pemda_name.strip()
    for prefix in ("Pemerintah ", "Kabupaten ", "Kota ", "Provinsi "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def _cell(line: CoverageLine | None) -> str:
    if line is None or (line.active == 0 and line.potential == 0):
        return "-"
    return f"{line.percent_text}\n{rp(line.active)} / {rp(line.potential)}"


def _line(point: CoveragePoint, segment: str) -> CoverageLine | None:
    return next((ln for ln in point.lines if ln.segment == segment), None)


def _regulations(doc: OfficialDocument, d: Dossier) -> None:
    doc.heading("1. REGULASI DAN KEBIJAKAN DAERAH")
    if not d.regulations:
        doc.paragraph("Belum ada regulasi yang dicatat.")
        return
    doc.table(
        [
            Column("No", 20, "center"),
            Column("Jenis dan nomor", 110),
            Column("Tentang", 190),
            Column("Ditetapkan", 66),
            Column("Masa berlaku", 104),
        ],
        [
            [
                str(n),
                f"{r.get_kind_display()} {r.number}",
                r.title + (f" — {r.note}" if r.note else ""),
                date_text(r.signed_on),
                f"{date_text(r.in_force_from)} s.d. "
                + (date_text(r.in_force_to) if r.in_force_to else "sekarang"),
            ]
            for n, r in enumerate(d.regulations, start=1)
        ],
        size=8,
    )


def _coverage(doc: OfficialDocument, d: Dossier) -> None:
    doc.heading("2. CAKUPAN KEPESERTAAN DARI WAKTU KE WAKTU")
    doc.paragraph(
        "Tiap sel: cakupan, lalu peserta aktif / potensi, pada akhir semester (semester berjalan: "
        f"per {date_text(d.as_of)}). Penyebut: non-ASN, aparatur desa dan ad hoc yang terdaftar "
        "dan hidup; pekerja rentan terdaftar dengan desil DTSEN/DTKS terakhir 1–4.",
        size=8.5,
    )
    doc.table(
        [Column("Semester", 52)] + [Column(SHORT[s], 90, "right") for s in SEGMENT_ORDER],
        [
            [f"{p.semester.code}\n{p.as_of:%d-%m-%Y}"] + [_cell(_line(p, s)) for s in SEGMENT_ORDER]
            for p in d.coverage
        ],
        size=7.5,
    )
    _coverage_chart(doc, d)


def _coverage_chart(doc: OfficialDocument, d: Dossier) -> None:
    """Bars of the pekerja rentan and pemda-wide coverage per semester (0–100 %)."""
    if not d.coverage:
        return
    height, label_h = 120, 28
    doc.need(height + label_h + 30)
    top = doc.y
    base = top - height
    doc.ops.extend(show(LEFT, top + 2, "Cakupan (%) per semester", size=8.5, bold=True))
    for pct in (0, 50, 100):
        y = base + height * pct / 100 - 12
        doc.ops.extend(rule(LEFT + 28, y, LEFT + WIDTH, y, width=0.3))
        doc.ops.extend(show_right(LEFT + 24, y - 3, f"{pct}%", size=7))
    slot = (WIDTH - 40) / len(d.coverage)
    bar = min(16, slot / 3)
    for index, point in enumerate(d.coverage):
        x = LEFT + 36 + index * slot
        for offset, segment, gray in ((0, Segment.PEKERJA_RENTAN, 0.35), (1, TOTAL, 0.7)):
            line = _line(point, segment)
            pct = min(line.percent or 0, 100) if line else 0
            doc.ops.extend(
                box(x + offset * (bar + 2), base - 12, bar, height * pct / 100, gray=gray)
            )
        doc.ops.extend(show_center(x + bar, base - 24, point.semester.code, size=7))
    legend_y = base - 38
    doc.ops.extend(box(LEFT + 36, legend_y, 8, 8, gray=0.35))
    doc.ops.extend(show(LEFT + 48, legend_y + 1, "Pekerja rentan", size=7.5))
    doc.ops.extend(box(LEFT + 130, legend_y, 8, 8, gray=0.7))
    doc.ops.extend(show(LEFT + 142, legend_y + 1, "Semua segmen (orang)", size=7.5))
    doc.y = legend_y - 20


def _programmes(doc: OfficialDocument, d: Dossier) -> None:
    doc.heading("3. PROGRAM DAN INOVASI")
    if d.cohorts:
        doc.table(
            [
                Column("Program (kohort)", 150),
                Column("Segmen", 80),
                Column("Periode", 110),
                Column("Dasar hukum", 120),
                Column("Kuota", 50, "right"),
            ],
            [
                [
                    f"{c.name} ({', '.join(p.upper() for p in c.programmes)})",
                    c.get_segment_display(),
                    f"{date_text(c.period_start)} s.d. {date_text(c.period_end)}",
                    c.legal_basis or "-",
                    rp(c.quota) if c.quota else "-",
                ]
                for c in d.cohorts
            ],
            size=8,
        )
    if d.innovations:
        doc.numbered([f"{i.title} ({i.year}). {i.description}" for i in d.innovations], size=9)
    else:
        doc.paragraph("Belum ada inovasi program yang dicatat.")


def _years(doc: OfficialDocument, d: Dossier) -> None:
    doc.heading("4. ANGKA DARI TAHUN KE TAHUN")
    doc.table(
        [
            Column("Tahun", 46, "center"),
            Column("Peserta aktif (orang)", 80, "right"),
            Column("Pagu iuran (Rp)", 100, "right"),
            Column("Iuran dibayar (Rp)", 100, "right"),
            Column("Klaim dibayar", 60, "right"),
            Column("Manfaat dibayar (Rp)", 100, "right"),
        ],
        [
            [
                f"{y.year}",
                f"{rp(y.active)} ({y.as_of:%d-%m})",
                rp(y.budget),
                rp(y.contributions_paid),
                rp(y.claims_paid),
                rp(y.claims_amount),
            ]
            for y in d.years
        ],
        size=8,
    )
    doc.paragraph(
        "Peserta aktif pada akhir tahun (tahun berjalan: pada tanggal dokumen). Pagu: baris "
        "anggaran yang berlaku (perubahan bila ada). Iuran dibayar: bulan-kepesertaan tahun itu "
        "yang sudah dibayar. Klaim dibayar menurut tanggal pembayaran.",
        size=8.5,
    )


def dossier_pdf(d: Dossier) -> bytes:
    """The dossier as portrait A4 pages, numbered "Halaman n dari m"."""
    doc = OfficialDocument(f"Dokumen Paritrana Award · {d.pemda_name} · per {date_text(d.as_of)}")
    doc.letterhead([government(d), d.dinas_name.upper()])
    doc.title(
        [
            "DOKUMEN PENDUKUNG PENILAIAN PARITRANA AWARD",
            "KATEGORI PEMERINTAH KABUPATEN/KOTA",
            f"{place_full(d).upper()} · KEADAAN PER {date_text(d.as_of).upper()}",
        ]
    )
    doc.paragraph(
        "Dokumen ini disusun dari data Kawal (registri, kepesertaan, iuran, anggaran, klaim dan "
        "regulasi yang dicatat Dinas) menurut aspek penilaian: regulasi dan kebijakan, cakupan "
        "kepesertaan, program dan inovasi.",
        size=9,
    )
    _regulations(doc, d)
    _coverage(doc, d)
    _programmes(doc, d)
    _years(doc, d)
    head = "Wali Kota" if " kota " in f" {d.pemda_name.lower()} " else "Bupati"
    doc.signature(
        [f"{place(d)}, {date_text(d.as_of)}", f"{head} {place(d)}"], name="", nip="", show_nip=False
    )
    return doc.finish(f"Dokumen Paritrana {d.pemda_name} {d.as_of.isoformat()}")
