"""What the reports need that no other app holds: regulations in force and programme innovations.

A :class:`Regulation` is a legal instrument the pemda runs the programme under (Perbup, Perda, SK
Bupati, a Surat Edaran, …), entered by the Dinas admin; the Inpres 2/2021 monitoring report lists
those in force during its semester and the award dossier lists them all. A
:class:`ProgrammeInnovation` is a short free text about what the pemda did beyond enrolling
people (domain-rules §4.2 "Program / inovasi"), shown in the award dossier.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RegulationKind(models.TextChoices):
    PERBUP = "perbup", _("Peraturan Bupati")
    PERDA = "perda", _("Peraturan Daerah")
    SK_BUPATI = "sk_bupati", _("Keputusan Bupati")
    SE = "se", _("Surat Edaran")
    OTHER = "other", _("Lainnya")


class Regulation(models.Model):
    """One legal instrument of one pemda, with the period it is in force."""

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis"), max_length=10, choices=RegulationKind.choices)
    number = models.CharField(_("nomor"), max_length=120)
    title = models.CharField(_("judul / tentang"), max_length=300)
    signed_on = models.DateField(_("tanggal ditetapkan"))
    in_force_from = models.DateField(_("berlaku mulai"))
    in_force_to = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text="Empty: still in force."
    )
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pemda", "in_force_from", "id"]
        constraints = [
            models.CheckConstraint(
                name="regulation_in_force_order",
                condition=Q(in_force_to__isnull=True) | Q(in_force_to__gte=F("in_force_from")),
            ),
            models.UniqueConstraint(
                fields=["pemda", "kind", "number"], name="regulation_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ProgrammeInnovation(models.Model):
    """A programme innovation of one pemda in one year (free text for the award dossier)."""

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pemda", "year", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"
