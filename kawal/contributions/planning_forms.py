"""The planner's form: target cohort, pagu (rupiah), months and the priority order."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kawal.contributions.planning import PlanInput
from kawal.domain.planner import DEFAULT_PRIORITY, PRIORITY_KEYS

PRIORITY_CHOICES = [("", "—"), *PRIORITY_KEYS.items()]
MAX_BUDGET = 10**15  # Rp 1 kuadriliun: beyond any regency's APBD


class RupiahField(forms.CharField):
    """Whole rupiah as people type it: ``2101478400``, ``2.101.478.400`` or ``Rp 2.101.478.400``."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        digits = re.sub(r"^rp\.?\s*", "", text.strip(), flags=re.IGNORECASE)
        digits = re.sub(r"[.\s]", "", digits)
        if not digits.isdigit():
            raise forms.ValidationError(
                _("Pagu harus angka rupiah utuh, misalnya 2.101.478.400."), code="invalid"
            )
        amount = int(digits)
        if amount > MAX_BUDGET:
            raise forms.ValidationError(_("Pagu terlalu besar."), code="max_value")
        return amount


class PlanForm(forms.Form):
    kohort = forms.ModelChoiceField(label=_("Kohort tujuan"), queryset=None)
    pagu = RupiahField(
        label=_("Pagu (Rp)"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "maxlength": 30, "placeholder": "2.101.478.400"}
        ),
    )
    bulan = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=60)
    p1 = forms.ChoiceField(label=_("Prioritas 1"), choices=PRIORITY_CHOICES[1:])
    p2 = forms.ChoiceField(label=_("Prioritas 2"), choices=PRIORITY_CHOICES, required=False)
    p3 = forms.ChoiceField(label=_("Prioritas 3"), choices=PRIORITY_CHOICES, required=False)

    def __init__(self, *args: Any, cohorts: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kohort"].queryset = cohorts  # type: ignore[attr-defined]
        for name, key in zip(("p1", "p2", "p3"), DEFAULT_PRIORITY, strict=True):
            self.fields[name].initial = key

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        keys = [data.get(name) for name in ("p1", "p2", "p3") if data.get(name)]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError(_("Setiap prioritas hanya boleh dipilih sekali."))
        data["priority"] = tuple(keys)
        return data

    def to_input(self) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(
            cohort_id=data["kohort"].pk,
            budget=data["pagu"],
            months=data["bulan"],
            priority=data["priority"],
        )
