"""Forms of the claim pages (Indonesian labels; the services do the real checks)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kawal.claims.models import ClaimCause, ClaimKind, ClaimSource
from kawal.domain.benefit_tables import LEVELS
from kawal.domain.heirs import RELATIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    person = forms.IntegerField(
        label=_("Orang"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Pilih orangnya.")},
    )
    kind = forms.ChoiceField(label=_("Jenis peristiwa"), choices=ClaimKind.choices)
    event_date = forms.DateField(label=_("Tanggal kejadian"), widget=DATE)
    cause = forms.ChoiceField(label=_("Penyebab"), choices=ClaimCause.choices, initial="other")
    place = forms.CharField(label=_("Tempat kejadian"), max_length=200, required=False)
    source = forms.ChoiceField(label=_("Dilaporkan oleh"), choices=ClaimSource.choices)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("Berkas (PDF/JPG/PNG)"))


class SubmitForm(forms.Form):
    submitted_on = forms.DateField(label=_("Tanggal diajukan ke BPJS"), widget=DATE)


class PayForm(forms.Form):
    amount = forms.IntegerField(label=_("Jumlah dibayar (Rp)"), min_value=1)
    paid_on = forms.DateField(label=_("Tanggal dibayar"), widget=DATE)
    reference = forms.CharField(label=_("Nomor referensi BPJS"), max_length=100)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=250)


HEIR_ROWS = 6
RELATION_CHOICES = [("", "—")] + [(code, label) for code, label in RELATIONS.items()]
LEVEL_CHOICES = [("", _("belum/tidak sekolah"))] + [(code, code.upper()) for code in LEVELS]


class HeirForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150, required=False)
    relation = forms.ChoiceField(label=_("Hubungan"), choices=RELATION_CHOICES, required=False)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE, required=False)
    alive = forms.BooleanField(label=_("Masih hidup"), required=False, initial=True)
    married = forms.BooleanField(label=_("Menikah"), required=False)
    working = forms.BooleanField(label=_("Bekerja"), required=False)
    school_level = forms.ChoiceField(label=_("Jenjang"), choices=LEVEL_CHOICES, required=False)
    school_year = forms.IntegerField(
        label=_("Kelas/tahun ke"), min_value=1, max_value=6, required=False
    )


HeirFormSet = forms.formset_factory(HeirForm, extra=0, max_num=HEIR_ROWS)
