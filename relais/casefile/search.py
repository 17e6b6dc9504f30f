"""The safe person search for professionals: by name (accent-, case- and typo-tolerant, any word order,
birth name), birth date, commune, phone, email or claim code.

Names are looked for **only among the persons the organisation follows or may follow** (the relations
registered in relais/casefile/registry.py). Exact identifiers the person gives (their exact email, the
claim code of their paper, their phone with their birth date) may find a person outside that set: the
result says so (`outside`), and the screen proves it with a signed key.

The indexed keys (relais/accounts/search_keys.py) bound the candidates; the ranking (birth date matching
first, then exact > prefix > typo) is done here on at most `MAX_CANDIDATES` persons. Nothing is cut
silently: the outcome gives the total and whether there were more candidates than could be ranked.
`search_record` journals one entry per search request, with the found persons."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, Q

from relais.accounts.models import Person, PersonSearchKey
from relais.accounts.search_keys import (
    MAX_PREFIX_LENGTH,
    edit_distance,
    name_words,
    phone_key,
    phonetic,
    query_keys,
    words,
)
from relais.casefile.registry import related_person_querysets
from relais.core.phone import normalize_phone
from relais.journal import actions
from relais.journal.models import Entry
from relais.journal.services import journal_record

PAGE_SIZE = 30
MAX_CANDIDATES = 300  # persons ranked in Python at most; beyond, the page says « précisez »
KEY_CANDIDATES_FACTOR = 4  # ids read from the keys before keeping the organisation's persons
MAX_WORDS = 4
PREFIX_MIN_LENGTH = 3
SEARCH_ACTION = "person.searched"

EXACT, PREFIX, TYPO = 3, 2, 1

_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_PHONE_CHARS = re.compile(r"^[+\d\s.\-/()\u00a0]+$")

IdentifierProvider = Callable[[str], Any]  # (typed text) -> a Person or None
_IDENTIFIERS: dict[str, IdentifierProvider] = {}


def register_identifier(name: str):
    """A domain that knows an exact identifier (the claim code of a paper record) finds the person by it."""

    def decorator(fn):
        _IDENTIFIERS[name] = fn
        return fn

    return decorator


@dataclass(frozen=True)
class Criteria:
    """What the professional typed: `text` (a name, phone, email or claim code, a date dd/mm/yyyy may be
    typed in it), a separate birth date, a commune."""

    text: str = ""
    birth_date: dt.date | None = None
    commune_id: int | None = None

    def parsed(self) -> Parsed:
        return parse(self.text, birth_date=self.birth_date)


@dataclass(frozen=True)
class Parsed:
    words: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    raw: str = ""
    bad_date: bool = False

    def kinds(self, commune_id=None) -> list[str]:
        found = [
            kind
            for kind, present in (
                ("name", self.words),
                ("birth_date", self.birth_date),
                ("phone", self.phone),
                ("email", self.email),
                ("commune", commune_id),
            )
            if present
        ]
        return found or (["identifier"] if self.raw else [])


@dataclass
class Result:
    person: Person
    match: int = 0  # EXACT, PREFIX, TYPO, or 0 (found by another criterion)
    birth_date_matches: bool = False
    outside: bool = False  # found by an exact identifier, outside the organisation's persons
    last_contact: dt.datetime | None = None


@dataclass
class Outcome:
    results: list[Result] = field(default_factory=list)  # the current page
    total: int = 0  # every ranked result
    more: bool = False  # more than MAX_CANDIDATES candidates: only the best are ranked, the page says so
    page: int = 1
    pages: int = 1
    parsed: Parsed = field(default_factory=Parsed)

    @property
    def max_candidates(self) -> int:
        return MAX_CANDIDATES

    @property
    def shown_from(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.results else 0

    @property
    def shown_to(self) -> int:
        return (self.page - 1) * PAGE_SIZE + len(self.results)

    @property
    def found_ids(self) -> list[int]:
        return [result.person.pk for result in self.results]


def _date(day: int, month: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse(text: str, *, birth_date: dt.date | None = None) -> Parsed:
    raw = (text or "").strip()
    bad_date = False
    match = _DATE.search(raw)
    if match:
        if match.group(1):
            found = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        else:
            found = _date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
        bad_date = found is None
        birth_date = birth_date or found
        raw = (raw[: match.start()] + " " + raw[match.end() :]).strip()
    if "@" in raw and " " not in raw:
        return Parsed(birth_date=birth_date, email=raw.lower(), raw=raw, bad_date=bad_date)
    if raw and _PHONE_CHARS.match(raw) and sum(ch.isdigit() for ch in raw) >= 9:
        try:
            return Parsed(birth_date=birth_date, phone=normalize_phone(raw), raw=raw, bad_date=bad_date)
        except ValidationError:
            pass
    return Parsed(words=tuple(words(raw)[:MAX_WORDS]), birth_date=birth_date, raw=raw, bad_date=bad_date)


class Related:
    """The persons an organisation follows or may follow (the registered relations). `inside(ids)` keeps,
    among a few candidate ids, those related: one query per relation, restricted to the ids (never the
    whole set of an organisation's persons, which may be large)."""

    def __init__(self, organisation) -> None:
        self.querysets = related_person_querysets(organisation=organisation)

    @staticmethod
    def _field(queryset) -> str:
        # a relation gives a one-column queryset: values("pk") on Person, values("person_id") elsewhere
        names = list(queryset.query.values_select) or ["pk"]
        return names[0]

    def inside(self, ids) -> set[int]:
        ids = list(ids)
        found: set[int] = set()
        if not ids:
            return found
        for queryset in self.querysets:
            field = self._field(queryset)
            found |= set(queryset.filter(**{f"{field}__in": ids}).values_list(field, flat=True))
        return found

    def condition(self) -> Q:
        """As a filter on Person (for a criterion without any name: a commune, a birth date)."""
        condition = Q(pk__in=[])
        for queryset in self.querysets:
            condition |= Q(pk__in=queryset)
        return condition


def _word_condition(word: str, *, typos: bool) -> Q:
    """The keys of one typed word: exact (`w:`) and prefix (`x:`), and with `typos` its close variants."""
    keys = query_keys(word) if typos else {f"w:{word}"}
    if PREFIX_MIN_LENGTH <= len(word) <= MAX_PREFIX_LENGTH:
        keys.add(f"x:{word}")  # a stored word beginning with the typed one
    return Q(key__in=sorted(keys))


def _candidate_ids(typed: tuple[str, ...], *, typos: bool, limit: int) -> list[int]:
    """Persons having keys for every typed word. Each word's persons are read (at most `limit`), the longest
    word first; a word nobody has ends the search; a word read only in part is read again among the persons
    of the smallest set."""
    if len(typed) > 1:  # a word nobody has ends the search before any long read (one row each)
        for word in typed:
            if not PersonSearchKey.objects.filter(_word_condition(word, typos=typos)).exists():
                return []
    sets: list[tuple[str, list[int]]] = []
    for word in sorted(typed, key=len, reverse=True):
        ids = list(
            PersonSearchKey.objects.filter(_word_condition(word, typos=typos))
            .values_list("person_id", flat=True)
            .distinct()[: limit + 1]
        )
        if not ids:
            return []
        sets.append((word, ids))
    sets.sort(key=lambda item: len(item[1]))
    found = set(sets[0][1])
    for word, ids in sets[1:]:
        if len(ids) > limit:  # read in part: look again among the persons found so far
            ids = (
                PersonSearchKey.objects.filter(_word_condition(word, typos=typos), person_id__in=sorted(found))
                .values_list("person_id", flat=True)
                .distinct()
            )
        found &= set(ids)
        if not found:
            return []
    return sorted(found)[: limit + 1]


def _word_score(typed: str, stored: list[str]) -> int:
    best = 0
    for word in stored:
        if word == typed:
            return EXACT
        if word.startswith(typed) and len(typed) >= PREFIX_MIN_LENGTH:
            best = max(best, PREFIX)
        elif best < TYPO:
            limit = 1 if len(typed) <= 4 else 2
            close = edit_distance(typed, word) <= limit
            sounds = len(typed) >= PREFIX_MIN_LENGTH and phonetic(typed) == phonetic(word)
            if close or sounds:
                best = TYPO
    return best


def name_score(typed: tuple[str, ...], person) -> int:
    """How well the typed words name the person: the worst word's score (every word must match), 0 if not."""
    stored = name_words(first_name=person.first_name, last_name=person.last_name, birth_name=person.birth_name)
    scores = [_word_score(word, stored) for word in typed]
    return min(scores) if scores and all(scores) else 0


def _base():
    return Person.objects.filter(erased_at__isnull=True).select_related("commune")


def _persons(ids, related: Related, commune_id, limit: int) -> list[Person]:
    inside = related.inside(ids)
    kept = [pk for pk in ids if pk in inside]
    qs = _base().filter(pk__in=kept[: limit * 2])
    return list((qs.filter(commune_id=commune_id) if commune_id else qs)[:limit])


def _by_name(parsed: Parsed, related: Related, commune_id) -> tuple[list[Person], bool]:
    """Candidates for the typed words, bounded. With a birth date: everyone of the organisation born that
    day (their names ranked in Python, typos allowed), then the exact and prefix homonyms born another day.
    Without: every person with keys for each typed word, typos allowed."""
    found: dict[int, Person] = {}
    if parsed.birth_date:
        born = _base().filter(birth_date=parsed.birth_date)  # a few persons a day, even nationally
        born = list((born.filter(commune_id=commune_id) if commune_id else born)[: MAX_CANDIDATES * 10])
        inside = related.inside(person.pk for person in born)
        found = {person.pk: person for person in born if person.pk in inside}
    typos = not parsed.birth_date
    limit = MAX_CANDIDATES * KEY_CANDIDATES_FACTOR
    ids = _candidate_ids(parsed.words, typos=typos, limit=limit + 1)
    more = len(ids) > limit
    candidates = _persons(ids[:limit], related, commune_id, MAX_CANDIDATES + 1)
    more = more or len(candidates) > MAX_CANDIDATES
    if more and typos:  # too many close names: rank the exact ones rather than an arbitrary part of the close ones
        ids = _candidate_ids(parsed.words, typos=False, limit=limit)
        candidates = _persons(ids, related, commune_id, MAX_CANDIDATES)
    for person in candidates[:MAX_CANDIDATES]:
        found.setdefault(person.pk, person)
    return list(found.values()), more


def _by_identifier(parsed: Parsed, related: Related) -> list[tuple[Person, bool]]:
    """Persons found by an exact identifier, each with whether they are outside the organisation's persons."""
    found: list[Person] = []
    inside_only: list[Person] = []
    if parsed.email:
        found += list(_base().filter(user__email__iexact=parsed.email, user__is_active=True)[:5])
    if parsed.phone:
        by_phone = _base().filter(search_keys__key=phone_key(parsed.phone))
        if parsed.birth_date:
            found += list(by_phone.filter(birth_date=parsed.birth_date)[:MAX_CANDIDATES])
        else:
            inside_only += list(by_phone[: MAX_CANDIDATES * KEY_CANDIDATES_FACTOR])
    if parsed.raw:
        for name in sorted(_IDENTIFIERS):
            person = _IDENTIFIERS[name](parsed.raw)
            if person is not None and person.erased_at is None:
                found.append(person)
    everyone = {person.pk: person for person in [*found, *inside_only]}
    if not everyone:
        return []
    inside = related.inside(everyone)
    kept = {person.pk for person in found} | (inside & {person.pk for person in inside_only})
    return [(person, pk not in inside) for pk, person in everyone.items() if pk in kept]


def last_contacts(*, organisation, person_ids: list[int]) -> dict[int, dt.datetime]:
    """The latest journal entry of the organisation about each person (reads excluded): one query."""
    if not person_ids:
        return {}
    reads = sorted(actions.person_data_access_codes() | {SEARCH_ACTION})
    rows = (
        Entry.objects.filter(organisation_id=organisation.pk, person_id__in=person_ids)
        .exclude(action__in=reads)
        .values("person_id")
        .annotate(last=Max("at"))
    )
    return {row["person_id"]: row["last"] for row in rows}


def persons_search(*, organisation, criteria: Criteria, page: int = 1) -> Outcome:
    """Search the persons for a professional of `organisation`; see the module's docstring."""
    parsed = criteria.parsed()
    outcome = Outcome(parsed=parsed)
    if organisation is None:
        return outcome
    related = Related(organisation)
    results: dict[int, Result] = {}
    if parsed.words:
        candidates, outcome.more = _by_name(parsed, related, criteria.commune_id)
        for person in candidates:
            score = name_score(parsed.words, person)
            if score:
                results[person.pk] = Result(person=person, match=score)
    elif parsed.email or parsed.phone or parsed.raw:
        pass
    elif parsed.birth_date or criteria.commune_id:
        if parsed.birth_date:
            born = _base().filter(birth_date=parsed.birth_date).values_list("pk", flat=True)
            candidates = _persons(list(born[: MAX_CANDIDATES * 10]), related, criteria.commune_id, MAX_CANDIDATES + 1)
        else:
            qs = _base().filter(related.condition(), commune_id=criteria.commune_id)
            candidates = list(qs[: MAX_CANDIDATES + 1])
        outcome.more = len(candidates) > MAX_CANDIDATES
        results = {person.pk: Result(person=person) for person in candidates[:MAX_CANDIDATES]}
    if parsed.raw:
        for person, outside in _by_identifier(parsed, related):
            if criteria.commune_id and person.commune_id != criteria.commune_id and not outside:
                continue
            results.setdefault(person.pk, Result(person=person, match=EXACT, outside=outside))
    ranked = list(results.values())
    for result in ranked:
        result.birth_date_matches = bool(parsed.birth_date) and result.person.birth_date == parsed.birth_date
    if parsed.birth_date and (parsed.email or parsed.phone or parsed.words):
        # a birth date typed with a name ranks first who matches; with an identifier it must match
        if not parsed.words:
            ranked = [result for result in ranked if result.birth_date_matches]
    ranked.sort(
        key=lambda r: (
            not r.birth_date_matches,
            -r.match,
            r.person.last_name.lower(),
            r.person.first_name.lower(),
            r.person.pk,
        )
    )
    outcome.total = len(ranked)
    outcome.pages = max(1, -(-len(ranked) // PAGE_SIZE))
    outcome.page = min(max(1, page), outcome.pages)
    start = (outcome.page - 1) * PAGE_SIZE
    outcome.results = ranked[start : start + PAGE_SIZE]
    contacts = last_contacts(organisation=organisation, person_ids=outcome.found_ids)
    for result in outcome.results:
        result.last_contact = contacts.get(result.person.pk)
    return outcome


def likely_duplicates(*, organisation, first_name: str, last_name: str, birth_date: dt.date | None):
    """Before creating a record: persons with the same birth date and a close name. Returns (the ones this
    organisation may see, how many others exist in other organisations — their data never shown)."""
    typed = tuple(words(f"{first_name} {last_name}")[:MAX_WORDS])
    if not typed or birth_date is None:
        return [], 0
    qs = _base().filter(birth_date=birth_date)
    # everyone born that day (a few persons per day, even nationally), names compared in Python
    close = [person for person in qs[: MAX_CANDIDATES * 10] if _close_name(typed, person)]
    if not close:
        return [], 0
    inside = Related(organisation).inside(person.pk for person in close)
    visible = [person for person in close if person.pk in inside]
    return visible, len(close) - len(visible)


def _close_name(typed: tuple[str, ...], person) -> bool:
    """At least the last name and one more word match (a typo allowed), in any order."""
    stored = name_words(first_name=person.first_name, last_name=person.last_name, birth_name=person.birth_name)
    return sum(1 for word in typed if _word_score(word, stored)) >= min(2, len(typed))


def search_record(*, actor, organisation, outcome: Outcome, screen: str, commune_id=None) -> None:
    """Journal one search by a professional: which kinds of criteria, how many found, who was shown.
    The typed text is not kept (the journal stays pseudonymous)."""
    journal_record(
        action="person.searched",
        actor=actor,
        organisation=organisation,
        details={
            "screen": screen,
            "criteria": outcome.parsed.kinds(commune_id),
            "count": outcome.total,
            "persons": outcome.found_ids,
        },
    )


def duplicates_record(*, actor, organisation, persons, screen: str) -> None:
    """Journal the duplicate step of a record creation (the likely duplicates shown)."""
    journal_record(
        action="person.searched",
        actor=actor,
        organisation=organisation,
        details={
            "screen": screen,
            "criteria": ["name", "birth_date"],
            "count": len(persons),
            "persons": sorted(person.pk for person in persons),
        },
    )
