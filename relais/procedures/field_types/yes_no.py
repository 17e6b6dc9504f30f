"""Yes / no questions: stored as a boolean."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType

YES_NO = [("yes", gettext_lazy("Oui")), ("no", gettext_lazy("Non"))]


class YesNoType(FieldType):
    kind = "yes_no"
    label = gettext_lazy("Oui / non")
    position = 80
    operators = ("eq", "not_eq")
    sample = "oui"

    def parse(self, spec: dict, text: str) -> bool:
        if text in {"yes", "oui", "true", "1", "True"}:
            return True
        if text in {"no", "non", "false", "0", "False"}:
            return False
        raise ValidationError(_("Répondez par oui ou par non."), code="yes_no")

    def display(self, spec: dict, value) -> str:
        return _("Oui") if value else _("Non")

    def initial(self, spec: dict, value) -> str:
        return "yes" if value else "no"

    def form_field(self, spec: dict, **common) -> forms.Field:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
