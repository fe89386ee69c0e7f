"""Writes for bulk intake: submitting a file as a job (once per file), queueing it.

The human mapping of columns that do not map by themselves, and mapping presets, are in
:mod:`kawal.intake.mapping`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kawal.accounts.models import User
from kawal.accounts.services import audit_record
from kawal.domain.intake_sources import SOURCES
from kawal.intake import files
from kawal.intake.mapping import needs_mapping
from kawal.intake.models import LIVE_STATUSES, ImportJob, MappingPreset
from kawal.regions.models import Pemda


class IntakeError(Exception):
    """A submission refused before any job exists (Indonesian message)."""


@dataclass(frozen=True)
class Submitted:
    job: ImportJob
    created: bool  # False: the same file was already imported (or is being imported)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pemda_for(actor: User, pemda: Pemda | None) -> Pemda:
    if not actor.can_write:
        raise IntakeError(_("Peran Anda tidak boleh mengimpor data."))
    if pemda is not None and actor.pemda_id not in (None, pemda.pk):
        raise IntakeError(_("Anda tidak boleh mengimpor untuk pemda lain."))
    chosen = pemda or actor.pemda
    if chosen is None:
        raise IntakeError(_("Akun ini belum terhubung ke pemda; sebutkan pemda-nya."))
    return chosen


def job_submit(
    *,
    actor: User,
    path: Path,
    file_name: str,
    source: str,
    pemda: Pemda | None = None,
    preset: MappingPreset | None = None,
    mapping: Mapping[str, str] | None = None,
    data_period: date | None = None,
    sheet: str = "",
) -> Submitted:
    """Register ``path`` as an import job, or return the live job that has the same file.

    The size limit is checked here, before anything is stored. The job's mapping is the
    preset's columns with ``mapping`` (file column → field, ``""`` to ignore) on top. The
    header row is read: when it does not map onto the source's fields the job waits in status
    ``mapping`` for a person (:func:`kawal.intake.mapping.job_map`); otherwise it is queued
    (``job_enqueue`` it or run it with ``pipeline.run_job``). The file is copied into the
    job's folder.
    """
    if source not in SOURCES:
        raise IntakeError(_("Sumber data tidak dikenal."))
    chosen = _pemda_for(actor, pemda)
    size = path.stat().st_size
    limit = settings.KAWAL_IMPORT_MAX_MB
    if size > limit * 2**20:
        raise IntakeError(
            _(
                "Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB. Pecah menjadi "
                "beberapa berkas."
            )
            % {"size": f"{size / 2**20:.1f}", "limit": limit}
        )
    sha256 = _sha256(path)
    existing = ImportJob.objects.filter(
        pemda=chosen,
        source=source,
        sha256=sha256,
        status__in=LIVE_STATUSES,
    ).first()
    if existing is not None:
        return Submitted(existing, created=False)
    columns = {**(preset.columns if preset else {}), **(mapping or {})}
    held = needs_mapping(path, source=source, preset=columns, sheet=sheet)
    status = ImportJob.Status.MAPPING if held else ImportJob.Status.QUEUED
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                pemda=chosen,
                source=source,
                file_name=Path(file_name).name[:255],
                file_size=size,
                sha256=sha256,
                uploaded_by=actor,
                mapping=columns,
                data_period=data_period,
                sheet=sheet[:100],
                status=status,
            )
            files.store(job, path)
            audit_record(
                actor=actor,
                action="intake.submit",
                object_type="intake.importjob",
                object_id=job.pk,
                pemda_id=chosen.pk,
                changes={
                    "file": [None, job.file_name],
                    "source": [None, source],
                    "status": [None, status],
                },
            )
    except IntegrityError:  # the same file submitted twice at the same moment
        existing = ImportJob.objects.get(
            pemda=chosen, source=source, sha256=sha256, status__in=LIVE_STATUSES
        )
        return Submitted(existing, created=False)
    return Submitted(job, created=True)


def job_enqueue(job: ImportJob) -> None:
    """Hand the job to the background worker (``kawal worker``)."""
    from kawal.intake.tasks import run_import

    run_import.enqueue(job.pk)
