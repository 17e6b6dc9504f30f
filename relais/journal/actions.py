"""The registry of journal actions: every action is declared once, with its sentence for the person.

Each domain declares its actions in `relais/<domain>/journal_actions.py` (imported at start-up
through its app config's `modules`), with `declare(...)`::

    declare("dossier.accept", category=DOSSIER, sentence=_("%(organisation)s a accepté votre dossier %(reference)s"),
            values=dossier_reference)

`journal_record(action=...)` refuses an action nobody declared (`UndeclaredAction`). The sentence is
French, through gettext (English in the catalogue); its placeholders are filled by
`relais.journal.rendering` from the entry: `organisation` and `actor` always, the keys of
`details` named in `details`, and whatever `values(entry)` returns (a domain's declaration may
derive a reference or a label from the entry; the journal itself imports no domain).

Tests that record ad-hoc actions declare them for the test's duration with `declared_for_test`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Categories: what the action is about, for grouping and filtering.
ACCOUNT = "account"
APPOINTMENT = "appointment"
DIRECTORY = "directory"
DOCUMENT = "document"
DOSSIER = "dossier"
MANDATE = "mandate"
ORGANISATION = "organisation"
PROCEDURE = "procedure"
RIGHTS = "rights"
SYSTEM = "system"
CATEGORIES = frozenset(
    {ACCOUNT, APPOINTMENT, DIRECTORY, DOCUMENT, DOSSIER, MANDATE, ORGANISATION, PROCEDURE, RIGHTS, SYSTEM}
)

#: placeholders every sentence may use: filled by the renderer from any entry
STANDARD_PLACEHOLDERS = frozenset({"organisation", "actor"})
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class UndeclaredAction(LookupError):
    """`journal_record` was called with an action no `journal_actions` module declared (a
    programming error, not a message for a person: hence not a DomainError)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"journal: action « {code} » is not declared (see relais/journal/actions.py)")
        self.code = code


@dataclass(frozen=True)
class Action:
    code: str
    category: str
    #: French sentence (lazy gettext) with %(name)s placeholders
    sentence: Any
    #: the sentence when the entry was done for the person under a mandate (on_behalf_of set), if different
    on_behalf_sentence: Any = None
    #: a professional's access to a person's data (a read, not a write)
    person_data_access: bool = False
    #: keys of the entry's `details` the sentence uses (stored at record time)
    details: tuple[str, ...] = ()
    #: extra placeholder values derived from the entry (declared next to the domain that knows them)
    values: Callable[[Any], dict] | None = field(default=None, compare=False)
    #: names `values` returns, so the registry test can check every placeholder is filled
    derived: tuple[str, ...] = ()

    def sentences(self) -> list:
        return [self.sentence] + ([self.on_behalf_sentence] if self.on_behalf_sentence is not None else [])

    def sentence_for(self, entry):
        if self.on_behalf_sentence is not None and entry.on_behalf_of_id:
            return self.on_behalf_sentence
        return self.sentence

    def placeholders(self, sentence=None) -> set[str]:
        return set(_PLACEHOLDER.findall(str(self.sentence if sentence is None else sentence)))

    def fillable(self) -> set[str]:
        return set(STANDARD_PLACEHOLDERS) | set(self.details) | set(self.derived)


_REGISTRY: dict[str, Action] = {}


def declare(
    code: str,
    *,
    category: str,
    sentence,
    on_behalf_sentence=None,
    person_data_access: bool = False,
    details: tuple[str, ...] = (),
    values: Callable[[Any], dict] | None = None,
    derived: tuple[str, ...] = (),
) -> Action:
    """Declare one action (once: a second declaration of the same code is an error)."""
    if category not in CATEGORIES:
        raise ValueError(f"journal: unknown category {category!r} for {code}")
    if code in _REGISTRY:
        raise ValueError(f"journal: action {code} declared twice")
    action = Action(
        code=code,
        category=category,
        sentence=sentence,
        on_behalf_sentence=on_behalf_sentence,
        person_data_access=person_data_access,
        details=tuple(details),
        values=values,
        derived=tuple(derived),
    )
    _REGISTRY[code] = action
    return action


def get(code: str) -> Action:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UndeclaredAction(code) from None


def is_declared(code: str) -> bool:
    return code in _REGISTRY


def declared() -> dict[str, Action]:
    return dict(_REGISTRY)


def person_data_access_codes() -> frozenset[str]:
    return frozenset(code for code, action in _REGISTRY.items() if action.person_data_access)


@contextmanager
def declared_for_test(*codes: str, category: str = SYSTEM, sentence: str = "%(actor)s test") -> Iterator[None]:
    """Declare ad-hoc actions for a test's duration (they are removed afterwards)."""
    added = [code for code in codes if code not in _REGISTRY]
    for code in added:
        declare(code, category=category, sentence=sentence)
    try:
        yield
    finally:
        for code in added:
            _REGISTRY.pop(code, None)
