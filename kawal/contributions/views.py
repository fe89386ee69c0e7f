"""Bills, reconciliation and budget pages: finance (BPKAD) and the Dinas admin write, the
auditor and the insurer liaison read. Everything is limited to the user's pemda; anything
else is a 404.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kawal.accounts.services import audit_record, client_ip
from kawal.contributions import selectors
from kawal.contributions.chart import chart_bars, realisation_svg
from kawal.contributions.coverage import CoverageError, coverage_generate
from kawal.contributions.forms import BudgetLineForm, GenerateForm, InvoiceForm, PaymentForm
from kawal.contributions.models import (
    Bill,
    CoverageConflict,
    CoverageRun,
    Difference,
    Payment,
    Reconciliation,
)
from kawal.contributions.reconcile import InvoiceError, reconciliation_run, upload_dir
from kawal.contributions.services import PaymentError, budget_line_add, payment_record
from kawal.domain.contributions import ContributionError
from kawal.enrolment.models import Cohort
from kawal.pipelines.intake.read import IntakeFileError

PAGE_SIZE = 50


def _not_found() -> Http404:
    return Http404(_("Data tidak ditemukan."))


def _cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    cohort = selectors.cohorts_for(request.user).filter(pk=cohort_id).first()
    if cohort is None:
        raise _not_found()
    return cohort


def cohort_list(request: HttpRequest) -> HttpResponse:
    if not selectors.can_read(request.user):
        raise _not_found()
    cohorts = selectors.cohorts_for(request.user).order_by("-fiscal_year", "name")
    return render(request, "contributions/cohort_list.html", {"cohorts": cohorts})


def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    bills = list(Bill.objects.filter(cohort=cohort).order_by("month"))
    runs = CoverageRun.objects.filter(cohort=cohort)[:5]
    conflicts = (
        CoverageConflict.objects.filter(run__cohort=cohort)
        .select_related("person", "person__domicile_village", "held_by_cohort")
        .order_by("-run_id", "person__name_normalised", "month")[:100]
    )
    as_of = timezone.localdate()
    if bills and bills[-1].month < as_of:
        as_of = bills[-1].month
    context = {
        "cohort": cohort,
        "bills": bills,
        "billed_total": sum(b.total for b in bills),
        "runs": runs,
        "conflicts": conflicts,
        "arrears": selectors.arrears(cohort, as_of),
        "reconciliations": Reconciliation.objects.filter(cohort=cohort)[:10],
        "generate_form": GenerateForm(
            initial={"first": cohort.period_start, "last": cohort.period_end}
        ),
        "invoice_form": InvoiceForm(),
        "can_write": selectors.can_write(request.user),
    }
    return render(request, "contributions/cohort_detail.html", context)


@require_POST
def cohort_generate(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    if not selectors.can_write(request.user):
        return HttpResponseForbidden(_("Peran Anda tidak boleh membuat tagihan."))
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bulan tidak valid."))
        return redirect("contributions:cohort", cohort_id=cohort.pk)
    try:
        result = coverage_generate(
            actor=request.user,
            cohort=cohort,
            first=form.cleaned_data["first"],
            last=form.cleaned_data["last"],
        )
    except (CoverageError, ContributionError) as exc:
        messages.error(request, str(exc))
        return redirect("contributions:cohort", cohort_id=cohort.pk)
    messages.success(
        request,
        _("%(rows)s bulan-kepesertaan dibuat, %(bills)s tagihan baru, %(conflicts)s bentrok.")
        % {"rows": result.inserted, "bills": result.bills, "conflicts": result.conflicts},
    )
    return redirect("contributions:cohort", cohort_id=cohort.pk)


@require_POST
def cohort_reconcile(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    if not selectors.can_write(request.user):
        return HttpResponseForbidden(_("Peran Anda tidak boleh mencocokkan tagihan."))
    form = InvoiceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas tagihan."))
        return redirect("contributions:cohort", cohort_id=cohort.pk)
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"tagihan{suffix if suffix in ('.csv', '.xlsx') else '.csv'}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            rec = reconciliation_run(
                actor=request.user,
                cohort=cohort,
                path=path,
                file_name=upload.name,
                template=form.cleaned_data["template"],
            )
        except (InvoiceError, IntakeFileError) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
            return redirect("contributions:cohort", cohort_id=cohort.pk)
    return redirect("contributions:reconciliation", rec_id=rec.pk)


def reconciliation_detail(request: HttpRequest, rec_id: int) -> HttpResponse:
    rec = selectors.reconciliations_for(request.user).filter(pk=rec_id).first()
    if rec is None:
        raise _not_found()
    category = request.GET.get("kategori", "")
    items = rec.items.all()
    if category in Difference.values:
        items = items.filter(category=category)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [(c, label, rec.counts.get(c, 0)) for c, label in Difference.choices]
    return render(
        request,
        "contributions/reconciliation.html",
        {
            "rec": rec,
            "page": page,
            "tabs": tabs,
            "category": category,
            "labels": dict(Difference.choices),
        },
    )


def bill_detail(request: HttpRequest, bill_id: int) -> HttpResponse:
    bill = selectors.bills_for(request.user).filter(pk=bill_id).first()
    if bill is None:
        raise _not_found()
    form = PaymentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not selectors.can_pay(request.user):
            return HttpResponseForbidden(_("Hanya Keuangan (BPKAD) yang mencatat pembayaran."))
        if form.is_valid():
            try:
                result = payment_record(
                    actor=request.user,
                    bill=bill,
                    paid_on=form.cleaned_data["paid_on"],
                    amount=form.cleaned_data["amount"],
                    reference=form.cleaned_data["reference"],
                    document=form.cleaned_data["document"],
                )
            except PaymentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Pembayaran dicatat; %(n)s bulan-kepesertaan lunas.")
                    % {"n": result.months_marked_paid},
                )
                return redirect("contributions:bill", bill_id=bill.pk)
    payments = list(bill.payments.all())
    context = {
        "bill": bill,
        "lines": bill.lines.all(),
        "payments": payments,
        "paid": sum(p.amount for p in payments),
        "form": form,
        "can_pay": selectors.can_pay(request.user),
    }
    return render(request, "contributions/bill_detail.html", context)


def payment_document(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = Payment.objects.filter(
        pk=payment_id, bill__in=selectors.bills_for(request.user)
    ).first()
    if payment is None or not payment.document:
        raise _not_found()
    path = (upload_dir() / payment.document).resolve()
    if not path.is_relative_to(upload_dir().resolve()) or not path.exists():
        raise _not_found()
    audit_record(
        actor=request.user,
        action="contributions.payment_document",
        object_type="contributions.payment",
        object_id=payment.pk,
        pemda_id=request.user.pemda_id,
        ip_address=client_ip(request),
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=payment.document_name)


def budget(request: HttpRequest) -> HttpResponse:
    if not selectors.can_read(request.user):
        raise _not_found()
    try:
        year = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    cohorts = selectors.cohorts_for(request.user)
    form = BudgetLineForm(request.POST or None, cohorts=cohorts, initial={"fiscal_year": year})
    if request.method == "POST":
        if not selectors.can_pay(request.user):
            return HttpResponseForbidden(_("Hanya Keuangan (BPKAD) yang mengisi pagu anggaran."))
        if form.is_valid():
            data = form.cleaned_data
            budget_line_add(
                actor=request.user,
                fiscal_year=data["fiscal_year"],
                stage=data["stage"],
                account_code=data["account_code"],
                account_name=data["account_name"],
                programme=data["programme"],
                funding_source=data["funding_source"],
                cohort_id=data["cohort"].pk if data["cohort"] else None,
                amount=data["amount"],
            )
            messages.success(request, _("Baris anggaran ditambahkan."))
            return redirect(f"{request.path}?tahun={data['fiscal_year']}")
    rows = selectors.realisation(request.user, year)
    in_force = selectors.current_ceiling(rows)
    context = {
        "year": year,
        "rows": rows,
        "total": sum(r.line.amount for r in in_force),
        "chart": realisation_svg(
            chart_bars(in_force), title=_("Realisasi terhadap pagu %(year)s") % {"year": year}
        )
        if in_force
        else "",
        "can_export": selectors.can_write(request.user),
        "projection": selectors.projection(request.user, year + 1),
        "form": form,
        "can_pay": selectors.can_pay(request.user),
        "years": [year - 1, year + 1],
    }
    return render(request, "contributions/budget.html", context)
