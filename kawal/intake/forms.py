"""Upload form for an import file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kawal.accounts.models import Role, User
from kawal.intake.files import ALLOWED_SUFFIXES
from kawal.intake.models import MappingPreset, Source


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Jenis data"), choices=Source.choices)
    file = forms.FileField(
        label=_("Berkas (CSV atau XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )
    data_period = forms.DateField(
        label=_("Periode data (untuk DTSEN/DTKS/P3KE)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Tanggal awal periode data; kosong = bulan ini."),
    )
    preset = forms.ModelChoiceField(
        label=_("Format kolom tersimpan"), queryset=MappingPreset.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.role == Role.VILLAGE_OPERATOR:
            self.fields["source"].choices = [(Source.VILLAGE, Source.VILLAGE.label)]
        sources = dict(self.fields["source"].choices)
        presets = MappingPreset.objects.filter(pemda_id=user.pemda_id, source__in=list(sources))
        self.fields["preset"].queryset = presets
        # The presets of the user's pemda, grouped under the source each one is for.
        groups: dict[str, list[tuple[int, str]]] = {}
        for preset in presets:
            groups.setdefault(preset.source, []).append((preset.pk, preset.name))
        self.fields["preset"].choices = [
            ("", _("— tanpa format tersimpan —")),
            *((sources[source], groups[source]) for source in sources if source in groups),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        preset = data.get("preset")
        if preset and preset.source != data.get("source"):
            self.add_error("preset", _("Format kolom ini untuk jenis data lain."))
        return data
