"""Dates: typed as day/month/year or picked; stored as an ISO string."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


def parse_date(raw: str) -> str:
    """ "2026-03-01" or "01/03/2026" → ISO date string."""
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            value = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= value.year <= 2100:
            break
        return value.isoformat()
    raise ValidationError(_("Écrivez la date sous la forme jour/mois/année, par exemple 14/07/1990."), code="date")


class DateType(FieldType):
    kind = "date"
    label = gettext_lazy("Date")
    position = 70
    sample = "14/07/1990"

    def parse(self, spec: dict, text: str) -> str:
        return parse_date(text)

    def display(self, spec: dict, value) -> str:
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)

    def form_field(self, spec: dict, **common) -> forms.Field:
        widget = forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d")
        return forms.CharField(widget=widget, **common)
