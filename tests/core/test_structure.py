"""The shape of the code base (issue #9), checked on the source: module sizes, imports of Relais modules
placed inside functions, no probing for modules that might be missing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

import relais.journal
from relais.core.apps import RelaisAppConfig

ROOT = Path(__file__).resolve().parents[2] / "relais"
MAX_LINES = 500
MAX_FUNCTION_IMPORTS = 15
# Generated from openfisca-france (see relais/rights/analysis.py): not hand-written.
GENERATED = {"relais/rights/constant_variables.py"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).as_posix()
        if "/migrations/" in rel:
            continue
        yield rel, path.read_text(encoding="utf-8")


def _is_relais(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and (node.module or "").split(".")[0] == "relais"
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "relais" for alias in node.names)
    return False


def function_level_imports() -> list[tuple[str, int, str]]:
    found = []
    for rel, source in _modules():
        lines = source.splitlines()
        tree = ast.parse(source)
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom) and _is_relais(node):
                    # the explanation may stand at the end of the line or on the line above
                    above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                    text = lines[node.lineno - 1] + ("  " + above if above.startswith("#") else "")
                    found.append((rel, node.lineno, text))
    # a nested function is walked twice (by itself and by its parent)
    return sorted(set(found))


def test_no_hand_written_module_over_500_lines():
    too_long = [
        f"{rel}: {len(source.splitlines())} lines"
        for rel, source in _modules()
        if rel not in GENERATED and len(source.splitlines()) > MAX_LINES
    ]
    assert not too_long, "split these modules by sub-flow:\n" + "\n".join(too_long)


def test_function_level_imports_of_relais_modules_are_few_and_explained():
    imports = function_level_imports()
    uncommented = [f"{rel}:{line}: {text.strip()}" for rel, line, text in imports if "#" not in text]
    assert not uncommented, "say on the line which cycle (or which slow start-up) the import avoids:\n" + "\n".join(
        uncommented
    )
    assert len(imports) <= MAX_FUNCTION_IMPORTS, "\n".join(f"{rel}:{line}" for rel, line, _ in imports)


def test_no_model_lookup_by_name_and_no_probing_for_missing_relais_modules():
    offenders = []
    for rel, source in _modules():
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "get_model":
                offenders.append(
                    f"{rel}:{node.lineno}: apps.get_model (import the model, or let an upper layer compose)"
                )
            if isinstance(node, ast.Try):
                catches_import_error = any(
                    isinstance(handler.type, ast.Name)
                    and handler.type.id in {"ImportError", "ModuleNotFoundError"}
                    or isinstance(handler.type, ast.Tuple)
                    and any(getattr(e, "id", "") in {"ImportError", "ModuleNotFoundError"} for e in handler.type.elts)
                    for handler in node.handlers
                )
                if catches_import_error and any(_is_relais(n) for b in node.body for n in ast.walk(b)):
                    offenders.append(f"{rel}:{node.lineno}: except ImportError around a Relais import")
            if isinstance(node, ast.Compare) and "__class__.__name__" in ast.unparse(node):
                offenders.append(f"{rel}:{node.lineno}: exception matched by class name")
    assert not offenders, "\n".join(offenders)


def module_level_gettext_calls(source: str) -> list[int]:
    """Lines where `gettext` (imported as `_`) is called outside any function: such a text is translated once,
    at import, in the default language, and an English visitor then reads French (use gettext_lazy there)."""
    tree = ast.parse(source)
    plain = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in {"gettext", "ngettext", "pgettext"}
    }
    found = []

    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if not in_function and isinstance(child, ast.Call) and getattr(child.func, "id", None) in plain:
                found.append(child.lineno)
            walk(child, inside)

    walk(tree, False)
    return found


def test_no_text_is_translated_at_import_time():
    offenders = [f"{rel}:{line}" for rel, source in _modules() for line in module_level_gettext_calls(source)]
    assert not offenders, "use gettext_lazy for texts built at import time:\n" + "\n".join(offenders)


def test_the_gettext_check_sees_module_level_calls():
    source = (
        "from django.utils.translation import gettext as _\n"
        "DAYS = [_('lundi')]\n"
        "def f():\n    return _('mardi')\n"
        "LATER = lambda: _('mercredi')\n"
    )
    assert module_level_gettext_calls(source) == [2]


def test_the_counter_sees_imports_inside_functions(tmp_path, monkeypatch):
    """The checks above must be able to fail: a module with a function-level import is found."""
    package = tmp_path / "relais"
    package.mkdir()
    (package / "sample.py").write_text("def f():\n    from relais.core import errors\n    return errors\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", package)
    assert function_level_imports() == [("relais/sample.py", 2, "    from relais.core import errors")]
    # without an explanation, the check fails
    assert [i for i in function_level_imports() if "#" not in i[2]]


def test_every_rules_journal_and_retention_module_is_loaded_at_start_up():
    """A domain's rules, journal actions and retention receivers are imported by its app config:
    a module present on disk but not listed would be silently ignored."""
    configs = [c for c in apps.get_app_configs() if c.name.startswith("relais.")]
    assert all(isinstance(c, RelaisAppConfig) for c in configs), [c.name for c in configs]
    for config in configs:
        folder = Path(config.path)
        for module in ("rules", "rules_core", "journal_actions", "retention"):
            if (folder / f"{module}.py").exists():
                assert module in config.modules, f"{config.name}: {module}.py is not in `modules`"


def test_a_missing_start_up_module_stops_the_start_up():
    class Broken(RelaisAppConfig):
        name = "relais.journal"
        label = "broken_for_test"
        modules = ("rules_that_do_not_exist",)

    config = Broken("relais.journal", relais.journal)
    with pytest.raises(ModuleNotFoundError):
        config.ready()
