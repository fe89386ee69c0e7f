"""Cohorts, memberships and their lifecycle, and the frozen decree lists (issue 5).

A **cohort** is one pemda's programme for one segment and period ("Pekerja rentan 2026 (APBD
Kab. Muna Barat)"), with its legal basis, programmes, funding and eligibility parameters. A
**membership** is one person's path through a cohort: proposed → verified → approved (in a
decree list) → submitted to the insurer → active → ended, or rejected at any step. A **decree
list** is a frozen, versioned annex of the Bupati's decree: its entries are snapshots, so later
edits to people never change a signed version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kawal.domain.contributions import FUNDING_SOURCES, PROGRAMMES
from kawal.registry.models import Segment

FUNDING_CHOICES = [(f.code, f.label) for f in FUNDING_SOURCES.values()]


class Cohort(models.Model):
    """A programme of one pemda for one segment and coverage period."""

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("nama kohort"), max_length=200)
    segment = models.CharField(_("segmen"), max_length=16, choices=Segment.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    period_start = models.DateField(_("awal perlindungan"))
    period_end = models.DateField(_("akhir perlindungan"))
    legal_basis = models.CharField(
        _("dasar hukum"), max_length=250, blank=True, help_text="Perbup/Perda number and title."
    )
    programmes = models.JSONField(
        _("program"), default=list, help_text=f"Programme codes: {', '.join(PROGRAMMES)}."
    )
    funding_source = models.CharField(
        _("sumber dana"), max_length=20, choices=FUNDING_CHOICES, default="apbd_kabupaten"
    )
    budget_account = models.CharField(
        _("kode rekening"), max_length=40, blank=True, help_text="e.g. 5.1.02.02.02.0006"
    )
    # Eligibility parameters (the Perbup decides; defaults follow domain-rules §3).
    min_age = models.PositiveSmallIntegerField(_("usia minimal"), default=15)
    max_age = models.PositiveSmallIntegerField(_("usia maksimal"), default=64)
    max_desil = models.PositiveSmallIntegerField(_("desil maksimal"), null=True, blank=True)
    poverty_sources = models.JSONField(
        _("sumber data kemiskinan"), default=list, blank=True, help_text='e.g. ["DTSEN"]'
    )
    poverty_period_from = models.DateField(_("periode data paling lama"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("kuota peserta"), null=True, blank=True)
    replace_from_reserve = models.BooleanField(_("ganti dari daftar cadangan"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "name"], name="cohort_unique_name"),
            models.CheckConstraint(
                name="cohort_period_order", condition=Q(period_end__gte=F("period_start"))
            ),
            models.CheckConstraint(name="cohort_age_order", condition=Q(max_age__gte=F("min_age"))),
            models.CheckConstraint(
                name="cohort_desil_1_10",
                condition=Q(max_desil__isnull=True) | Q(max_desil__gte=1, max_desil__lte=10),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Diusulkan")
    VERIFIED = "verified", _("Diverifikasi")
    APPROVED = "approved", _("Disetujui (SK)")
    SUBMITTED = "submitted", _("Didaftarkan ke BPJS")
    ACTIVE = "active", _("Aktif")
    ENDED = "ended", _("Berakhir")
    REJECTED = "rejected", _("Ditolak")


class EndReason(models.TextChoices):
    DEATH = "death", _("Meninggal dunia")
    MOVED = "moved", _("Pindah domisili")
    OVER_AGE = "over_age", _("Melewati batas usia")
    FUNDING_STOPPED = "funding_stopped", _("Pendanaan berhenti")
    BECAME_ASN = "became_asn", _("Menjadi ASN/TNI/Polri")
    DUPLICATE = "duplicate", _("Data ganda")
    OTHER = "other", _("Lainnya")


class Membership(models.Model):
    """One person in one cohort, through the lifecycle. Every transition is audited."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PROPOSED
    )
    reserve_rank = models.PositiveIntegerField(
        _("urutan cadangan"), null=True, blank=True, help_text="Set while on the reserve list."
    )
    kpj = models.CharField(
        _("nomor KPJ"), max_length=20, blank=True, help_text="Insurer's number; masked like NIK."
    )
    start_date = models.DateField(_("mulai aktif"), null=True, blank=True)
    end_date = models.DateField(_("akhir"), null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)
    reject_reason = models.CharField(_("alasan penolakan"), max_length=250, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The last eligibility verdict (set-based re-checks compare against it; see selectors).
    eligible = models.BooleanField(null=True, blank=True)
    eligibility_codes = models.JSONField(default=list, blank=True)
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="membership_once_per_cohort"),
            # Maker-checker, in the database too: who proposed never approves.
            models.CheckConstraint(
                name="membership_maker_checker",
                condition=Q(approved_by__isnull=True)
                | Q(proposed_by__isnull=True)
                | ~Q(approved_by=F("proposed_by")),
            ),
            models.UniqueConstraint(
                fields=["kpj"], condition=~Q(kpj=""), name="membership_kpj_unique"
            ),
            models.CheckConstraint(
                name="membership_end_after_start",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"], name="membership_cohort_status")]

    def __str__(self) -> str:
        return f"{self.cohort_id}:{self.person_id} {self.status}"


class DecreeList(models.Model):
    """A frozen version of a cohort's decree annex (lampiran SK Bupati)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="decrees")
    version = models.PositiveSmallIntegerField()
    number = models.CharField(_("nomor SK"), max_length=120, blank=True)
    decree_date = models.DateField(_("tanggal SK"))
    title = models.CharField(_("judul"), max_length=300)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=150, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "version"], name="decree_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} v{self.version}"


class DecreeEntry(models.Model):
    """One line of a frozen decree list: a snapshot, never updated after freezing."""

    decree = models.ForeignKey(DecreeList, on_delete=models.CASCADE, related_name="entries")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField()
    nik = models.CharField(max_length=16)
    full_name = models.CharField(max_length=150)
    sex = models.CharField(max_length=1)
    birth_date = models.DateField()
    village_code = models.CharField(max_length=13)
    village_name = models.CharField(max_length=120)
    district_name = models.CharField(max_length=120)
    occupation = models.CharField(max_length=40, blank=True)
    desil = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["decree", "line"]
        constraints = [
            models.UniqueConstraint(fields=["decree", "line"], name="decree_entry_line"),
            models.UniqueConstraint(
                fields=["decree", "membership"], name="decree_entry_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decree_id}:{self.line}"
