"""Field types of a procedure version, their validators, conditions and pages.

A version's fields are a JSON list of dicts:

    {"key": "enfants", "type": "repetition", "label": "Vos enfants", "required": false,
     "help": "...", "glossary": ["quotient-familial"], "profile_key": "household.children",
     "condition": {"field": "a_enfants", "op": "eq", "value": true},
     "choices": ["..."],                               # choice / multiple_choice
     "accept": ["image", "pdf"], "max_bytes": 1000000, "multiple": false, "one_pdf": false,  # file
     "fields": [...], "item_label": "Enfant"}          # repetition (no files, no sections inside)

Conditions: {"field": key, "op": "eq"|"not_eq"|"in", "value": ...}, {"and": [...]}, {"or": [...]}.
A field hidden by its condition is never required and its value is dropped.
Every parser here raises ValidationError with a plain-French message."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from relais.procedures import field_types
from relais.procedures.field_types import REGISTRY, display_value, input_fields, is_empty
from relais.procedures.field_types.commune import clean_commune
from relais.procedures.field_types.date import parse_date
from relais.procedures.field_types.decimal import format_decimal, parse_decimal
from relais.procedures.field_types.email import normalize_email
from relais.procedures.field_types.file import FILE_KINDS, KIND_CONTENT_TYPES
from relais.procedures.field_types.iban import IBAN_LENGTHS, format_iban, iban_checksum_ok, normalize_iban
from relais.procedures.field_types.integer import parse_integer
from relais.procedures.field_types.nir import format_nir, nir_key, normalize_nir
from relais.procedures.field_types.phone import format_phone, normalize_phone

# The validators live with their types (`relais.procedures.field_types.<kind>`); re-exported here.
__all__ = [
    "FIELD_TYPES",
    "FILE_KINDS",
    "IBAN_LENGTHS",
    "KIND_CONTENT_TYPES",
    "STRUCTURE_TYPES",
    "clean_commune",
    "clean_value",
    "display_value",
    "export_value",
    "format_decimal",
    "format_iban",
    "format_nir",
    "format_phone",
    "iban_checksum_ok",
    "input_fields",
    "is_empty",
    "nir_key",
    "normalize_email",
    "normalize_iban",
    "normalize_nir",
    "normalize_phone",
    "parse_date",
    "parse_decimal",
    "parse_integer",
]

STRUCTURE_TYPES = {kind for kind, field_type in REGISTRY.items() if not field_type.holds_value}
FIELD_TYPES: dict[str, Any] = {kind: field_type.label for kind, field_type in REGISTRY.items()}
CONDITION_OPS = set(field_types.ALL_OPERATORS)
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def _starts_page(field: dict) -> bool:
    field_type = REGISTRY.get(field.get("type"))
    return field_type is not None and field_type.starts_page


def _has_children(field: dict) -> bool:
    field_type = REGISTRY.get(field.get("type"))
    return field_type is not None and field_type.has_children


# --- Definitions ----------------------------------------------------------------------------


def field_by_key(fields: list[dict]) -> dict[str, dict]:
    return {f["key"]: f for f in fields if f.get("key")}


def pages(fields: list[dict]) -> list[dict]:
    """One page per section: [{"title": ..., "fields": [...]}]. Fields before the first section form page 1."""
    result: list[dict] = []
    for field in fields:
        if _starts_page(field):
            result.append({"title": field.get("label", ""), "help": field.get("help", ""), "fields": []})
            continue
        if not result:
            result.append({"title": "", "help": "", "fields": []})
        result[-1]["fields"].append(field)
    return result or [{"title": "", "help": "", "fields": []}]


def validate_definition(fields: list[dict]) -> list[str]:
    """Problems in a list of fields (builder and JSON import). Empty when fine."""
    problems: list[str] = []
    if not isinstance(fields, list):
        return [_("La liste des champs doit être une liste JSON.")]
    seen: set[str] = set()

    def check(field: dict, *, nested: bool) -> None:
        if not isinstance(field, dict):
            problems.append(_("Chaque champ doit être un objet JSON."))
            return
        kind = field.get("type")
        label = field.get("label") or field.get("key") or "?"
        if kind not in FIELD_TYPES:
            problems.append(_("Champ « %(label)s » : type inconnu « %(type)s ».") % {"label": label, "type": kind})
            return
        if not str(field.get("label", "")).strip():
            problems.append(_("Un champ de type « %(type)s » n'a pas de libellé.") % {"type": FIELD_TYPES[kind]})
        field_type = REGISTRY[kind]
        if not field_type.holds_value:
            problems.extend(field_type.definition_problems(field, label=label, nested=nested))
            return
        key = field.get("key", "")
        if not KEY_RE.match(str(key)):
            problems.append(
                _("Champ « %(label)s » : l'identifiant doit être en minuscules, sans accent ni espace.")
                % {"label": label}
            )
        elif key in seen:
            problems.append(
                _("Champ « %(label)s » : l'identifiant « %(key)s » est déjà utilisé.") % {"label": label, "key": key}
            )
        seen.add(str(key))
        problems.extend(field_type.definition_problems(field, label=label, nested=nested))
        if field_type.has_children:
            for child in field.get("fields") or []:
                check(child, nested=True)
        if field.get("condition") is not None:
            problems.extend(_check_condition(field["condition"], label))

    for field in fields:
        check(field, nested=False)
    known = seen
    for field in fields:
        for ref in condition_refs(field.get("condition")):
            if ref not in known:
                problems.append(
                    _("Champ « %(label)s » : la condition parle du champ « %(ref)s » qui n'existe pas.")
                    % {"label": field.get("label", "?"), "ref": ref}
                )
    return problems


def _check_condition(condition: Any, label: str) -> list[str]:
    if not isinstance(condition, dict):
        return [_("Champ « %(label)s » : condition mal écrite.") % {"label": label}]
    for joiner in ("and", "or"):
        if joiner in condition:
            parts = condition[joiner]
            if not isinstance(parts, list) or not parts:
                return [_("Champ « %(label)s » : condition mal écrite.") % {"label": label}]
            return [p for part in parts for p in _check_condition(part, label)]
    if condition.get("op") not in CONDITION_OPS or not condition.get("field"):
        return [
            _("Champ « %(label)s » : condition mal écrite (opérations possibles : eq, not_eq, in, and, or).")
            % {"label": label}
        ]
    return []


def condition_refs(condition: Any) -> list[str]:
    if not isinstance(condition, dict):
        return []
    for joiner in ("and", "or"):
        if joiner in condition and isinstance(condition[joiner], list):
            return [ref for part in condition[joiner] for ref in condition_refs(part)]
    return [condition["field"]] if condition.get("field") else []


def _compare_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    return str(value)


def evaluate(condition: dict | None, data: dict, item: dict | None = None) -> bool:
    """Server-side truth of a condition on the answers (`item`: current repetition item first)."""
    if not condition:
        return True
    if "and" in condition:
        return all(evaluate(part, data, item) for part in condition["and"])
    if "or" in condition:
        return any(evaluate(part, data, item) for part in condition["or"])
    key = condition.get("field")
    source = item if item is not None and key in item else data
    actual = source.get(key)
    expected = condition.get("value")
    op = condition.get("op")
    if isinstance(actual, list):
        actual_set = {_compare_value(v) for v in actual}
        if op == "eq":
            return _compare_value(expected) in actual_set
        if op == "not_eq":
            return _compare_value(expected) not in actual_set
        if op == "in":
            return bool(actual_set & {_compare_value(v) for v in (expected or [])})
        return False
    if op == "eq":
        return _compare_value(actual) == _compare_value(expected)
    if op == "not_eq":
        return _compare_value(actual) != _compare_value(expected)
    if op == "in":
        return _compare_value(actual) in {_compare_value(v) for v in (expected or [])}
    return False


def describe_condition(condition: dict | None, fields: list[dict]) -> str:
    """Plain French: "À remplir si « Avez-vous des enfants ? » est « Oui »"."""
    if not condition:
        return ""
    labels = {f.get("key"): f for f in fields}
    for child_fields in [f.get("fields", []) for f in fields if _has_children(f)]:
        labels.update({f.get("key"): f for f in child_fields})

    def show(value: Any) -> str:
        if value is True:
            return _("Oui")
        if value is False:
            return _("Non")
        return str(value)

    def one(cond: dict) -> str:
        if "and" in cond:
            return _(" et ").join(one(c) for c in cond["and"])
        if "or" in cond:
            return _(" ou ").join(one(c) for c in cond["or"])
        label = labels.get(cond.get("field"), {}).get("label", cond.get("field"))
        if cond.get("op") == "eq":
            return _("vous avez répondu « %(value)s » à « %(label)s »") % {
                "value": show(cond.get("value")),
                "label": label,
            }
        if cond.get("op") == "not_eq":
            return _("vous n'avez pas répondu « %(value)s » à « %(label)s »") % {
                "value": show(cond.get("value")),
                "label": label,
            }
        values = ", ".join(show(v) for v in cond.get("value") or [])
        return _("votre réponse à « %(label)s » est parmi : %(values)s") % {"label": label, "values": values}

    return _("À remplir seulement si %(cond)s.") % {"cond": one(condition)}


# --- Values ---------------------------------------------------------------------------------


def clean_value(field: dict, raw: Any) -> Any:
    """A submitted raw value → the JSON value stored in the dossier. Empty → None."""
    field_type = REGISTRY.get(field["type"])
    if field_type is None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        raise ValidationError(_("Type de champ inconnu."), code="type")
    return field_type.clean(field, raw)


def export_value(field: dict, value: Any) -> str:
    """A stored value as a CSV cell."""
    if is_empty(value):
        return "—"
    field_type = REGISTRY.get(field.get("type"))
    return str(value) if field_type is None else field_type.export(field, value)


def visible_input_fields(fields: list[dict], data: dict) -> list[dict]:
    return [f for f in input_fields(fields) if evaluate(f.get("condition"), data)]


def prune_hidden(fields: list[dict], data: dict) -> dict:
    """Answers without those of fields hidden by their condition (and of unknown keys)."""
    result: dict = {}
    for field in input_fields(fields):
        key = field["key"]
        if key not in data or not evaluate(field.get("condition"), data):
            continue
        if _has_children(field):
            children = input_fields(field.get("fields", []))
            items = []
            for item in data.get(key) or []:
                items.append(
                    {
                        c["key"]: item.get(c["key"])
                        for c in children
                        if evaluate(c.get("condition"), data, item) and c["key"] in item
                    }
                )
            result[key] = items
        else:
            result[key] = data[key]
    return result


def missing_required(fields: list[dict], data: dict) -> dict[str, str]:
    """{field key: plain-French problem} for required visible fields left empty."""
    problems: dict[str, str] = {}
    for field in input_fields(fields):
        if not evaluate(field.get("condition"), data):
            continue
        value = data.get(field["key"])
        if _has_children(field):
            items = value or []
            minimum = int(field.get("min_items") or (1 if field.get("required") else 0))
            if len(items) < minimum:
                problems[field["key"]] = _("Ajoutez au moins %(n)s « %(label)s ».") % {
                    "n": minimum,
                    "label": field.get("item_label") or field["label"],
                }
                continue
            for index, item in enumerate(items, start=1):
                for child in input_fields(field.get("fields", [])):
                    if (
                        child.get("required")
                        and evaluate(child.get("condition"), data, item)
                        and is_empty(item.get(child["key"]))
                    ):
                        problems[field["key"]] = _("%(item)s %(n)s : « %(label)s » est à remplir.") % {
                            "item": field.get("item_label") or field["label"],
                            "n": index,
                            "label": child["label"],
                        }
                        break
                if field["key"] in problems:
                    break
            continue
        if field.get("required") and is_empty(value):
            problems[field["key"]] = _("« %(label)s » est à remplir.") % {"label": field["label"]}
    return problems


def diff(fields: list[dict], old: dict, new: dict, *, file_names: Mapping[int, str] | None = None) -> list[dict]:
    """What changed between two submitted versions: [{"label", "before", "after"}].

    Files are named (`file_names`: attachment id → file name), the added and removed ones marked, so a
    replaced file does not read « 3 fichiers → 3 fichiers »."""
    changes = []
    for field in input_fields(fields):
        key = field["key"]
        before, after = old.get(key), new.get(key)
        if before == after or (is_empty(before) and is_empty(after)):
            continue
        field_type = REGISTRY.get(field.get("type"))
        if field_type is not None and field_type.holds_files:
            before_text, after_text = _files_diff(before, after, file_names or {})
        else:
            before_text, after_text = display_value(field, before), display_value(field, after)
        changes.append({"key": key, "label": field["label"], "before": before_text, "after": after_text})
    return changes


def _files_diff(before, after, names: Mapping[int, str]) -> tuple[str, str]:
    before_ids = [i for i in (before if isinstance(before, list) else [before]) if i is not None]
    after_ids = [i for i in (after if isinstance(after, list) else [after]) if i is not None]

    def name(attachment_id) -> str:
        return names.get(attachment_id) or _("fichier retiré du dossier")

    removed = [_("%(name)s (retiré)") % {"name": name(i)} if i not in after_ids else name(i) for i in before_ids]
    added = [_("%(name)s (nouveau)") % {"name": name(i)} if i not in before_ids else name(i) for i in after_ids]
    return ", ".join(removed) or _("aucun fichier"), ", ".join(added) or _("aucun fichier")
