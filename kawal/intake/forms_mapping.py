"""The column mapping form: one field choice per file column, optionally saved as a preset."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kawal.domain.intake_sources import FIELD_LABELS, REQUIRED
from kawal.intake.mapping import PRESET_NAME_MAX, mapping_errors
from kawal.pipelines.intake.headers import field_label, map_headers, source_fields

IGNORE = ""


class ColumnMappingForm(forms.Form):
    """``col0``, ``col1``, … choose the field of each file column (``""`` ignores it).

    ``cleaned_data["mapping"]`` is ``{file column: field or ""}`` for every column once valid:
    no field chosen twice and every requirement of the source met.
    """

    save_preset = forms.BooleanField(
        label=_lazy("Simpan pemetaan ini sebagai format kolom untuk unggahan berikutnya"),
        required=False,
    )
    preset_name = forms.CharField(
        label=_lazy("Nama format"),
        max_length=PRESET_NAME_MAX,
        required=False,
        help_text=_lazy("Format dengan nama yang sama akan diperbarui."),
    )

    def __init__(
        self,
        *args: Any,
        columns: list[str],
        source: str,
        initial_mapping: Mapping[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.columns, self.source = columns, source
        offered = list(source_fields(source))
        offered += [
            n
            for n in dict.fromkeys(initial_mapping.values())
            if n in FIELD_LABELS and n not in offered
        ]
        required = {req[0] for req in REQUIRED[source] if len(req) == 1}
        choices = [(IGNORE, _("— abaikan kolom ini —"))]
        choices += [(name, _choice_label(name, name in required)) for name in offered]
        for index, column in enumerate(columns):
            self.fields[self.field_name(index)] = forms.ChoiceField(
                label=column,
                choices=choices,
                required=False,
                initial=initial_mapping.get(column, IGNORE),
            )

    @staticmethod
    def field_name(index: int) -> str:
        return f"col{index}"

    def column_fields(self) -> Iterator[tuple[str, forms.BoundField]]:
        """(file column, its bound select) in file order."""
        for index, column in enumerate(self.columns):
            yield column, self[self.field_name(index)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = {
            column: data.get(self.field_name(index)) or IGNORE
            for index, column in enumerate(self.columns)
        }
        mapping = map_headers(self.columns, source=self.source, preset=chosen)
        for name, columns in mapping.duplicates.items():
            for index, column in enumerate(self.columns):
                if column in columns:
                    message = _("%(field)s juga dipilih untuk kolom lain.")
                    self.add_error(self.field_name(index), message % {"field": field_label(name)})
        for message in mapping_errors(mapping):
            self.add_error(None, message)
        if data.get("save_preset") and not (data.get("preset_name") or "").strip():
            self.add_error("preset_name", _("Beri nama format kolom yang akan disimpan."))
        data["mapping"] = chosen
        return data


def _choice_label(name: str, required: bool) -> str:
    """The field's Indonesian label, marked when the source requires it."""
    label = FIELD_LABELS[name]
    return _("%(label)s (wajib)") % {"label": label} if required else label
