"""Files exchanged with BPJS Ketenagakerjaan (issue 5 part 5) — and death extracts from Dukcapil or
the villages, which travel the same way: one batch per file, one row per line.

An :class:`ExchangeBatch` is a registration sent, a response received or a roster received. It
is created as a *preview* (what would change), then *applied* on confirmation, or *rejected*
when the file has problems (nothing changes then). :class:`ExchangeRow` holds the per-line
outcome, written with ``bulk_create``. Rows keep a **masked** NIK only; a KPJ number is kept in
clear because it is applied to the membership on confirmation, and is shown masked everywhere.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExchangeBatch(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Pendaftaran")
        RESPONSE = "response", _("Jawaban BPJS")
        ROSTER = "roster", _("Daftar peserta BPJS")
        DEATHS = "deaths", _("Data kematian")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")
        APPLIED = "applied", _("Diterapkan")
        REJECTED = "rejected", _("Ditolak (berkas bermasalah)")

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(
        "enrolment.Cohort", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    layout = models.CharField(max_length=40)
    channel = models.CharField(max_length=20, default="file", help_text="Adapter used.")
    file_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pemda", "kind", "sha256"], name="exchange_pemda_sha")]
        constraints = [
            models.CheckConstraint(
                name="exchange_cohort_unless_pemda_wide",
                condition=Q(kind__in=["roster", "deaths"]) | Q(cohort__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"


class ExchangeRow(models.Model):
    """One line of an exchange file and what it means (or would mean) for Kawal."""

    batch = models.ForeignKey(ExchangeBatch, on_delete=models.CASCADE, related_name="rows")
    row = models.PositiveIntegerField(null=True, blank=True, help_text="Data row in the file.")
    membership = models.ForeignKey(
        "enrolment.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Death extracts: the registry person a line names, and the date of death it reports.
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20)
    nik_masked = models.CharField(max_length=16, blank=True)
    full_name = models.CharField(max_length=150, blank=True)
    village_name = models.CharField(max_length=120, blank=True)
    kpj = models.CharField(max_length=20, blank=True)
    their_kpj = models.CharField(max_length=20, blank=True)
    start_date = models.DateField(null=True, blank=True)
    our_status = models.CharField(max_length=10, blank=True)
    their_status = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=250, blank=True)
    problems = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["batch", "outcome"], name="exchangerow_batch_outcome")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row} {self.outcome}"
