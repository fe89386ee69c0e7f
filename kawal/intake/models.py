"""Bulk intake: import jobs, per-row outcomes, the review queue and reusable match decisions.

A job owns its uploaded file (stored under ``KAWAL_DATA_DIR/imports/<job id>/``) and, once it
has run, the validated rows (``rows.parquet``) and the per-row reports. The database keeps what
people act on: the job's summary and progress, one outcome per data row, the pairs waiting for a
human decision, and those decisions (reused by the next import of the same record).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kawal.domain.intake_sources import SOURCES


class Source(models.TextChoices):
    VILLAGE = "village", _("Usulan desa/kelurahan (pekerja rentan)")
    DTSEN = "dtsen", _("Ekstrak DTSEN")
    DTKS = "dtks", _("Ekstrak DTKS")
    P3KE = "p3ke", _("Ekstrak P3KE")
    NON_ASN = "non-asn", _("Daftar pegawai non-ASN (OPD)")
    ADHOC = "adhoc", _("Daftar badan ad hoc pemilu")


assert tuple(Source.values) == SOURCES  # noqa: S101 - the domain list and the choices are one list


#: Statuses of a job that still holds its file: the same file is not taken again meanwhile.
LIVE_STATUSES = ("mapping", "queued", "running", "done")


class ImportJob(models.Model):
    """One uploaded file and its journey: queued → running (phases) → done / failed / rejected."""

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Perlu pemetaan kolom")
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Sedang diproses")
        DONE = "done", _("Selesai")
        REJECTED = "rejected", _("Ditolak")
        FAILED = "failed", _("Gagal")

    class Phase(models.TextChoices):
        WAITING = "waiting", _("Menunggu giliran")
        READ = "read", _("Membaca berkas")
        VALIDATE = "validate", _("Memeriksa baris")
        LINK = "link", _("Mencari duplikat dan menautkan")
        COMMIT = "commit", _("Menyimpan ke registri")
        REPORT = "report", _("Menyusun laporan")
        FINISHED = "finished", _("Selesai")

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    sheet = models.CharField(max_length=100, blank=True)
    mapping = models.JSONField(default=dict, blank=True, help_text="File column → field.")
    data_period = models.DateField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.WAITING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent of the job done.")
    summary = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life from the worker running the job."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same file is imported once per pemda and source; rejected or failed jobs
            # do not count, so a file can be retried after a fix.
            models.UniqueConstraint(
                fields=["pemda", "source", "sha256"],
                condition=Q(status__in=list(LIVE_STATUSES)),
                name="importjob_one_live_job_per_file",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REJECTED, self.Status.FAILED}


class RowStatus(models.TextChoices):
    CREATED = "created", _("Baru")
    LINKED = "linked", _("Ditautkan")
    DUPLICATE = "duplicate", _("Duplikat dalam berkas")
    REVIEW = "review", _("Perlu ditinjau")
    INVALID = "invalid", _("Tidak valid")


class RowOutcome(models.Model):
    """What became of one data row of a job (written in bulk, one row per data row)."""

    # Indexed by the (job, row) constraint, and person by rowoutcome_person: no FK indexes.
    job = models.ForeignKey(
        ImportJob, on_delete=models.CASCADE, related_name="outcomes", db_index=False
    )
    row = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=RowStatus.choices)
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    score = models.FloatField(null=True, blank=True)
    reasons = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["job", "row"]
        constraints = [
            models.UniqueConstraint(fields=["job", "row"], name="rowoutcome_one_per_row"),
        ]
        indexes = [models.Index(fields=["person"], name="rowoutcome_person")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row} {self.status}"


class ReviewItem(models.Model):
    """A row whose best candidate scored in the review band, held until someone decides.

    ``record`` is the row's validated data (what creating or attaching it needs); ``evidence``
    the comparison of each field. Nothing of the row is in the registry until the decision.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        SAME = "same", _("Orang yang sama")
        DIFFERENT = "different", _("Orang berbeda")
        REJECTED = "rejected", _("Baris ditolak")

    job = models.ForeignKey(  # indexed by the (job, row) constraint
        ImportJob, on_delete=models.CASCADE, related_name="review_items", db_index=False
    )
    row = models.PositiveIntegerField()
    candidate = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.CharField(max_length=250, blank=True)
    evidence = models.JSONField(default=dict)
    record = models.JSONField(default=dict)
    record_key = models.CharField(
        max_length=64, db_index=True, help_text="The incoming record's NIK (never shown)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person the row became or was attached to by the decision.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "row"]
        constraints = [
            models.UniqueConstraint(fields=["job", "row"], name="reviewitem_one_per_row"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row} → {self.candidate_id}"


class MatchDecision(models.Model):
    """A human verdict on "this incoming record is / is not this person", reused on re-import.

    ``record_key`` is the incoming record's NIK: a record with that NIK arriving again in
    another file meets the same verdict instead of the queue.
    """

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.PROTECT, related_name="+")
    record_key = models.CharField(max_length=64)
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    review_item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "record_key", "person"],
                condition=Q(undone_at__isnull=True),
                name="matchdecision_one_live_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {'=' if self.same else '≠'}"


class MappingPreset(models.Model):
    """A saved header mapping for a source (e.g. "Format DTSEN Dinsos 2025")."""

    pemda = models.ForeignKey("regions.Pemda", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    name = models.CharField(_("nama format"), max_length=80)
    columns = models.JSONField(help_text="Normalised header → field.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "source", "name"], name="mappingpreset_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
