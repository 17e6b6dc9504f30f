"""The field types registry: every type has every part, and round-trips its sample value."""

import pytest
from django import forms

from relais.procedures import field_types
from relais.procedures import fields as F_
from relais.procedures.field_types import REGISTRY, FieldType
from relais.www.procedures.forms import FieldForm, django_field, initial_for
from tests.factories import CommuneFactory

PARTS = ("clean", "parse", "display", "initial", "form_field", "export", "definition_problems")


def spec_for(field_type: FieldType, **extra) -> dict:
    spec = {"key": "champ", "type": field_type.kind, "label": "Une question", "required": False}
    if field_type.holds_files:
        spec.update(accept=["image", "pdf"], max_bytes=1_000_000)
    spec.update(getattr(field_type, "sample_spec", {}))
    spec.update(extra)
    return spec


@pytest.fixture
def venissieux(db):
    return CommuneFactory(code="69259", name="Vénissieux", postcodes="69200")


def test_every_type_is_registered_once_under_its_kind():
    assert REGISTRY
    for kind, field_type in REGISTRY.items():
        assert isinstance(field_type, FieldType)
        assert field_type.kind == kind
        assert field_types.get(kind) is field_type
    positions = [t.position for t in REGISTRY.values()]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_kind_choices_are_the_registry():
    """The builder's list of types and the definition checks know exactly the registered types."""
    assert list(F_.FIELD_TYPES) == list(REGISTRY)
    assert [value for value, _label in FieldForm.base_fields["type"].choices] == list(REGISTRY)
    assert F_.STRUCTURE_TYPES == {k for k, t in REGISTRY.items() if not t.holds_value}


@pytest.mark.parametrize("kind", list(REGISTRY))
def test_every_type_has_every_part(kind):
    field_type = REGISTRY[kind]
    for part in PARTS:
        assert callable(getattr(field_type, part, None)), f"{kind} has no {part}"
    assert str(field_type.label)
    assert set(field_type.operators) <= F_.CONDITION_OPS
    assert isinstance(field_type.layout, str) and field_type.layout
    assert isinstance(field_type.form_field(spec_for(field_type), label="Q", required=False), forms.Field)
    assert field_type.definition_problems(spec_for(field_type), label="Q", nested=False) == []
    if field_type.holds_value:
        assert field_type.sample is not None, f"{kind} has no sample value"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k, t in REGISTRY.items() if t.holds_value])
def test_sample_value_round_trips(kind, venissieux):
    field_type = REGISTRY[kind]
    spec = spec_for(field_type)
    value = F_.clean_value(spec, field_type.sample)
    assert value is not None
    # What the input shows again (the display for the person) parses back to the same value.
    assert F_.clean_value(spec, initial_for(spec, value)) == value
    displayed = F_.display_value(spec, value)
    assert isinstance(displayed, str) and displayed and displayed != "—"
    exported = F_.export_value(spec, value)
    assert isinstance(exported, str) and exported
    assert F_.export_value(spec, None) == "—"
    assert F_.clean_value(spec, None) is None


@pytest.mark.parametrize("kind", [k for k, t in REGISTRY.items() if not t.holds_value])
def test_structure_types_hold_no_answer(kind):
    spec = spec_for(REGISTRY[kind])
    assert F_.input_fields([spec]) == []
    assert REGISTRY[kind].operators == ()


@pytest.mark.parametrize(
    "kind", [k for k, t in REGISTRY.items() if t.holds_value and not t.holds_files and not t.has_children]
)
def test_page_form_fields_come_from_the_type(kind):
    field_type = REGISTRY[kind]
    spec = spec_for(field_type, required=True)
    built = django_field(spec)
    assert type(built) is type(field_type.form_field(spec, label="", required=True))
    assert built.required
