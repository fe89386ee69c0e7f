"""The human step of header mapping: a job whose columns did not map by themselves, and presets.

A new job whose header row does not map onto its source's fields (a required field missing,
two columns claiming one field) waits in status ``mapping`` (:func:`needs_mapping`, called by
``job_submit``). A person then chooses a field for every column (:func:`job_map`): the choice
is stored on ``job.mapping`` as ``{file column: field or ""}`` (``""`` ignores the column),
so the pipeline maps the file exactly so, and the job is queued. The same choice may be saved
as a named :class:`MappingPreset` of the pemda and source, offered on the next upload. The
pipeline still checks the headers of the whole file and rejects it with ``INTAKE_HEADERS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kawal.accounts.models import Role, User
from kawal.accounts.services import audit_record
from kawal.domain.intake_sources import FIELD_LABELS
from kawal.intake import files
from kawal.intake.models import LIVE_STATUSES, ImportJob, MappingPreset
from kawal.pipelines.intake.headers import (
    HeaderMapping,
    field_label,
    map_headers,
    requirement_label,
)
from kawal.pipelines.intake.read import ReadResult, read_head
from kawal.pipelines.intake.read_common import IntakeFileError
from kawal.pipelines.intake.samples import column_samples

HEADERS_CODE = "INTAKE_HEADERS"
PRESET_NAME_MAX = 80


class MappingError(Exception):
    """A mapping refused; ``errors`` holds one Indonesian message per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(" ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class FileColumns:
    """The columns of a job's file, a few masked values of each, and how they map now."""

    columns: list[str]
    samples: dict[str, list[str]]
    mapping: HeaderMapping


def _head(path: Path, sheet: str, *, rows: int) -> ReadResult:
    return read_head(
        path, max_bytes=settings.KAWAL_IMPORT_MAX_MB * 2**20, sheet=sheet or None, rows=rows
    )


def needs_mapping(
    path: Path, *, source: str, preset: Mapping[str, str] | None, sheet: str = ""
) -> bool:
    """True when the header row of the file at ``path`` does not map onto ``source``'s fields.

    Only the start of the file is read. A file that cannot be read at all (or a preset
    naming an unknown field) is not held for mapping: the pipeline rejects or fails it with
    the reason.
    """
    try:
        head = _head(path, sheet, rows=0)
        return not map_headers(head.columns, source=source, preset=preset or None).ok
    except (IntakeFileError, ValueError):
        return False


def job_columns(job: ImportJob, *, preset: Mapping[str, str] | None = None) -> FileColumns:
    """The columns of ``job``'s stored file with masked sample values, mapped with ``preset``
    (default: the job's own mapping). Raises ``IntakeFileError`` for an unreadable file."""
    head = _head(files.original(job), job.sheet, rows=20)
    columns = head.columns
    mapping = map_headers(columns, source=job.source, preset=preset or job.mapping or None)
    nik_columns = {column for column, name in mapping.columns.items() if name == "nik"}
    return FileColumns(
        columns=columns,
        samples=column_samples(head.frame, nik_columns=nik_columns),
        mapping=mapping,
    )


def mapping_errors(mapping: HeaderMapping) -> list[str]:
    """Indonesian messages for a person's mapping: fields chosen twice, required ones missing."""
    errors = [
        _("%(field)s dipilih untuk lebih dari satu kolom: %(columns)s. Pilih satu kolom saja.")
        % {"field": field_label(name), "columns": ", ".join(f"“{c}”" for c in columns)}
        for name, columns in mapping.duplicates.items()
    ]
    errors += [
        _("Kolom wajib %(field)s belum dipilih.") % {"field": requirement_label(requirement)}
        for requirement in mapping.missing
    ]
    return errors


def mappable(job: ImportJob) -> bool:
    """True for a job waiting for a mapping, or rejected because its headers did not map."""
    return job.status == ImportJob.Status.MAPPING or (
        job.status == ImportJob.Status.REJECTED and job.error_code == HEADERS_CODE
    )


def _known_fields(columns: Mapping[str, str]) -> dict[str, str]:
    """``columns`` with ``""`` for an ignored column; :class:`MappingError` for unknown fields."""
    chosen = {column: name or "" for column, name in columns.items()}
    unknown = sorted({name for name in chosen.values() if name and name not in FIELD_LABELS})
    if unknown:
        raise MappingError([_("Bidang tidak dikenal: %(names)s.") % {"names": ", ".join(unknown)}])
    return chosen


def _check_actor(actor: User, pemda_id: int) -> None:
    if not actor.can_write or actor.pemda_id != pemda_id:
        raise MappingError([_("Peran Anda tidak boleh mengimpor data.")])


def job_map(
    *,
    actor: User,
    job: ImportJob,
    columns: Mapping[str, str],
    preset_name: str = "",
) -> ImportJob:
    """Store ``columns`` (every file column → field, ``""`` to ignore) on ``job`` and queue it.

    The job must wait for a mapping or have been rejected for its headers (then it runs
    again, as a new attempt). ``preset_name`` also saves the mapping as a preset of the
    job's pemda and source (a preset of that name is replaced). Audited. The caller hands
    the job to the worker (``job_enqueue``) or runs it. Raises :class:`MappingError`.
    """
    _check_actor(actor, job.pemda_id)
    if not mappable(job):
        raise MappingError([_("Job ini tidak sedang menunggu pemetaan kolom.")])
    chosen = _known_fields(columns)
    errors = mapping_errors(map_headers(list(chosen), source=job.source, preset=chosen))
    if errors:
        raise MappingError(errors)
    before = {"mapping": job.mapping, "status": job.status}
    try:
        with transaction.atomic():
            updated = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
                mapping=chosen,
                status=ImportJob.Status.QUEUED,
                phase=ImportJob.Phase.WAITING,
                progress=0,
                error_code="",
                error_message="",
                summary={},
                finished_at=None,
            )
            if not updated:
                raise MappingError([_("Job ini tidak sedang menunggu pemetaan kolom.")])
            changes = {
                "mapping": [before["mapping"], chosen],
                "status": [before["status"], ImportJob.Status.QUEUED],
            }
            if preset_name:
                preset = preset_save(
                    actor=actor,
                    pemda_id=job.pemda_id,
                    source=job.source,
                    name=preset_name,
                    columns=chosen,
                )
                changes["preset"] = [None, preset.name]
            audit_record(
                actor=actor,
                action="intake.map",
                object_type="intake.importjob",
                object_id=job.pk,
                pemda_id=job.pemda_id,
                changes=changes,
            )
    except IntegrityError as error:  # the same file is live again in another job
        live = ImportJob.objects.filter(
            pemda_id=job.pemda_id, source=job.source, sha256=job.sha256, status__in=LIVE_STATUSES
        )
        other = live.exclude(pk=job.pk).values_list("pk", flat=True).first()
        raise MappingError(
            [_("Berkas yang sama sudah diimpor lagi sebagai job #%(job)s.") % {"job": other}]
        ) from error
    job.refresh_from_db()
    return job


