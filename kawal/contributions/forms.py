"""Forms of the contributions pages (labels in Bahasa Indonesia)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kawal.contributions.models import FUNDING_CHOICES, PROGRAMME_CHOICES, BudgetStage
from kawal.contributions.reconcile import TEMPLATES


class MonthField(forms.DateField):
    """``YYYY-MM`` → the first day of that month."""

    input_formats = ["%Y-%m"]
    widget = forms.DateInput(attrs={"type": "month"})


class GenerateForm(forms.Form):
    first = MonthField(label=_("Dari bulan"))
    last = MonthField(label=_("Sampai bulan"))


class InvoiceForm(forms.Form):
    file = forms.FileField(label=_("Berkas tagihan BPJS (CSV/XLSX)"))
    template = forms.ChoiceField(
        label=_("Format kolom"), choices=[(t.code, t.label) for t in TEMPLATES.values()]
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Tanggal bayar"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=1)
    reference = forms.CharField(label=_("Nomor SP2D / bukti transfer"), max_length=100)
    document = forms.FileField(label=_("Dokumen (PDF/JPG/PNG)"), required=False)


class BudgetLineForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2015, max_value=2100)
    stage = forms.ChoiceField(label=_("Tahapan"), choices=BudgetStage.choices)
    account_code = forms.CharField(label=_("Kode rekening"), max_length=40)
    account_name = forms.CharField(label=_("Uraian"), max_length=200, required=False)
    programme = forms.ChoiceField(
        label=_("Program"), choices=[("", _("Semua program")), *PROGRAMME_CHOICES], required=False
    )
    funding_source = forms.ChoiceField(label=_("Sumber dana"), choices=FUNDING_CHOICES)
    cohort = forms.ModelChoiceField(label=_("Kohort"), queryset=None, required=False)
    amount = forms.IntegerField(label=_("Pagu (Rp)"), min_value=0)

    def __init__(self, *args: object, cohorts: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cohort"].queryset = cohorts  # type: ignore[attr-defined]
