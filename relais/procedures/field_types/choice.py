"""One answer among the `choices` of the definition."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


def choices_problems(spec: dict, label: str) -> list[str]:
    if [c for c in spec.get("choices", []) if str(c).strip()]:
        return []
    return [_("Champ « %(label)s » : indiquez au moins un choix.") % {"label": label}]


class ChoiceType(FieldType):
    kind = "choice"
    label = gettext_lazy("Choix unique")
    position = 90
    sample = "Locataire"
    sample_spec = {"choices": ["Locataire", "Propriétaire"]}

    def parse(self, spec: dict, text: str) -> str:
        if text not in [str(c) for c in spec.get("choices", [])]:
            raise ValidationError(_("Choisissez parmi les réponses proposées."), code="choice")
        return text

    def form_field(self, spec: dict, **common) -> forms.Field:
        choices = [(str(c), str(c)) for c in spec.get("choices", [])]
        if len(choices) > 6:
            return forms.ChoiceField(choices=[("", _("Choisissez"))] + choices, **common)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)

    def definition_problems(self, spec: dict, *, label: str, nested: bool) -> list[str]:
        return choices_problems(spec, label)
