"""The "Perencanaan anggaran" page: with Rp X for N months, who can we cover? Save as proposals.

Every role may look (each sees only the candidates in their own scope); saving is for the roles
that propose (village operator, Dinas admin). The page recomputes the plan on every request,
so what it shows is always current; saving checks the fingerprint of what was shown.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kawal.accounts.models import Role
from kawal.contributions import planning
from kawal.contributions.planning_forms import PlanForm
from kawal.domain.planner import PRIORITY_KEYS, PlanError
from kawal.enrolment.errors import EnrolmentError, OutOfScope
from kawal.enrolment.selectors import cohorts_visible
from kawal.enrolment.services import PROPOSE_ROLES

PAGE_SIZE = 50
LISTS = ("terpilih", "cadangan")


def _form(request: HttpRequest, data: object) -> PlanForm:
    if not request.user.is_authenticated or request.user.role not in planning.PLAN_ROLES:
        raise Http404(_("Data tidak ditemukan."))
    return PlanForm(data, cohorts=cohorts_visible(request.user).order_by("-fiscal_year", "name"))


def _initial(request: HttpRequest, form: PlanForm) -> dict[str, object]:
    """Defaults for a cohort picked from a link (``?kohort=ID``): its period and its pagu."""
    cohort = cohorts_visible(request.user).filter(pk=request.GET.get("kohort") or 0).first()
    if cohort is None:
        return {}
    ceiling = planning.budget_ceiling(cohort)
    return {
        "kohort": cohort.pk,
        "bulan": planning.period_months(cohort),
        "pagu": f"{ceiling:,}".replace(",", ".") if ceiling is not None else "",
    }


def plan_page(request: HttpRequest) -> HttpResponse:
    submitted = "pagu" in request.GET
    form = _form(request, request.GET if submitted else None)
    context: dict[str, object] = {"form": form, "keys": PRIORITY_KEYS}
    if not submitted:
        form.initial.update(_initial(request, form))
        return render(request, "contributions/plan.html", context)
    if form.is_valid():
        try:
            result = planning.plan_compute(request.user, form.to_input())
        except OutOfScope as exc:
            raise Http404(exc.message) from exc
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            context |= _result_context(request, result)
    return render(request, "contributions/plan.html", context)


def _result_context(request: HttpRequest, result: planning.CohortPlan) -> dict[str, object]:
    shown = request.GET.get("daftar", "terpilih")
    shown = shown if shown in LISTS else "terpilih"
    ids = result.plan.selected if shown == "terpilih" else result.plan.reserve
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    first = (page.number - 1) * PAGE_SIZE + 1
    query = request.GET.copy()
    query.pop("page", None)
    base = request.GET.copy()
    for key in ("page", "daftar"):
        base.pop(key, None)
    return {
        "result": result,
        "plan": result.plan,
        "last_month": planning.last_month(result),
        "shown": shown,
        "page": page,
        "rows": planning.plan_rows(result, list(page.object_list), first_rank=first),
        "query": query.urlencode(),
        "base_query": base.urlencode(),
        "priority_labels": [PRIORITY_KEYS[k] for k in result.plan.priority],
        "can_save": request.user.role in PROPOSE_ROLES,
        "can_set_quota": request.user.role == Role.DINAS_ADMIN,
    }


@require_POST
def plan_save(request: HttpRequest) -> HttpResponse:
    form = _form(request, request.POST)
    back = "?" + urlencode({k: request.POST.get(k, "") for k in PlanForm.base_fields})
    if not form.is_valid():
        messages.error(request, _("Isian rencana tidak valid; hitung ulang rencana."))
        return redirect(f"{_plan_url()}{back}")
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Centang konfirmasi untuk menyimpan rencana."))
        return redirect(f"{_plan_url()}{back}")
    try:
        saved = planning.plan_save(
            actor=request.user,
            inputs=form.to_input(),
            fingerprint_shown=request.POST.get("fingerprint", ""),
            set_quota=request.POST.get("set_quota") == "1",
        )
    except (EnrolmentError, OutOfScope, PlanError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
        return redirect(f"{_plan_url()}{back}")
    messages.success(
        request,
        _("Rencana disimpan: %(p)d orang diusulkan, %(r)d di daftar cadangan.")
        % {"p": saved.proposed, "r": saved.reserved},
    )
    return redirect("enrolment:detail", cohort_id=form.cleaned_data["kohort"].pk)


def _plan_url() -> str:
    return reverse("contributions:plan")
