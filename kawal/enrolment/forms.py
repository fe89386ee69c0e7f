"""Forms of the enrolment pages (labels in Bahasa Indonesia)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kawal.domain.contributions import PROGRAMMES
from kawal.enrolment.decrees import DecreeData
from kawal.enrolment.models import Cohort, EndReason
from kawal.enrolment.services import CohortData
from kawal.registry.models import PovertySource

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CohortForm(forms.ModelForm):
    programmes = forms.MultipleChoiceField(
        label=_("Program"),
        choices=[(c, c.upper()) for c in PROGRAMMES],
        widget=forms.CheckboxSelectMultiple,
    )
    poverty_sources = forms.MultipleChoiceField(
        label=_("Sumber data kemiskinan"),
        choices=PovertySource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "segment",
            "fiscal_year",
            "period_start",
            "period_end",
            "legal_basis",
            "programmes",
            "funding_source",
            "budget_account",
            "min_age",
            "max_age",
            "max_desil",
            "poverty_sources",
            "poverty_period_from",
            "quota",
            "replace_from_reserve",
        ]
        widgets = {"period_start": DATE, "period_end": DATE, "poverty_period_from": DATE}

    def to_data(self) -> CohortData:
        return CohortData(**{name: self.cleaned_data[name] for name in self.Meta.fields})


class DecreeForm(forms.Form):
    # Embedded in the cohort page's bulk form and needed only for "approve": no HTML
    # ``required`` (it would block every other bulk action); the view validates it.
    use_required_attribute = False

    title = forms.CharField(label=_("Judul SK"), max_length=300)
    number = forms.CharField(label=_("Nomor SK"), max_length=120, required=False)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DATE)
    signer_name = forms.CharField(label=_("Nama penanda tangan"), max_length=150, required=False)
    signer_title = forms.CharField(
        label=_("Jabatan penanda tangan"), max_length=150, required=False
    )

    def to_data(self) -> DecreeData:
        return DecreeData(**self.cleaned_data)


class EndForm(forms.Form):
    use_required_attribute = False  # embedded in the bulk form, needed only for "end"

    reason = forms.ChoiceField(label=_("Alasan berakhir"), choices=EndReason.choices)
    end_date = forms.DateField(label=_("Tanggal berakhir"), widget=DATE)


class LifeEventForm(forms.Form):
    event = forms.ChoiceField(
        label=_("Peristiwa"),
        choices=[("death", _("Meninggal dunia")), ("moved", _("Pindah keluar daerah"))],
    )
    on = forms.DateField(label=_("Tanggal"), widget=DATE)
