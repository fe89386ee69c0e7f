"""Coverage months, bills, insurer invoices and their reconciliation, payments, APBD lines.

A member is covered in month M only if M is funded and paid (domain-rules §1.4). One
:class:`CoverageMonth` row per person, programme and month records the funding source and the
amount; the database refuses a second funding of the same NIK, programme and month
(``coverage_once_per_person_month``), whichever cohort tries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kawal.domain.contributions import FUNDING_SOURCES, PROGRAMMES

FUNDING_CHOICES = [(f.code, f.label) for f in FUNDING_SOURCES.values()]
PROGRAMME_CHOICES = [(code, code.upper()) for code in PROGRAMMES]


class CoverageStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    BILLED = "billed", _("Ditagih")
    PAID = "paid", _("Dibayar")


class Bill(models.Model):
    """The expected bill of one cohort, funding source and contribution month."""

    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.PROTECT, related_name="bills")
    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="+")
    funding_source = models.CharField(_("sumber dana"), max_length=20, choices=FUNDING_CHOICES)
    month = models.DateField(_("bulan iuran"), help_text="First day of the month.")
    persons = models.PositiveIntegerField(_("jumlah peserta"))
    total = models.BigIntegerField(_("jumlah tagihan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "funding_source", "month"], name="bill_once_per_cohort_month"
            ),
            models.CheckConstraint(name="bill_month_first_day", condition=Q(month__day=1)),
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.month:%Y-%m}"


class BillLine(models.Model):
    """One programme at one per-person amount inside a bill."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    programme = models.CharField(max_length=4, choices=PROGRAMME_CHOICES)
    unit_amount = models.BigIntegerField(_("iuran per orang"))
    persons = models.PositiveIntegerField()
    total = models.BigIntegerField()

    class Meta:
        ordering = ["bill", "programme", "unit_amount"]
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "programme", "unit_amount"], name="bill_line_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.programme}"


