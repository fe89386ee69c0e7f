"""Decree lists: the approved list frozen as a numbered version of the Bupati's decree annex.

Entries are snapshots inserted in batches and never updated, so later edits to people never
change a signed version; :func:`kawal.enrolment.selectors.decree_diff` compares two versions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from kawal.accounts.models import AuditEvent, Role, User
from kawal.enrolment.errors import EnrolmentError
from kawal.enrolment.models import Cohort, DecreeEntry, DecreeList, Membership
from kawal.enrolment.selectors import COVER
from kawal.enrolment.service_base import AUDIT_BATCH, cohort_for, require
from kawal.registry.models import PovertyRecord


@dataclass(frozen=True, kw_only=True)
class DecreeData:
    number: str
    decree_date: date
    title: str
    signer_name: str = ""
    signer_title: str = ""


def _entry_rows(cohort: Cohort) -> QuerySet:
    desil = PovertyRecord.objects.filter(person=OuterRef("person_id"))
    if cohort.poverty_sources:
        desil = desil.filter(source__in=cohort.poverty_sources)
    return (
        Membership.objects.filter(cohort=cohort, status__in=COVER)
        .annotate(latest_desil=Subquery(desil.order_by("-period", "desil").values("desil")[:1]))
        .order_by(
            "person__domicile_village__parent__name",
            "person__domicile_village__name",
            "person__name_normalised",
            "id",
        )
        .values_list(
            "pk",
            "person__nik",
            "person__full_name",
            "person__sex",
            "person__birth_date",
            "person__domicile_village_id",
            "person__domicile_village__name",
            "person__domicile_village__parent__name",
            "person__occupation",
            "latest_desil",
        )
    )


@transaction.atomic
def decree_freeze(*, actor: User, cohort_id: int, data: DecreeData) -> DecreeList:
    """Freeze the cohort's approved list (approved, submitted, active) as the next version.

    The entries are snapshots inserted in batches; nothing ever updates them afterwards.
    """
    require(actor, frozenset({Role.DINAS_ADMIN}), _("Hanya Admin Dinas yang menetapkan SK."))
    cohort = Cohort.objects.select_for_update().filter(pk=cohort_for(actor, cohort_id).pk).get()
    if not data.title.strip():
        raise EnrolmentError(_("Judul SK wajib diisi."), field="title")
    version = (cohort.decrees.aggregate(v=Max("version"))["v"] or 0) + 1
    decree = DecreeList.objects.create(
        cohort=cohort, version=version, frozen_by=actor, **asdict(data)
    )
    DecreeEntry.objects.bulk_create(
        [
            DecreeEntry(
                decree=decree,
                membership_id=mid,
                line=line,
                nik=nik,
                full_name=name,
                sex=sex,
                birth_date=born,
                village_code=vcode,
                village_name=vname,
                district_name=dname or "",
                occupation=occ,
                desil=desil,
            )
            for line, (mid, nik, name, sex, born, vcode, vname, dname, occ, desil) in enumerate(
                _entry_rows(cohort).iterator(chunk_size=AUDIT_BATCH), start=1
            )
        ],
        batch_size=AUDIT_BATCH,
    )
    AuditEvent.objects.create(
        actor=actor,
        action="decree.freeze",
        object_type="cohort",
        object_id=str(cohort.pk),
        pemda_id=cohort.pemda_id,
        changes={"version": [version - 1 or None, version], "number": [None, data.number]},
    )
    return decree


def decree_export_record(*, actor: User, decree: DecreeList, kind: str) -> None:
    """Audit a download of a decree list (it carries full NIKs)."""
    AuditEvent.objects.create(
        actor=actor,
        action=f"decree.export_{kind}",
        object_type="cohort",
        object_id=str(decree.cohort_id),
        pemda_id=decree.cohort.pemda_id,
        changes={"version": [None, decree.version]},
    )
