"""The named lists behind the dashboard's figures (same row sets as the figures themselves)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import QueryDict
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from kawal.accounts.models import User
from kawal.registry.models import Person, Segment
from kawal.reports.coverage import active_memberships, latest_desil, people_behind

MEASURES = ("active", "potential", "covered", "uncovered")


def measure_label(measure: str) -> str:
    return {
        "active": _("Aktif"),
        "potential": _("Potensial (penyebut)"),
        "covered": _("Potensial yang sudah aktif"),
        "uncovered": _("Potensial belum terlindungi"),
    }[measure]


@dataclass(frozen=True)
class Drill:
    """What a drill-down link asks for; built from the query string, checked."""

    measure: str
    as_of: date
    segment: str = ""
    district: str = ""
    village: str = ""

    def query(self) -> str:
        parts = [f"ukuran={self.measure}", f"tanggal={self.as_of.isoformat()}"]
        for key, value in (
            ("segmen", self.segment),
            ("kec", self.district),
            ("desa", self.village),
        ):
            if value:
                parts.append(f"{key}={value}")
        return "&".join(parts)


class DrillError(ValueError):
    """A drill-down request that makes no sense; the message is Indonesian."""


def parse_as_of(raw: str | None, today: date) -> date:
    if not raw:
        return today
    value = parse_date(raw) if len(raw) == 10 else None
    if value is None or not date(2015, 1, 1) <= value <= date(2100, 12, 31):
        raise DrillError(_("Tanggal tidak valid: gunakan format TTTT-BB-HH (2015–2100)."))
    return value


def parse_drill(params: QueryDict, today: date) -> Drill:
    measure = params.get("ukuran", "")
    if measure not in MEASURES:
        raise DrillError(_("Ukuran tidak dikenal: %(m)s.") % {"m": measure})
    segment = params.get("segmen", "")
    if segment and segment not in Segment.values:
        raise DrillError(_("Segmen tidak dikenal: %(s)s.") % {"s": segment})
    district, village = params.get("kec", ""), params.get("desa", "")
    if not (district.isdigit() or not district) or not (village.isdigit() or not village):
        raise DrillError(_("Kode wilayah harus angka."))
    return Drill(measure, parse_as_of(params.get("tanggal"), today), segment, district, village)


def drill_people(user: User, drill: Drill) -> QuerySet[Person]:
    """The people behind one figure, with desa, kecamatan, cohort and desil for the list."""
    cohorts = active_memberships(user, drill.as_of, drill.segment or None).filter(
        person_id=OuterRef("pk")
    )
    return (
        people_behind(
            user,
            as_of=drill.as_of,
            measure=drill.measure,
            segment=drill.segment or None,
            district=drill.district or None,
            village=drill.village or None,
        )
        .select_related("domicile_village__parent")
        .annotate(
            cohort_name=Subquery(cohorts.order_by("cohort__name").values("cohort__name")[:1]),
            desil=latest_desil(drill.as_of, "pk"),
        )
        .order_by("domicile_village__parent__name", "domicile_village__name", "name_normalised")
    )
