"""French social security numbers (NIR): 13 characters and a 2-digit key (Corsica: 2A / 2B)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


def nir_key(body13: str) -> int:
    """Key of a NIR's 13 first characters (2A → 19, 2B → 18 for the computation)."""
    number = body13.upper().replace("2A", "19", 1) if body13[5:7].upper() == "2A" else body13
    number = number.upper().replace("2B", "18", 1) if body13[5:7].upper() == "2B" else number
    return 97 - int(number) % 97


def normalize_nir(raw: str) -> str:
    """French social security number: 13 characters + 2-digit key (Corsica: 2A / 2B)."""
    text = re.sub(r"[\s\u00a0.\-]", "", str(raw)).upper()
    if not re.fullmatch(r"[1-478]\d{4}(\d{2}|2A|2B)\d{6}\d{2}", text):
        raise ValidationError(
            _(
                "Le numéro de sécurité sociale a 15 chiffres (13 chiffres puis une clé de 2 chiffres), "
                "par exemple 2 84 05 69 123 456 78. Il est sur votre carte Vitale."
            ),
            code="nir",
        )
    month = int(text[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        raise ValidationError(
            _("Le mois de naissance dans ce numéro (4e et 5e chiffres) n'est pas valide."), code="nir_month"
        )
    if nir_key(text[:13]) != int(text[13:]):
        raise ValidationError(
            _(
                "Ce numéro de sécurité sociale contient une erreur de frappe (la clé ne correspond pas) : "
                "vérifiez sur votre carte Vitale."
            ),
            code="nir_key",
        )
    return text


def format_nir(value: str) -> str:
    if len(value or "") != 15:
        return value or ""
    return f"{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:10]} {value[10:13]} {value[13:]}"


class NirType(FieldType):
    kind = "nir"
    label = gettext_lazy("Numéro de sécurité sociale")
    position = 160
    sample = "2 84 05 69 123 456 40"

    def parse(self, spec: dict, text: str) -> str:
        return normalize_nir(text)

    def display(self, spec: dict, value) -> str:
        return format_nir(value)

    def initial(self, spec: dict, value) -> str:
        return format_nir(value)

    def form_field(self, spec: dict, **common) -> forms.Field:
        widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        return forms.CharField(widget=widget, **common)
