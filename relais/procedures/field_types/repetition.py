"""A block of child fields answered once per item (one per child, ...): the value is a list of dicts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType, display_value, get, input_fields


class RepetitionType(FieldType):
    kind = "repetition"
    label = gettext_lazy("Bloc répété (par exemple un par enfant)")
    position = 180
    operators = ()
    has_children = True
    layout = "repetition"
    sample = [{"prenom": "Léa", "age": "4"}]
    sample_spec = {
        "item_label": "Enfant",
        "fields": [
            {"key": "prenom", "type": "text", "label": "Prénom"},
            {"key": "age", "type": "integer", "label": "Âge"},
        ],
    }

    def clean(self, spec: dict, raw: Any) -> list[dict] | None:
        """Each item's answers cleaned by its child field's type (keys not given are left out)."""
        if raw is None:
            return None
        if not isinstance(raw, list):
            raise ValidationError(_("Type de champ inconnu."), code="type")
        children = input_fields(spec.get("fields", []))
        return [
            {c["key"]: get(c["type"]).clean(c, entry.get(c["key"])) for c in children if c["key"] in entry}
            for entry in raw
        ]

    def display(self, spec: dict, value) -> str:
        parts = []
        for index, item in enumerate(value, start=1):
            inner = "; ".join(
                f"{f.get('label')} : {display_value(f, item.get(f.get('key')))}"
                for f in input_fields(spec.get("fields", []))
            )
            parts.append(f"{spec.get('item_label') or spec.get('label')} {index} ({inner})")
        return " | ".join(parts)

    def initial(self, spec: dict, value):
        return value

    def form_field(self, spec: dict, **common) -> forms.Field:
        """The page form holds one field per child and item; the block itself only counts its items."""
        return forms.IntegerField(min_value=0, max_value=30, **common)

    def definition_problems(self, spec: dict, *, label: str, nested: bool) -> list[str]:
        problems = []
        if nested:
            problems.append(_("Un bloc répété ne peut pas contenir un autre bloc répété."))
        if not spec.get("fields"):
            problems.append(_("Bloc « %(label)s » : ajoutez au moins un champ dans le bloc.") % {"label": label})
        return problems
