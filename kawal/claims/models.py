"""Events (deaths, work accidents) and the claims that follow them (issue 6).

A :class:`Claim` records one event reported for one person: the date, the cause, the place,
whether the person was covered on that date (an active membership and the month funded and paid)
and, when covered, the benefit computed from the effective-dated tables of
:mod:`kawal.domain.benefits`. Uncovered events are kept too, with the reasons: they are the
argument for next year's budget. A claim then moves reported → documents_complete → submitted →
paid or rejected; every transition is audited (``kawal/claims/services.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ClaimKind(models.TextChoices):
    DEATH = "death", _("Kematian")
    ACCIDENT = "accident", _("Kecelakaan kerja")


class ClaimCause(models.TextChoices):
    WORK_ACCIDENT = "work_accident", _("Kecelakaan kerja")
    OCCUPATIONAL_DISEASE = "occupational_disease", _("Penyakit akibat kerja")
    OTHER = "other", _("Sebab lain (bukan akibat kerja)")


class ClaimProgramme(models.TextChoices):
    JKK = "jkk", "JKK"
    JKM = "jkm", "JKM"
    NONE = "", _("Tidak ada")


class ClaimStatus(models.TextChoices):
    REPORTED = "reported", _("Dilaporkan")
    DOCUMENTS_COMPLETE = "documents_complete", _("Dokumen lengkap")
    SUBMITTED = "submitted", _("Diajukan ke BPJS")
    PAID = "paid", _("Dibayar")
    REJECTED = "rejected", _("Ditolak")


class ClaimSource(models.TextChoices):
    VILLAGE = "village", _("Pemerintah desa")
    FAMILY = "family", _("Keluarga")
    DUKCAPIL = "dukcapil", _("Dukcapil")
    OTHER = "other", _("Lainnya")


class Claim(models.Model):
    """One reported event for one person, its coverage verdict, benefit and claim status."""

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="claims")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(_("jenis peristiwa"), max_length=10, choices=ClaimKind.choices)
    event_date = models.DateField(_("tanggal kejadian"))
    cause = models.CharField(_("penyebab"), max_length=24, choices=ClaimCause.choices)
    place = models.CharField(_("tempat kejadian"), max_length=200, blank=True)
    source = models.CharField(
        _("sumber laporan"), max_length=10, choices=ClaimSource.choices, default="village"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    # Coverage on the event date.
    covered = models.BooleanField(_("terlindungi"), default=False)
    programme = models.CharField(
        max_length=3, choices=ClaimProgramme.choices, blank=True, default=""
    )
    membership = models.ForeignKey(
        "enrolment.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    coverage_reason = models.JSONField(
        default=list,
        blank=True,
        help_text='[{"code": ..., "message": Indonesian text}] why (not) covered.',
    )
    # Benefit.
    benefit_total = models.BigIntegerField(_("total manfaat"), default=0)
    benefit_breakdown = models.JSONField(
        default=dict,
        blank=True,
        help_text="kawal.domain.benefits.DeathBenefit.to_dict(): components, scholarship, notes.",
    )
    deadline = models.DateField(_("batas waktu klaim"), null=True, blank=True)
    expired = models.BooleanField(_("lewat waktu 5 tahun"), default=False)
    # Tracking.
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.REPORTED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims_handled",
    )
    submitted_on = models.DateField(_("tanggal diajukan"), null=True, blank=True)
    paid_amount = models.BigIntegerField(_("jumlah dibayar"), null=True, blank=True)
    paid_on = models.DateField(_("tanggal dibayar"), null=True, blank=True)
    insurer_reference = models.CharField(_("nomor referensi BPJS"), max_length=100, blank=True)
    reject_reason = models.CharField(_("alasan penolakan"), max_length=250, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-event_date", "-id"]
        constraints = [
            models.CheckConstraint(
                name="claim_benefit_nonnegative", condition=Q(benefit_total__gte=0)
            ),
            models.CheckConstraint(
                name="claim_paid_has_amount",
                condition=~Q(status="paid") | Q(paid_amount__gt=0, paid_on__isnull=False),
            ),
            models.CheckConstraint(
                name="claim_rejected_has_reason",
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
            ),
            # One claim per person, kind and event date: a second report is the same event.
            models.UniqueConstraint(
                fields=["person", "kind", "event_date"], name="claim_once_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["pemda", "status"], name="claim_pemda_status"),
            models.Index(fields=["pemda", "covered"], name="claim_pemda_covered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.event_date}"

    def get_absolute_url(self) -> str:
        return reverse("claims:detail", args=[self.pk])


class ClaimDocument(models.Model):
    """A document of the claim's checklist, stored privately under DATA_DIR."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=32)
    file = models.CharField(max_length=255, help_text="Path under DATA_DIR/uploads.")
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "kind", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind}"


class ClaimHeir(models.Model):
    """A relative declared for a death claim (personal data: shown to in-scope roles only)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="heirs")
    line = models.PositiveSmallIntegerField()
    name = models.CharField(_("nama"), max_length=150)
    relation = models.CharField(_("hubungan"), max_length=16)
    alive = models.BooleanField(_("masih hidup"), default=True)
    married = models.BooleanField(_("sudah menikah"), default=False)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    nik = models.CharField(max_length=16, blank=True)
    # Child at school (scholarship): level code (tk/sd/smp/sma/s1) and year within it.
    school_level = models.CharField(max_length=4, blank=True)
    school_year = models.PositiveSmallIntegerField(default=1)
    working = models.BooleanField(default=False)
    receives = models.BooleanField(default=False, help_text="Chosen by kawal.domain.heirs.")

    class Meta:
        ordering = ["claim", "line"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "line"], name="claim_heir_line"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}:{self.line} {self.relation}"

    @property
    def relation_label(self) -> str:
        from kawal.domain.heirs import RELATIONS

        return RELATIONS.get(self.relation, self.relation)
