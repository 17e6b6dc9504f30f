"""Decimal numbers, written the French way (comma): stored as a string ("612.5")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


def parse_decimal(raw: str) -> Decimal:
    """ "1 234,56" or "1234.56" → Decimal. Comma is the French decimal mark."""
    text = re.sub(r"[\s\u00a0\u202f\u2009]", "", str(raw).strip()).replace("€", "")
    if "," in text:
        if text.count(",") > 1:
            raise ValidationError(
                _("Un nombre ne peut avoir qu'une seule virgule (par exemple 1 234,50)."), code="decimal"
            )
        text = text.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?\d{1,15}(\.\d{1,6})?", text):
        raise ValidationError(_("Écrivez un nombre avec une virgule si besoin (par exemple 612,50)."), code="decimal")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guarantees it
        raise ValidationError(_("Ce nombre n'est pas valide."), code="decimal") from exc


def format_decimal(value: Decimal | str) -> str:
    return str(Decimal(str(value))).replace(".", ",")


class DecimalType(FieldType):
    kind = "decimal"
    label = gettext_lazy("Nombre à virgule")
    position = 60
    sample = "1 234,56"

    def parse(self, spec: dict, text: str) -> str:
        return str(parse_decimal(text))

    def display(self, spec: dict, value) -> str:
        return format_decimal(value)

    def initial(self, spec: dict, value):
        return format_decimal(value)

    def form_field(self, spec: dict, **common) -> forms.Field:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
