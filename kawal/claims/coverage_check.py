"""Was the person covered on the event date? (issue 6 item 1; domain-rules §1.4 and §2).

Covered means all of:

1. a membership in a cohort whose period contains the event date;
2. that membership active on the date: status ``active`` (started on or before the date), or
   ``ended`` on or after the date (a death ends the membership on the day of death);
3. the month of the event funded and paid: a :class:`CoverageMonth` row for the person, the
   programme that pays (JKK for a work accident or occupational disease, JKM otherwise) and the
   month, with status ``paid``;
4. the claim still in time: not more than 5 years after the event (``claim_expired``).

The answer carries every reason in Indonesian, with a stable code, so the uncovered list can
say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from kawal.contributions.models import CoverageMonth, CoverageStatus
from kawal.domain.benefit_tables import BenefitError, add_years
from kawal.domain.benefits import claim_deadline, programme_for_cause
from kawal.enrolment.models import EndReason, Membership, MembershipStatus

S = MembershipStatus


@dataclass(frozen=True)
class Reason:
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class CoverageVerdict:
    """The answer for one person, date and cause."""

    programme: str
    covered: bool = False
    membership: Membership | None = None
    reasons: list[Reason] = field(default_factory=list)
    deadline: date | None = None
    expired: bool = False

    def reason_dicts(self) -> list[dict[str, str]]:
        return [r.to_dict() for r in self.reasons]


def _d(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "-"


def _expiry(event_date: date, programme: str, today: date) -> tuple[date, bool]:
    try:
        deadline = claim_deadline(event_date, programme)
    except BenefitError:
        # Events before PP 82/2019 have no row; they are in any case long past 5 years.
        deadline = add_years(event_date, 5)
    return deadline, today > deadline


def memberships_on(person_ids: list[int], day_of: dict[int, date]) -> dict[int, list[Membership]]:
    """Memberships of each person whose cohort period contains that person's event date."""
    found: dict[int, list[Membership]] = {pid: [] for pid in person_ids}
    rows = (
        Membership.objects.filter(person_id__in=person_ids)
        .select_related("cohort")
        .order_by("-cohort__period_start", "id")
    )
    for m in rows:
        day = day_of[m.person_id]
        if m.cohort.period_start <= day <= m.cohort.period_end:
            found[m.person_id].append(m)
    return found


def _choose(found: list[Membership], day: date) -> tuple[Membership | None, list[Reason]]:
    """The membership covering ``day``, or none with the reasons why each candidate fails."""
    if not found:
        return None, [
            Reason(
                "no_membership",
                _("Tidak ada kepesertaan yang periodenya mencakup tanggal %(d)s.") % {"d": _d(day)},
            )
        ]
    reasons: list[Reason] = []
    for m in found:
        started = m.start_date is None or m.start_date <= day
        if m.status == S.ACTIVE and started:
            return m, []
        # An ended membership counts only if it had started (never-activated ones have no start).
        if (
            m.status == S.ENDED
            and m.start_date is not None
            and m.start_date <= day
            and m.end_date is not None
            and m.end_date >= day
        ):
            return m, []
        name = m.cohort.name
        if m.status == S.ENDED and m.start_date is not None and m.start_date <= day:
            label = EndReason(m.end_reason).label if m.end_reason else ""
            reasons.append(
                Reason(
                    "ended_before",
                    _("Kepesertaan %(c)s berakhir %(e)s (%(r)s), sebelum tanggal kejadian.")
                    % {"c": name, "e": _d(m.end_date), "r": label},
                )
            )
        elif m.status == S.REJECTED:
            reasons.append(
                Reason(
                    "rejected",
                    _("Usulan di %(c)s ditolak: %(r)s.") % {"c": name, "r": m.reject_reason or "-"},
                )
            )
        elif m.start_date is not None and m.start_date > day:
            reasons.append(
                Reason(
                    "not_yet_active",
                    _("Kepesertaan %(c)s baru aktif %(s)s, sesudah tanggal kejadian.")
                    % {"c": name, "s": _d(m.start_date)},
                )
            )
        else:
            reasons.append(
                Reason(
                    "not_yet_active",
                    _("Kepesertaan %(c)s belum aktif pada tanggal kejadian (status: %(s)s).")
                    % {"c": name, "s": S(m.status).label},
                )
            )
    return None, reasons


def coverage_on(*, person_id: int, event_date: date, cause: str, today: date) -> CoverageVerdict:
    """Whether ``person_id`` was covered on ``event_date`` for the programme ``cause`` implies."""
    return coverage_many({person_id: event_date}, cause=cause, today=today)[person_id]


def coverage_many(
    events: dict[int, date], *, cause: str, today: date
) -> dict[int, CoverageVerdict]:
    """:func:`coverage_on` for many persons at once (person id → event date): two queries."""
    programme = programme_for_cause(cause)
    ids = list(events)
    found = memberships_on(ids, events)
    statuses: dict[tuple[int, date], str] = {}
    months = {day.replace(day=1) for day in events.values()}
    rows = CoverageMonth.objects.filter(
        person_id__in=ids, programme=programme, month__in=months
    ).values_list("person_id", "month", "status")
    for pid, month, status in rows:
        statuses[(pid, month)] = status
    return {
        pid: decide(found[pid], statuses.get((pid, day.replace(day=1))), day, programme, today)
        for pid, day in events.items()
    }


def decide(
    found: list[Membership], month_status: str | None, event_date: date, programme: str, today: date
) -> CoverageVerdict:
    """The verdict from the person's memberships in period and the event month's status."""
    verdict = CoverageVerdict(programme=programme)
    verdict.deadline, verdict.expired = _expiry(event_date, programme, today)
    membership, reasons = _choose(found, event_date)
    verdict.membership = membership
    verdict.reasons.extend(reasons)
    if membership is not None:
        month = event_date.replace(day=1)
        args = {"p": programme.upper(), "m": month.strftime("%m-%Y")}
        if month_status is None:
            verdict.reasons.append(
                Reason("month_not_funded", _("Iuran %(p)s bulan %(m)s tidak didanai.") % args)
            )
        elif month_status == CoverageStatus.PLANNED:
            verdict.reasons.append(
                Reason(
                    "month_not_billed",
                    _("Iuran %(p)s bulan %(m)s baru direncanakan, belum ditagih dan dibayar.")
                    % args,
                )
            )
        elif month_status == CoverageStatus.BILLED:
            verdict.reasons.append(
                Reason(
                    "month_unpaid",
                    _("Iuran %(p)s bulan %(m)s sudah ditagih tetapi belum dibayar.") % args,
                )
            )
    if verdict.expired:
        verdict.reasons.append(
            Reason(
                "expired",
                _("Klaim lewat waktu: lebih dari 5 tahun sejak kejadian (batas %(d)s).")
                % {"d": _d(verdict.deadline)},
            )
        )
    verdict.covered = not verdict.reasons
    if verdict.covered and membership is not None:
        verdict.reasons.append(
            Reason(
                "covered",
                _("Terlindungi: kepesertaan %(c)s aktif dan iuran %(p)s bulan %(m)s sudah dibayar.")
                % {
                    "c": membership.cohort.name,
                    "p": programme.upper(),
                    "m": event_date.strftime("%m-%Y"),
                },
            )
        )
    return verdict
