"""The demo's regulations in force and programme innovations (Inpres report, award dossier).

Real instruments (domain-rules §4.1, marked [V] there): SE Mendagri 842.2/5193/SJ of
23 September 2021 and SE Mendagri 400.5.7/4295/SJ of 3 September 2024. The two Muna Barat
Perbup are **synthetic**: the demo cohorts cite "Perbup Muna Barat Nomor 12 Tahun 2025" and a
"Perbup … tentang perlindungan pekerja rentan (contoh demo)" for 2023; their numbers, dates and
titles are made up and say so ("contoh demo"). The Dana Desa innovation is reported in the press
(domain-rules §5.3); the reserve-list innovation is demo data.

Written through :func:`kawal.reports.inpres_regulations.regulation_save` as the demo's Dinas
admin (audited). Idempotent: a pemda that has any regulation is left alone.
"""

from __future__ import annotations

from datetime import date

from kawal.accounts.models import User
from kawal.regions.models import Pemda
from kawal.reports.inpres_regulations import RegulationData, innovation_save, regulation_save
from kawal.reports.models import Regulation

DEMO = "Data demo sintetis: nomor, tanggal dan judul bukan Perbup yang sebenarnya."
REGULATIONS = (
    RegulationData(
        kind="se",
        number="842.2/5193/SJ",
        title="Surat Edaran Menteri Dalam Negeri tentang optimalisasi pelaksanaan program "
        "jaminan sosial ketenagakerjaan (tindak lanjut Inpres 2/2021)",
        signed_on=date(2021, 9, 23),
        in_force_from=date(2021, 9, 23),
        note="Pemda menganggarkan program dalam RKPD dan APBD setiap tahun.",
    ),
    RegulationData(
        kind="perbup",
        number="8 Tahun 2022 (contoh demo)",
        title="Perlindungan Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan (contoh demo)",
        signed_on=date(2022, 11, 14),
        in_force_from=date(2023, 1, 1),
        in_force_to=date(2025, 12, 31),
        note=DEMO,
    ),
    RegulationData(
        kind="se",
        number="400.5.7/4295/SJ",
        title="Surat Edaran Menteri Dalam Negeri tentang perlindungan jaminan sosial "
        "ketenagakerjaan bagi badan ad hoc Pilkada 2024",
        signed_on=date(2024, 9, 3),
        in_force_from=date(2024, 9, 3),
        note="Pendaftaran PPK, PPS, KPPS, Pantarlih, Panwascam, PKD/PPL dalam JKK dan JKM.",
    ),
    RegulationData(
        kind="perbup",
        number="12 Tahun 2025 (contoh demo)",
        title="Perubahan atas Perbup tentang Perlindungan Jaminan Sosial Ketenagakerjaan bagi "
        "Pekerja Rentan (contoh demo)",
        signed_on=date(2025, 12, 1),
        in_force_from=date(2026, 1, 1),
        note=DEMO,
    ),
)
INNOVATIONS = (
    (
        2023,
        "Pekerja rentan didaftarkan juga melalui Dana Desa",
        "Selain APBD kabupaten, tiap desa mendaftarkan sekitar 100 jiwa pekerja rentan "
        "melalui Dana Desa (diberitakan media; dasar hukumnya masih diperdebatkan).",
    ),
    (
        2026,
        "Daftar cadangan pengganti peserta yang meninggal (contoh demo)",
        "Calon yang layak tetapi di luar kuota disimpan berurutan; bila peserta meninggal, "
        "tempatnya diisi orang berikutnya dari daftar cadangan tanpa menunggu tahun anggaran "
        "baru. Data demo.",
    ),
)


def ensure_demo_regulations(pemda: Pemda) -> int:
    """Record the demo's regulations and innovations once; returns how many regulations."""
    if Regulation.objects.filter(pemda=pemda).exists():
        return 0
    admin = User.objects.filter(pemda=pemda, username="admin.dinas").first()
    if admin is None:
        return 0
    for data in REGULATIONS:
        regulation_save(actor=admin, data=data)
    for year, title, description in INNOVATIONS:
        innovation_save(actor=admin, year=year, title=title, description=description)
    return len(REGULATIONS)
