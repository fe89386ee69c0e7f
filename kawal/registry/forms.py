"""Forms for creating and editing people; the NIK rules run here and inline as the user types."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kawal.accounts.models import User
from kawal.accounts.scope import region_scope
from kawal.domain.phones import normalise_phone
from kawal.regions.models import Region
from kawal.registry.models import (
    OCCUPATION_CHOICES,
    AdhocBody,
    MaritalStatus,
    PovertySource,
    Segment,
    Sex,
    WorkUnit,
)
from kawal.registry.services import PersonData

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.parent.name} — {obj.label}" if obj.parent else obj.label


class PersonForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=24)
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "—"), *Sex.choices])
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE_INPUT)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=80, required=False)
    mother_name = forms.CharField(label=_("Nama ibu kandung"), max_length=150, required=False)
    marital_status = forms.ChoiceField(
        label=_("Status kawin"), choices=[("", "—"), *MaritalStatus.choices], required=False
    )
    address = forms.CharField(label=_("Alamat"), max_length=250, required=False)
    rt = forms.CharField(label=_("RT"), max_length=3, required=False)
    rw = forms.CharField(label=_("RW"), max_length=3, required=False)
    domicile_village = VillageChoiceField(
        label=_("Desa/kelurahan domisili"), queryset=Region.objects.none()
    )
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"), choices=[("", "—"), *OCCUPATION_CHOICES], required=False
    )
    date_of_death = forms.DateField(label=_("Tanggal meninggal"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domicile_village"].queryset = (
            Region.objects.filter(region_scope(user), level=Region.Level.VILLAGE, valid_to=None)
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        nik = self.fields["nik"].widget
        nik.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone") or ""
        if not raw.strip():
            return ""
        phone = normalise_phone(raw)
        if phone is None:
            raise forms.ValidationError(_("Nomor HP tidak sah (contoh: 0812xxxxxxxx)."))
        return phone

    def to_data(self) -> PersonData:
        c = self.cleaned_data
        return PersonData(
            nik=c["nik"],
            full_name=c["full_name"],
            sex=c["sex"],
            birth_date=c["birth_date"],
            domicile_village_id=c["domicile_village"].code,
            birth_place=c["birth_place"].strip(),
            mother_name=c["mother_name"].strip(),
            marital_status=c["marital_status"],
            address=c["address"].strip(),
            rt=c["rt"].strip(),
            rw=c["rw"].strip(),
            phone=c["phone"],
            occupation=c["occupation"],
            date_of_death=c["date_of_death"],
        )


class PersonEditForm(PersonForm):
    """Editing never shows the stored NIK (that would be an unaudited reveal): the field starts
    empty and keeps the current NIK unless a new one is typed."""

    reason = forms.CharField(
        label=_("Alasan perubahan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, current_nik: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_nik = current_nik
        self.fields["nik"].required = False
        self.fields["nik"].help_text = _("Kosongkan jika NIK tidak berubah.")

    def to_data(self) -> PersonData:
        data = super().to_data()
        return replace(data, nik=data.nik or self.current_nik)


class PovertyRecordForm(forms.Form):
    source = forms.ChoiceField(label=_("Sumber data"), choices=PovertySource.choices)
    desil = forms.IntegerField(label=_("Desil"), min_value=1, max_value=10)
    period = forms.DateField(
        label=_("Periode data"), widget=DATE_INPUT, help_text=_("Tanggal awal periode data")
    )


class SegmentForm(forms.Form):
    segment = forms.ChoiceField(label=_("Segmen"), choices=Segment.choices)
    work_unit = forms.ModelChoiceField(
        label=_("Unit kerja (OPD)"), queryset=WorkUnit.objects.none(), required=False
    )
    wage = forms.IntegerField(label=_("Upah per bulan (Rp)"), min_value=0, required=False)
    adhoc_body = forms.ChoiceField(
        label=_("Badan ad hoc"), choices=[("", "—"), *AdhocBody.choices], required=False
    )
    election = forms.CharField(label=_("Pemilihan/tahapan"), max_length=80, required=False)
    position = forms.CharField(label=_("Jabatan"), max_length=80, required=False)
    start_date = forms.DateField(label=_("Mulai"), widget=DATE_INPUT, required=False)
    end_date = forms.DateField(label=_("Selesai"), widget=DATE_INPUT, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].queryset = WorkUnit.objects.filter(pemda_id=user.pemda_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        segment = data.get("segment")
        if segment == Segment.NON_ASN and not data.get("work_unit"):
            self.add_error("work_unit", _("Pegawai non-ASN wajib punya unit kerja."))
        if segment == Segment.ADHOC:
            if not data.get("adhoc_body"):
                self.add_error("adhoc_body", _("Pilih badan ad hoc."))
            if not (data.get("start_date") and data.get("end_date")):
                self.add_error("end_date", _("Badan ad hoc wajib punya tanggal mulai dan selesai."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai sebelum tanggal mulai."))
        return data

    def details(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "work_unit": c["work_unit"],
            "wage": c["wage"],
            "adhoc_body": c["adhoc_body"],
            "election": c["election"].strip(),
            "position": c["position"].strip(),
            "start_date": c["start_date"],
            "end_date": c["end_date"],
        }
