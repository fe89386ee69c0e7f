"""Forms of the report pages: regulations, innovations, the Inpres report and the dossier."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from kawal.reports.inpres import Semester, SemesterError, parse_semester, semester_of
from kawal.reports.models import RegulationKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegulationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=RegulationKind.choices)
    number = forms.CharField(label=_("Nomor"), max_length=120)
    title = forms.CharField(label=_("Judul / tentang"), max_length=300)
    signed_on = forms.DateField(label=_("Tanggal ditetapkan"), widget=DATE)
    in_force_from = forms.DateField(label=_("Berlaku mulai"), widget=DATE)
    in_force_to = forms.DateField(
        label=_("Berlaku sampai (kosongkan bila masih berlaku)"), widget=DATE, required=False
    )
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("in_force_from"), data.get("in_force_to")
        if start and end and end < start:
            self.add_error(
                "in_force_to", _("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai.")
            )
        return data


class InnovationForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2015, max_value=2100)
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}))


def semester_choices(today: date, count: int = 8) -> list[tuple[str, str]]:
    """The current semester and the ``count - 1`` before it, newest first."""
    current = semester_of(today)
    result = []
    for _i in range(count):
        result.append((current.code, current.label))
        current = current.previous()
    return result


class InpresForm(forms.Form):
    semester = forms.CharField(label=_("Semester"), max_length=7, widget=forms.Select)
    reporting_date = forms.DateField(label=_("Tanggal laporan"), widget=DATE)
    signer_role = forms.ChoiceField(
        label=_("Penanda tangan"),
        choices=[("kepala_dinas", _("Kepala Dinas")), ("bupati", _("Bupati / Wali Kota"))],
    )
    signer_name = forms.CharField(label=_("Nama penanda tangan"), max_length=150, required=False)
    signer_nip = forms.CharField(label=_("NIP"), max_length=30, required=False)
    notes = forms.CharField(
        label=_("Permasalahan dan catatan (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["semester"].widget.choices = semester_choices(today)  # type: ignore[attr-defined]

    def clean_semester(self) -> Semester:
        try:
            return parse_semester(self.cleaned_data["semester"])
        except SemesterError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_signer_nip(self) -> str:
        nip = self.cleaned_data["signer_nip"].replace(" ", "")
        if nip and not (nip.isdigit() and len(nip) == 18):
            raise forms.ValidationError(_("NIP terdiri dari 18 angka."))
        return nip


class DossierForm(forms.Form):
    as_of = forms.DateField(label=_("Keadaan per tanggal"), widget=DATE)
