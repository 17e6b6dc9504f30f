"""Communes: stored as {"code": INSEE code, "name": "Name (postcode)"}; picked with the commune picker."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType
from relais.territory.models import Commune
from relais.territory.widgets import CommuneField


def clean_commune(raw: Any) -> dict:
    """A Commune, its INSEE code, a {"code"} dict, a name or a postcode → {"code", "name"}."""
    if hasattr(raw, "code") and hasattr(raw, "name"):
        commune = raw
    else:
        text = str(raw.get("code") or raw.get("name") or "") if isinstance(raw, dict) else str(raw).strip()
        commune = Commune.objects.filter(code=text).first() if re.fullmatch(r"\d[\dAB]\d{3}", text) else None
        if commune is None:
            commune = Commune.objects.search(text).first()
    if commune is None:
        raise ValidationError(
            _("Nous ne trouvons pas cette commune : écrivez son nom ou son code postal."), code="commune"
        )
    postcode = (commune.postcodes or "").split()[:1]
    return {"code": commune.code, "name": f"{commune.name} ({postcode[0]})" if postcode else commune.name}


class CommuneType(FieldType):
    kind = "commune"
    label = gettext_lazy("Commune")
    position = 140
    sample = "69259"  # Vénissieux (the registry test creates it)

    def clean(self, spec: dict, raw: Any) -> dict | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return clean_commune(raw)

    def display(self, spec: dict, value) -> str:
        if isinstance(value, dict):
            return str(value.get("name") or value.get("code"))
        return str(value)

    def initial(self, spec: dict, value):
        return value.get("code") if isinstance(value, dict) else value

    def form_field(self, spec: dict, **common) -> forms.Field:
        return CommuneField(**common)

    def plain_form_field(self, spec: dict, **common) -> forms.Field:
        """A plain text input (name or postcode), resolved when saved."""
        common = {**common, "help_text": _("Son nom ou son code postal.")}
        return forms.CharField(max_length=200, **common)

    def plain_initial(self, spec: dict, value):
        return value.get("name") if isinstance(value, dict) else self.initial(spec, value)
