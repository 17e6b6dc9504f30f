"""Field types of procedure versions, as a registry: one class per type, one module per type.

    from relais.procedures import field_types

    field_types.get("iban").clean(spec, "FR76 3000 ...")
    field_types.REGISTRY          # {"section": SectionType(), ..., "repetition": RepetitionType()}

Adding a type touches one file: write `relais/procedures/field_types/<kind>.py` with a subclass of
`FieldType` (see `base.py` for the parts it holds). Every module of this package is imported below,
and each subclass with a `kind` registers itself; `REGISTRY` is ordered by `position`."""

from __future__ import annotations

import importlib
import pkgutil

from relais.procedures.field_types.base import (
    ALL_OPERATORS,
    REGISTRY,
    FieldType,
    display_value,
    get,
    input_fields,
    is_empty,
)

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

_ordered = sorted(REGISTRY.values(), key=lambda t: t.position)
REGISTRY.clear()
REGISTRY.update((t.kind, t) for t in _ordered)
del _module, _ordered

__all__ = ["ALL_OPERATORS", "REGISTRY", "FieldType", "display_value", "get", "input_fields", "is_empty"]