def job_reject_headers(job: ImportJob, mapping: HeaderMapping) -> ImportJob:
    """End a job held for mapping as rejected with ``INTAKE_HEADERS`` (for the CLI, where no
    one will map it on a page). The same file can then be imported again, and the job can
    still be mapped on its page. Audited as the pipeline audits a rejection."""
    message = " ".join(f.message_id for f in mapping.errors)
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.MAPPING).update(
        status=ImportJob.Status.REJECTED,
        error_code=HEADERS_CODE,
        error_message=message,
        finished_at=timezone.now(),
        phase=ImportJob.Phase.FINISHED,
    )
    if updated:
        audit_record(
            actor=job.uploaded_by,
            action="intake.rejected",
            object_type="intake.importjob",
            object_id=job.pk,
            pemda_id=job.pemda_id,
            changes={"code": [None, HEADERS_CODE]},
        )
    job.refresh_from_db()
    return job


def preset_save(
    *, actor: User, pemda_id: int, source: str, name: str, columns: Mapping[str, str]
) -> MappingPreset:
    """Save ``columns`` (file column → field, ``""`` to ignore) as preset ``name``; a preset
    of the same pemda, source and name is replaced. Audited."""
    _check_actor(actor, pemda_id)
    columns = _known_fields(columns)
    name = " ".join(name.split())[:PRESET_NAME_MAX]
    if not name:
        raise MappingError([_("Beri nama format kolom yang akan disimpan.")])
    with transaction.atomic():
        existing = (
            MappingPreset.objects.select_for_update()
            .filter(pemda_id=pemda_id, source=source, name=name)
            .first()
        )
        preset, _created = MappingPreset.objects.update_or_create(
            pemda_id=pemda_id,
            source=source,
            name=name,
            defaults={"columns": dict(columns)},
            create_defaults={"columns": dict(columns), "created_by": actor},
        )
        audit_record(
            actor=actor,
            action="intake.preset_save",
            object_type="intake.mappingpreset",
            object_id=preset.pk,
            pemda_id=pemda_id,
            changes={
                "name": [existing.name if existing else None, name],
                "source": [existing.source if existing else None, source],
                "columns": [existing.columns if existing else None, dict(columns)],
            },
        )
    return preset


def presets_manageable(actor: User, preset: MappingPreset) -> bool:
    """Pemda-wide roles that import manage every preset; operators and verifiers their own."""
    if not actor.can_write or actor.pemda_id != preset.pemda_id:
        return False
    if actor.role in (Role.VILLAGE_OPERATOR, Role.DISTRICT_VERIFIER):
        return preset.created_by_id == actor.pk
    return True


def preset_delete(*, actor: User, preset: MappingPreset) -> None:
    """Delete a preset (jobs keep the mapping they were given). Audited."""
    if not presets_manageable(actor, preset):
        raise MappingError([_("Anda tidak boleh menghapus format kolom ini.")])
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="intake.preset_delete",
            object_type="intake.mappingpreset",
            object_id=preset.pk,
            pemda_id=preset.pemda_id,
            changes={
                "name": [preset.name, None],
                "source": [preset.source, None],
                "columns": [preset.columns, None],
            },
        )
        preset.delete()
