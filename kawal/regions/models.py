"""The Kemendagri region tree and the pemda (local governments) a deployment serves."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kawal.domain.regions import format_code


class Region(models.Model):
    """One Kemendagri code: province, kab/kota, kecamatan or desa/kelurahan.

    Retired codes stay (``valid_to`` set, ``replaced_by`` pointing at the successor) because a NIK
    keeps the code of the place where it was issued.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/Kota")
        DISTRICT = "district", _("Kecamatan")
        VILLAGE = "village", _("Desa/Kelurahan")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=10, choices=Level.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    name_key = models.CharField(max_length=120, db_index=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "parent"], name="region_level_parent")]

    def __str__(self) -> str:
        return f"{self.display_code} {self.label}"

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def label(self) -> str:
        prefix = {"kabupaten": "Kab.", "kota": "Kota", "kelurahan": "Kel."}.get(self.kind, "")
        return f"{prefix} {self.name}".strip()

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class Pemda(models.Model):
    """A local government served by this deployment: a kabupaten/kota or a province."""

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="pemda")
    name = models.CharField(max_length=120)
    dinas_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("Pemda")
        verbose_name_plural = _("Pemda")

    def __str__(self) -> str:
        return self.name
