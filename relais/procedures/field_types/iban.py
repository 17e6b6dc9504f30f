"""Bank account numbers (IBAN), checked with their mod-97 key."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType

IBAN_LENGTHS = {
    "FR": 27,
    "DE": 22,
    "BE": 16,
    "ES": 24,
    "IT": 27,
    "PT": 25,
    "LU": 20,
    "MC": 27,
    "NL": 18,
    "CH": 21,
    "GB": 22,
    "AT": 20,
    "IE": 22,
    "PL": 28,
    "RO": 24,
    "MA": 28,
    "TN": 24,
    "DZ": 26,
    "SN": 28,
}


def iban_checksum_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def normalize_iban(raw: str) -> str:
    """ "fr76 3000 6000 0112 3456 7890 189" → "FR7630006000011234567890189" when the mod-97 key is right."""
    text = re.sub(r"[\s\u00a0\-]", "", str(raw)).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", text):
        raise ValidationError(
            _("Un IBAN commence par 2 lettres (FR pour la France) puis des chiffres : recopiez-le depuis votre RIB."),
            code="iban",
        )
    expected = IBAN_LENGTHS.get(text[:2])
    if expected and len(text) != expected:
        raise ValidationError(
            _("Cet IBAN n'a pas le bon nombre de caractères (%(n)s au lieu de %(expected)s) : vérifiez sur votre RIB.")
            % {"n": len(text), "expected": expected},
            code="iban_length",
        )
    if not iban_checksum_ok(text):
        raise ValidationError(
            _(
                "Cet IBAN contient une erreur de frappe (la clé de contrôle ne correspond pas) : "
                "vérifiez chaque chiffre sur votre RIB."
            ),
            code="iban_checksum",
        )
    return text


def format_iban(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


class IbanType(FieldType):
    kind = "iban"
    label = gettext_lazy("IBAN (coordonnées bancaires)")
    position = 150
    sample = "fr76 3000 6000 0112 3456 7890 189"

    def parse(self, spec: dict, text: str) -> str:
        return normalize_iban(text)

    def display(self, spec: dict, value) -> str:
        return format_iban(value)

    def initial(self, spec: dict, value) -> str:
        return format_iban(value)

    def form_field(self, spec: dict, **common) -> forms.Field:
        widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        return forms.CharField(widget=widget, **common)
