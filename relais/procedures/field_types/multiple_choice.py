"""Several answers among the `choices` of the definition: stored as a list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType
from relais.procedures.field_types.choice import choices_problems


class MultipleChoiceType(FieldType):
    kind = "multiple_choice"
    label = gettext_lazy("Choix multiples")
    position = 100
    sample = ["Vélo", "Bus"]
    sample_spec = {"choices": ["Vélo", "Bus", "Voiture"]}

    def clean(self, spec: dict, raw: Any) -> list[str] | None:
        values = [str(v) for v in (raw or []) if str(v).strip()]
        allowed = [str(c) for c in spec.get("choices", [])]
        if [v for v in values if v not in allowed]:
            raise ValidationError(_("Choisissez parmi les réponses proposées."), code="choice")
        return values or None

    def display(self, spec: dict, value) -> str:
        return ", ".join(str(v) for v in value)

    def form_field(self, spec: dict, **common) -> forms.Field:
        choices = [(str(c), str(c)) for c in spec.get("choices", [])]
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)

    def definition_problems(self, spec: dict, *, label: str, nested: bool) -> list[str]:
        return choices_problems(spec, label)
