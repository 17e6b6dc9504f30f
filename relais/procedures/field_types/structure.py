"""Section headers (each starts a page) and explanations: shown, never answered."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.procedures.field_types.base import FieldType


class SectionType(FieldType):
    kind = "section"
    label = gettext_lazy("Titre de partie (nouvelle page)")
    position = 10
    operators = ()
    holds_value = False
    starts_page = True
    layout = "section"

    def definition_problems(self, spec: dict, *, label: str, nested: bool) -> list[str]:
        return [_("Un bloc répété ne peut pas contenir de titre de partie.")] if nested else []


class ExplanationType(FieldType):
    kind = "explanation"
    label = gettext_lazy("Explication")
    position = 20
    operators = ()
    holds_value = False
    layout = "explanation"
