"""The registry: people, their poverty records (kept as history) and the segments they are in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kawal.domain.occupations import OCCUPATIONS


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class MaritalStatus(models.TextChoices):
    SINGLE = "belum_kawin", _("Belum kawin")
    MARRIED = "kawin", _("Kawin")
    DIVORCED = "cerai_hidup", _("Cerai hidup")
    WIDOWED = "cerai_mati", _("Cerai mati")


class Segment(models.TextChoices):
    NON_ASN = "non_asn", _("Pegawai non-ASN")
    ADHOC = "adhoc", _("Penyelenggara pemilu ad hoc")
    PEKERJA_RENTAN = "pekerja_rentan", _("Pekerja rentan")
    APARATUR_DESA = "aparatur_desa", _("Aparatur desa / RT-RW")


class AdhocBody(models.TextChoices):
    PPK = "PPK", "PPK"
    PPS = "PPS", "PPS"
    KPPS = "KPPS", "KPPS"
    PANTARLIH = "PANTARLIH", "Pantarlih"
    PANWASCAM = "PANWASCAM", "Panwascam"
    PKD = "PKD", "PKD"


class PovertySource(models.TextChoices):
    DTSEN = "DTSEN", "DTSEN"
    DTKS = "DTKS", "DTKS"
    P3KE = "P3KE", "P3KE"
    VILLAGE = "USULAN_DESA", _("Usulan desa")


OCCUPATION_CHOICES = list(OCCUPATIONS.items())


class Person(models.Model):
    """A person in the registry, identified by NIK (text, unique across the deployment).

    Domicile comes from the address (``domicile_village``), never from the NIK prefix.
    """

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    # Indexes are few on purpose: each one costs every bulk import (measured in
    # docs/benchmarks.md). Name search is a substring match (a btree cannot serve it); the
    # list order is served by ``person_name_order``.
    name_normalised = models.CharField(max_length=150)
    name_key = models.CharField(max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    mother_name = models.CharField(_("nama ibu kandung"), max_length=150, blank=True)
    marital_status = models.CharField(
        _("status kawin"), max_length=12, choices=MaritalStatus.choices, blank=True
    )
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    domicile_village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan domisili"),
        on_delete=models.PROTECT,
        related_name="residents",
    )
    pemda = models.ForeignKey(
        "regions.Pemda", on_delete=models.PROTECT, related_name="persons", db_index=False
    )  # indexed by person_pemda_village
    phone = models.CharField(_("nomor HP"), max_length=16, blank=True)
    occupation = models.CharField(
        _("pekerjaan"), max_length=20, choices=OCCUPATION_CHOICES, blank=True
    )
    date_of_death = models.DateField(_("tanggal meninggal"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    import_job = models.ForeignKey(
        "intake.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name_normalised", "id"]
        indexes = [
            models.Index(fields=["pemda", "domicile_village"], name="person_pemda_village"),
            models.Index(fields=["name_normalised", "id"], name="person_name_order"),
        ]
        constraints = [
            models.CheckConstraint(
                name="person_nik_16_chars", condition=Q(nik__regex=r"^[0-9]{16}$")
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_alive(self) -> bool:
        return self.date_of_death is None


class WorkUnit(models.Model):
    """An OPD or other work unit of a pemda, employer of pegawai non-ASN.

    The JKK risk class is set per employer by BPJS (PP 44/2015 Lampiran I); class I is the usual
    assumption for office work but it stays data, not a constant.
    """

    class RiskClass(models.TextChoices):
        I = "I", "I"  # noqa: E741 - the regulation's own name for the class
        II = "II", "II"
        III = "III", "III"
        IV = "IV", "IV"
        V = "V", "V"

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="work_units")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    jkk_risk_class = models.CharField(max_length=3, choices=RiskClass.choices, default="I")
    #: Nomor Pendaftaran Perusahaan: the employer number BPJS gives the pemda (or each OPD) for its
    #: wage-earning staff; the PU registration file carries it.
    npp = models.CharField("NPP", max_length=20, blank=True)

    class Meta:
        ordering = ["pemda", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="workunit_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class PovertyRecord(models.Model):
    """A poverty ranking of a person from one source and data period; never overwritten."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="poverty_records")
    source = models.CharField(max_length=12, choices=PovertySource.choices)
    desil = models.PositiveSmallIntegerField()
    period = models.DateField(help_text="First day of the data period (e.g. the quarter).")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    import_job = models.ForeignKey(
        "intake.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "-id"]
        constraints = [
            models.CheckConstraint(
                name="poverty_desil_1_10", condition=Q(desil__gte=1, desil__lte=10)
            ),
            models.UniqueConstraint(
                fields=["person", "source", "period"], name="poverty_one_per_source_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.period:%Y-%m} desil {self.desil}"


class SegmentMembership(models.Model):
    """A person's place in a segment: non-ASN (work unit, wage), ad hoc (body, period), etc."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="segments")
    pemda = models.ForeignKey(
        "regions.Pemda", on_delete=models.PROTECT, related_name="+", db_index=False
    )  # indexed by membership_pemda_segment
    segment = models.CharField(max_length=16, choices=Segment.choices)
    work_unit = models.ForeignKey(
        WorkUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    wage = models.BigIntegerField(null=True, blank=True, help_text="Monthly wage in rupiah.")
    adhoc_body = models.CharField(max_length=10, choices=AdhocBody.choices, blank=True)
    election = models.CharField(max_length=80, blank=True)
    position = models.CharField(max_length=80, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    import_job = models.ForeignKey(
        "intake.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["segment", "id"]
        indexes = [models.Index(fields=["pemda", "segment"], name="membership_pemda_segment")]
        constraints = [
            models.CheckConstraint(
                name="segment_non_asn_has_work_unit",
                condition=~Q(segment="non_asn") | Q(work_unit__isnull=False),
            ),
            models.CheckConstraint(
                name="segment_adhoc_has_body_and_period",
                condition=~Q(segment="adhoc")
                | (~Q(adhoc_body="") & Q(start_date__isnull=False, end_date__isnull=False)),
            ),
            models.CheckConstraint(
                name="segment_period_ordered",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
            ),
            models.CheckConstraint(
                name="segment_wage_not_negative", condition=Q(wage__isnull=True) | Q(wage__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_segment_display()} ({self.person_id})"
