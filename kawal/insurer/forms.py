"""Forms of the exchange pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kawal.accounts.models import User
from kawal.domain.insurer_layouts import layouts_of
from kawal.enrolment.models import Cohort

_ACCEPT = {"accept": ".csv,.txt,.xlsx"}


def _cohorts(user: User) -> Any:
    return Cohort.objects.filter(pemda_id=user.pemda_id)


class ExportForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Kohort"), queryset=Cohort.objects.none())
    layout = forms.ChoiceField(
        label=_("Format pendaftaran"),
        required=False,
        choices=[("", _("Sesuai segmen kohort"))]
        + [(x.code, x.label) for x in layouts_of("registration")],
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = _cohorts(user)


class ResponseForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Kohort"), queryset=Cohort.objects.none())
    file = forms.FileField(
        label=_("Berkas jawaban BPJS (CSV atau XLSX)"),
        widget=forms.ClearableFileInput(attrs=_ACCEPT),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = _cohorts(user)


class RosterForm(forms.Form):
    file = forms.FileField(
        label=_("Daftar peserta dari BPJS (CSV atau XLSX)"),
        widget=forms.ClearableFileInput(attrs=_ACCEPT),
    )


class DeathsForm(forms.Form):
    file = forms.FileField(
        label=_("Data kematian dari Dukcapil atau desa (CSV atau XLSX: NIK, tanggal meninggal)"),
        widget=forms.ClearableFileInput(attrs=_ACCEPT),
    )
