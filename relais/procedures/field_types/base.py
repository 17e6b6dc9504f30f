"""The base of every field type: one subclass per type, in its own module of this package.

A field type holds everything Relais knows about one kind of question:

- `clean(spec, raw)`: a submitted raw value → the JSON value stored in the dossier (empty → None);
  `parse(spec, text)` does the work on the stripped text; errors are `ValidationError`s in plain French.
- `display(spec, value)`: a stored value in plain French (summaries, diffs);
- `initial(spec, value)`: a stored value as shown again in its input;
- `form_field(spec, **common)`: the `django.forms` field (and widget) of the question;
- `export(spec, value)`: the CSV cell (a string);
- `operators`: the conditional-logic operators a condition on this field may use;
- `sample`: a raw value the type accepts (the registry test round-trips it);
- `definition_problems(spec, label, nested)`: what is wrong in the builder's definition of the field.

Subclasses register themselves (`kind` set and not abstract) in `REGISTRY`, ordered by `position`."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGISTRY: dict[str, FieldType] = {}
ALL_OPERATORS = ("eq", "not_eq", "in")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class FieldType:
    kind: ClassVar[str] = ""
    label: ClassVar[Any] = ""
    position: ClassVar[int] = 1000  # order in the builder's list of types
    operators: ClassVar[tuple[str, ...]] = ALL_OPERATORS
    sample: ClassVar[Any] = None
    holds_value: ClassVar[bool] = True  # False: a section header or an explanation
    starts_page: ClassVar[bool] = False  # a section: a new page of the form
    holds_files: ClassVar[bool] = False  # values are attachment ids, filled by uploads
    has_children: ClassVar[bool] = False  # a repetition block and its child fields
    layout: ClassVar[str] = "field"  # how a page shows it: field, explanation, file, repetition

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            if cls.kind in REGISTRY:
                raise RuntimeError(f"Field type {cls.kind!r} is declared twice.")
            REGISTRY[cls.kind] = cls()

    @property
    def prefillable(self) -> bool:
        """A value that can come from the person's profile or a partner (not files nor blocks)."""
        return self.holds_value and not self.holds_files and not self.has_children

    # --- Values -----------------------------------------------------------------------------

    def clean(self, spec: dict, raw: Any) -> Any:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return self.parse(spec, str(raw).strip())

    def parse(self, spec: dict, text: str) -> Any:
        raise ValidationError(_("Type de champ inconnu."), code="type")

    def display(self, spec: dict, value: Any) -> str:
        return str(value)

    def initial(self, spec: dict, value: Any) -> Any:
        return value

    def export(self, spec: dict, value: Any) -> str:
        return self.display(spec, value)

    # --- Screens ----------------------------------------------------------------------------

    def form_field(self, spec: dict, **common) -> forms.Field:
        return forms.CharField(max_length=500, **common)

    def plain_form_field(self, spec: dict, **common) -> forms.Field:
        """The field where a plain input is wanted (the profile form): the form field by default."""
        return self.form_field(spec, **common)

    def plain_initial(self, spec: dict, value: Any) -> Any:
        return self.initial(spec, value)

    # --- Definition -------------------------------------------------------------------------

    def definition_problems(self, spec: dict, *, label: str, nested: bool) -> list[str]:
        return []


def get(kind: str | None, default: str | None = None) -> FieldType:
    """The field type of `kind` (the `default` kind's when unknown and a default is given)."""
    try:
        return REGISTRY[kind]
    except KeyError:
        if default is None:
            raise
        return REGISTRY[default]


def input_fields(fields: list[dict]) -> list[dict]:
    """Fields that hold a value (no section headers or explanations; unknown types count as values)."""
    return [f for f in fields if f.get("type") not in REGISTRY or REGISTRY[f["type"]].holds_value]


def display_value(spec: dict, value: Any) -> str:
    """A stored value in plain French for summaries, diffs and exports ("—" when empty)."""
    if is_empty(value):
        return "—"
    field_type = REGISTRY.get(spec.get("type"))
    return str(value) if field_type is None else field_type.display(spec, value)
