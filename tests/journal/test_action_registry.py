"""Every journal action recorded anywhere in relais/ is declared once, with a French and an English
sentence whose placeholders the renderer fills; recording an undeclared action raises.

The codes are collected statically (AST): the `action` argument of every call to `journal_record`
and to any helper that forwards its `action` parameter to it (found by a fixed point), resolving
string literals, conditional expressions, module-level dicts (`JOURNAL_ACTIONS[to]`) and the
f-strings listed in `FSTRING_VALUES` (each with the set of values it can take)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from relais.journal import actions, rendering
from relais.journal.models import Entry
from relais.journal.services import journal_record
from relais.procedures import services as procedure_services
from relais.procedures.journal_actions import READ_KINDS
from relais.procedures.states import TRANSITIONS

ROOT = Path(__file__).resolve().parents[2] / "relais"


def _read_kinds() -> set[str]:
    """Values of `what` passed to dossier_record_read anywhere (and its default)."""
    kinds = {"dossier"}
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "dossier_record_read":
                for keyword in node.keywords:
                    if keyword.arg == "what" and isinstance(keyword.value, ast.Constant):
                        kinds.add(keyword.value.value)
    return kinds


# f-string actions: their source text → every value they can take.
FSTRING_VALUES = {
    "dossier.{move.name}": {f"dossier.{move.name}" for move in TRANSITIONS.values()},
    "dossier.read.{what}": {f"dossier.read.{what}" for what in READ_KINDS},
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _modules() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts
    }


def _action_argument(call: ast.Call, positional_index: int | None) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "action":
            return keyword.value
    if positional_index is not None and len(call.args) > positional_index:
        return call.args[positional_index]
    return None


def _forwarders(modules) -> dict[str, int | None]:
    """Functions that pass their own `action` parameter on to journal_record (directly or not):
    name → index of `action` among positional parameters (None: keyword-only)."""
    forwarders: dict[str, int | None] = {"journal_record": None}
    changed = True
    while changed:
        changed = False
        for tree in modules.values():
            for func in ast.walk(tree):
                if not isinstance(func, ast.FunctionDef) or func.name in forwarders:
                    continue
                params = [a.arg for a in func.args.posonlyargs + func.args.args]
                if "action" not in params and "action" not in [a.arg for a in func.args.kwonlyargs]:
                    continue
                for call in ast.walk(func):
                    if isinstance(call, ast.Call) and _name(call.func) in forwarders:
                        value = _action_argument(call, forwarders[_name(call.func)])
                        if isinstance(value, ast.Name) and value.id == "action":
                            forwarders[func.name] = params.index("action") if "action" in params else None
                            changed = True
                            break
    return forwarders


def _module_dicts(tree: ast.Module) -> dict[str, list[str]]:
    result = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and isinstance(getattr(node, "value", None), ast.Dict):
            result[target.id] = [v.value for v in node.value.values if isinstance(v, ast.Constant)]
    return result


def _resolve(value: ast.expr, tree: ast.Module, where: str) -> set[str]:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return {value.value}
    if isinstance(value, ast.IfExp):
        return _resolve(value.body, tree, where) | _resolve(value.orelse, tree, where)
    if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name):
        values = _module_dicts(tree).get(value.value.id)
        assert values, f"{where}: cannot resolve {ast.unparse(value)}"
        return set(values)
    if isinstance(value, ast.JoinedStr):
        source = ast.unparse(value)[2:-1]
        assert source in FSTRING_VALUES, f"{where}: f-string action {source!r}: list its values in FSTRING_VALUES"
        return FSTRING_VALUES[source]
    raise AssertionError(f"{where}: cannot resolve the journal action {ast.unparse(value)}")


def recorded_actions() -> dict[str, str]:
    """Every action code recorded in relais/ → where (path:line)."""
    modules = _modules()
    forwarders = _forwarders(modules)
    found: dict[str, str] = {}
    for path, tree in modules.items():
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and _name(call.func) in forwarders):
                continue
            value = _action_argument(call, forwarders[_name(call.func)])
            where = f"{path.relative_to(ROOT.parent)}:{call.lineno}"
            if value is None or (isinstance(value, ast.Name) and value.id == "action"):
                continue  # a forwarder passing its own parameter on
            for code in _resolve(value, tree, where):
                found.setdefault(code, where)
    return found


def test_the_static_walk_finds_the_actions_of_every_domain():
    found = recorded_actions()
    assert len(found) > 50
    for code in (
        "mandate.activated",
        "dossier.accept",
        "dossier.read.attachment",
        "document.opened",
        "directory.place_hidden",
        "account.signup",
        "rights.profile_opened",
        "organisation.member_added",
    ):
        assert code in found, code
    assert _read_kinds() <= set(READ_KINDS)  # a new `what` must be declared in READ_KINDS
    assert callable(procedure_services.dossier_record_read)


def test_every_recorded_action_is_declared():
    missing = {code: where for code, where in recorded_actions().items() if not actions.is_declared(code)}
    assert not missing, f"undeclared journal actions: {missing}"


def test_every_declared_action_is_recorded_somewhere():
    unused = set(actions.declared()) - set(recorded_actions())
    assert not unused, f"declared but never recorded: {sorted(unused)}"


def _entry(action: actions.Action, *, on_behalf: bool) -> Entry:
    return Entry(
        action=action.code,
        actor_label="Sami Dupont",
        organisation_id=1,
        object_type="procedures.dossier",
        object_id="4",
        on_behalf_of_id=2 if on_behalf else None,
        details={key: "7" for key in action.details} | {"category": "logement"},
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_declared_action_has_a_sentence_the_renderer_fills(language):
    french = {}
    for code, action in sorted(actions.declared().items()):
        assert action.category in actions.CATEGORIES
        for sentence in action.sentences():
            assert action.placeholders(sentence) <= action.fillable(), code
        for on_behalf in (False, True):
            entry = _entry(action, on_behalf=on_behalf)
            with translation.override("fr"):
                french[code, on_behalf] = rendering.entry_sentence(entry, organisation_name="La CAF du Rhône")
            with translation.override(language):
                values = rendering.placeholder_values(entry, organisation_name="La CAF du Rhône")
                sentence = str(action.sentence_for(entry))
                missing = action.placeholders(sentence) - set(values)
                assert not missing, (code, missing)
                text = rendering.entry_sentence(entry, organisation_name="La CAF du Rhône")
            assert "%(" not in text and rendering.MISSING not in text and code not in text, (code, text)
            if language == "en":
                assert text != french[code, on_behalf], f"{code}: no English sentence in the catalogue"


def test_the_sentence_of_an_accepted_dossier():
    entry = Entry(action="dossier.accept", organisation_id=3, object_type="procedures.dossier", object_id="4")
    with translation.override("fr"):
        assert rendering.entry_sentence(entry, organisation_name="La CAF du Rhône") == (
            "La CAF du Rhône a accepté votre dossier D-000004"
        )
    with translation.override("en"):
        assert rendering.entry_sentence(entry, organisation_name="La CAF du Rhône") == (
            "La CAF du Rhône accepted your application D-000004"
        )


@pytest.mark.django_db
def test_recording_an_undeclared_action_raises():
    with pytest.raises(actions.UndeclaredAction, match="not.declared"):
        journal_record(action="not.declared", details={})
    assert not Entry.objects.exists()
    with actions.declared_for_test("not.declared"):
        journal_record(action="not.declared")
    assert not actions.is_declared("not.declared")
    assert Entry.objects.count() == 1


def test_an_action_is_declared_once():
    with pytest.raises(ValueError, match="twice"):
        actions.declare("dossier.accept", category=actions.DOSSIER, sentence="x")
    with pytest.raises(ValueError, match="category"):
        actions.declare("x.y", category="nope", sentence="x")


def test_the_journal_imports_no_domain():
    for path in (ROOT / "journal").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                for name in names:
                    if name.startswith("relais."):
                        assert re.match(r"relais\.(journal|core)\b", name), f"{path}: imports {name}"