class CoverageMonth(models.Model):
    """One person covered (planned, billed or paid) for one programme in one month."""

    membership = models.ForeignKey(
        "enrolment.Membership",
        on_delete=models.PROTECT,
        related_name="coverage_months",
        db_index=False,
    )
    # Few indexes on purpose (each one costs every generated row): the unique constraint serves
    # lookups by person, ``coverage_cohort_month`` those by cohort and bill.
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    cohort = models.ForeignKey(
        "enrolment.Cohort", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    programme = models.CharField(max_length=4, choices=PROGRAMME_CHOICES)
    month = models.DateField(help_text="First day of the month.")
    funding_source = models.CharField(max_length=20, choices=FUNDING_CHOICES)
    amount = models.BigIntegerField(help_text="Rupiah per person for this programme and month.")
    status = models.CharField(
        max_length=8, choices=CoverageStatus.choices, default=CoverageStatus.PLANNED
    )
    bill_line = models.ForeignKey(
        BillLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["person", "month", "programme"]
        constraints = [
            # The rule of domain-rules §5.3: one NIK is never funded twice for the same programme
            # and month, whichever cohort or source tries.
            models.UniqueConstraint(
                fields=["person", "programme", "month"], name="coverage_once_per_person_month"
            ),
            models.CheckConstraint(name="coverage_month_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(name="coverage_amount_not_negative", condition=Q(amount__gte=0)),
        ]
        indexes = [
            models.Index(fields=["cohort", "month"], name="coverage_cohort_month"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.programme} {self.month:%Y-%m}"


class CoverageRun(models.Model):
    """One run of the coverage generator for a cohort and a range of months."""

    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.PROTECT, related_name="+")
    first_month = models.DateField()
    last_month = models.DateField()
    inserted = models.PositiveIntegerField(default=0)
    conflicts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.first_month:%Y-%m}–{self.last_month:%Y-%m}"


class CoverageConflict(models.Model):
    """A month the run wanted but another cohort already funds: reported, never skipped silently."""

    run = models.ForeignKey(CoverageRun, on_delete=models.CASCADE, related_name="conflict_rows")
    membership = models.ForeignKey(
        "enrolment.Membership", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=4, choices=PROGRAMME_CHOICES)
    month = models.DateField()
    held_by_cohort = models.ForeignKey(
        "enrolment.Cohort", on_delete=models.PROTECT, related_name="+"
    )
    held_funding = models.CharField(max_length=20, choices=FUNDING_CHOICES)

    class Meta:
        ordering = ["run", "person", "month", "programme"]

    def __str__(self) -> str:
        return f"{self.run_id} {self.person_id} {self.month:%Y-%m}"


class Reconciliation(models.Model):
    """An insurer invoice/roster compared per NIK and month with what the cohort expects."""

    cohort = models.ForeignKey("enrolment.Cohort", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    template = models.CharField(max_length=40)
    first_month = models.DateField(null=True)
    last_month = models.DateField(null=True)
    invoice_lines = models.PositiveIntegerField(default=0)
    invoice_total = models.BigIntegerField(default=0)
    expected_total = models.BigIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, help_text="Category → number of differences.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.file_name}"


class Difference(models.TextChoices):
    NOT_OURS = "not_ours", _("Ditagih tetapi bukan peserta kita")
    NOT_BILLED = "not_billed", _("Peserta kita tetapi tidak ditagih")
    AFTER_DEATH = "after_death", _("Ditagih setelah meninggal")
    TWICE = "twice", _("Ditagih dua kali")
    AMOUNT = "amount", _("Jumlah berbeda")


class ReconciliationItem(models.Model):
    """One difference for one NIK and month. The NIK is kept for rows that match nobody."""

    reconciliation = models.ForeignKey(
        Reconciliation, on_delete=models.CASCADE, related_name="items"
    )
    category = models.CharField(max_length=12, choices=Difference.choices)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=150, blank=True)
    village_name = models.CharField(max_length=120, blank=True)
    month = models.DateField()
    billed_amount = models.BigIntegerField(null=True)
    expected_amount = models.BigIntegerField(null=True)
    billed_times = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["reconciliation", "category", "name", "month"]
        indexes = [models.Index(fields=["reconciliation", "category"], name="recon_item_cat")]

    def __str__(self) -> str:
        return f"{self.reconciliation_id} {self.category}"


class Payment(models.Model):
    """A payment of a bill (SP2D/transfer), with its document stored privately."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("tanggal bayar"))
    amount = models.BigIntegerField(_("jumlah"))
    reference = models.CharField(_("nomor referensi (SP2D/bukti transfer)"), max_length=100)
    document = models.CharField(max_length=255, blank=True, help_text="Path under DATA_DIR.")
    document_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["bill", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(name="payment_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.reference}"


class BudgetStage(models.TextChoices):
    MURNI = "murni", _("APBD murni")
    PERUBAHAN = "perubahan", _("APBD perubahan")


class BudgetLine(models.Model):
    """One APBD (or APBDes…) line for contributions in one fiscal year and budget stage."""

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    stage = models.CharField(_("tahapan"), max_length=10, choices=BudgetStage.choices)
    account_code = models.CharField(_("kode rekening"), max_length=40)
    account_name = models.CharField(_("uraian"), max_length=200, blank=True)
    programme = models.CharField(
        _("program"),
        max_length=4,
        choices=PROGRAMME_CHOICES,
        blank=True,
        help_text="Empty: the line pays every programme of its cohort(s).",
    )
    funding_source = models.CharField(_("sumber dana"), max_length=20, choices=FUNDING_CHOICES)
    cohort = models.ForeignKey(
        "enrolment.Cohort", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("pagu"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pemda", "-fiscal_year", "account_code", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "pemda",
                    "fiscal_year",
                    "stage",
                    "account_code",
                    "funding_source",
                    "cohort",
                ],
                name="budget_line_unique",
            ),
            models.CheckConstraint(name="budget_amount_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.account_code} {self.stage}"
