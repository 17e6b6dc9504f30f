"""A street address (the commune is its own type)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.text import TextType


class AddressType(TextType):
    kind = "address"
    label = gettext_lazy("Adresse")
    position = 130
    sample = "12 rue de la République"

    def form_field(self, spec: dict, **common) -> forms.Field:
        widget = forms.TextInput(attrs={"autocomplete": "street-address"})
        return forms.CharField(max_length=500, widget=widget, **common)
