"""Users with a role scoped to a region, the audit log, and login throttling."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VILLAGE_OPERATOR = "village_operator", _("Operator desa/kelurahan")
    DISTRICT_VERIFIER = "district_verifier", _("Verifikator kecamatan")
    DINAS_ADMIN = "dinas_admin", _("Admin Dinas")
    FINANCE = "finance", _("Keuangan (BPKAD)")
    INSURER_LIAISON = "insurer_liaison", _("Penghubung BPJS Ketenagakerjaan")
    AUDITOR = "auditor", _("Auditor")
    #: The Bupati's office (Bagian Pemerintahan / Kesra): reads the figures and reports it signs.
    BUPATI_OFFICE = "bupati_office", _("Kantor Bupati")


# What each role may do. Reads are always limited to the user's region scope as well.
WRITE_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.DISTRICT_VERIFIER, Role.DINAS_ADMIN})
REVEAL_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.DISTRICT_VERIFIER, Role.DINAS_ADMIN})


class User(AbstractUser):
    """A person who signs in. ``role`` + ``pemda`` + ``scope_region`` decide what they see.

    Village operators are scoped to one desa/kelurahan and kecamatan verifiers to one kecamatan;
    the Dinas, finance, insurer liaison, auditor and Bupati's office roles see their whole pemda.
    """

    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    pemda = models.ForeignKey(
        "regions.Pemda", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    scope_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="user_scoped_roles_have_region",
                condition=~models.Q(role__in=["village_operator", "district_verifier"])
                | models.Q(scope_region__isnull=False, pemda__isnull=False),
            ),
        ]

    @property
    def can_write(self) -> bool:
        return self.role in WRITE_ROLES

    @property
    def can_reveal_nik(self) -> bool:
        return self.role in REVEAL_ROLES


class AuditEvent(models.Model):
    """One audited action: every write, every NIK reveal, every export of personal data.

    ``changes`` holds ``{field: [before, after]}``; NIKs in it are masked, never stored in clear.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    pemda = models.ForeignKey(
        "regions.Pemda", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class LoginFailure(models.Model):
    """A failed sign-in, kept for throttling (username + address inside a time window)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["username", "at"], name="loginfailure_user_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username}"
