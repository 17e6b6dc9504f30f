"""The journal matrix (tests/authz/journal_matrix.py): every GET route a professional reaches writes
exactly one journal entry per request, of a `person_data_access` action, when it shows a person's
data, and no such entry when it does not (a professional's own account export journals their own
export, which is no access to someone else's data). The routes, their setups and who may reach
them come from the authorization matrix (tests/authz/matrix_*.py); a GET route missing from the
journal matrix fails."""

from __future__ import annotations

import pytest
from django.urls import reverse

from relais.journal.actions import person_data_access_codes
from relais.journal.models import Entry
from tests.authz import matrix_mandates
from tests.authz.expect import ALLOW
from tests.authz.journal_matrix import JOURNAL, NOTHING, OWN_ONLY, SHOWS
from tests.authz.test_matrix import ROUTES, make_roles, outcome, site_routes
from tests.factories import verified_login

PROFESSIONALS = ["helper", "agent", "manager", "coordinator", "staff"]
ACTING = "acting"  # the helper, acting for the route's person under a mandate


def get_routes() -> list[str]:
    return sorted(name for name in site_routes() if ROUTES.get(name, {}).get("method", "get") == "get")


def spec_of(route: str) -> dict:
    spec = JOURNAL[route]
    return spec if isinstance(spec, dict) else {"default": spec}


def allowed_roles(route: str) -> list[str]:
    spec = ROUTES[route]
    return [role for role in PROFESSIONALS if spec.get(role, spec.get("default")) == ALLOW]


def expectations(route: str) -> dict[str, str]:
    """{role: SHOWS | NOTHING} for every professional walk of the route (roles the authorization
    matrix allows, plus the acting helper when declared)."""
    spec = spec_of(route)
    wanted = {role: spec.get(role, spec.get("default")) for role in allowed_roles(route)}
    if ACTING in spec:
        wanted[ACTING] = spec[ACTING]
    return wanted


def test_every_get_route_is_in_the_journal_matrix():
    missing = [name for name in get_routes() if name not in JOURNAL]
    assert not missing, f"GET routes without a journal-matrix entry (tests/authz/journal_matrix.py): {missing}"
    stale = [name for name in JOURNAL if name not in get_routes()]
    assert not stale, f"journal-matrix entries for routes that are gone or not GET: {stale}"


def test_journal_matrix_agrees_with_the_authorization_matrix():
    """OWN_ONLY only where no professional gets in; SHOWS/NOTHING where one does."""
    problems = []
    for route in sorted(JOURNAL):
        for role, expected in expectations(route).items():
            if expected not in (SHOWS, NOTHING):
                problems.append(f"{route}: {role} is let in, declare SHOWS or NOTHING (not {expected!r})")
        spec = spec_of(route)
        if spec.get("default") != OWN_ONLY and not expectations(route):
            problems.append(f"{route}: no professional gets in, declare it OWN_ONLY")
    assert not problems, "; ".join(problems)


def _acting_session(ctx) -> dict:
    mandate = matrix_mandates._active(ctx)
    return matrix_mandates._acting_session(mandate, category="logement")(ctx, "helper")


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(name for name in JOURNAL if expectations(name)))
def test_professional_reads_are_journaled(client, route, settings):
    settings.AXES_ENABLED = False
    spec, authz = spec_of(route), ROUTES[route]
    for name, value in authz.get("settings", {}).items():  # e.g. the demonstration identity provider on
        setattr(settings, name, value)
    ctx = make_roles()
    setup = spec.get("setup") or authz.get("setup")
    prepared = dict(setup(ctx) or {}) if setup else {}
    session_data = prepared.pop("__session__", None)
    query = prepared.pop("__query__", "") or spec.get("query", "")
    url = reverse(route, kwargs=prepared or None) + (f"?{query}" if query else "")
    acting = _acting_session(ctx) if ACTING in spec else None
    accesses = person_data_access_codes()
    problems = []
    for role, expected in expectations(route).items():
        client.logout()
        verified_login(client, ctx["users"]["helper" if role == ACTING else role])
        extra = acting if role == ACTING else (session_data(ctx, role) if callable(session_data) else session_data)
        if extra:
            session = client.session
            session.update(extra)
            session.save()
        before = Entry.objects.count()
        before_accesses = Entry.objects.filter(action__in=accesses).count()
        response = client.get(url)
        if outcome(response) != ALLOW:
            problems.append(f"{role}: not let in ({response.status_code})")
            continue
        written = Entry.objects.count() - before
        access_entries = Entry.objects.filter(action__in=accesses).count() - before_accesses
        new = list(Entry.objects.order_by("-id").values_list("action", flat=True)[: max(written, 0)])
        if expected == SHOWS and (written, access_entries) != (1, 1):
            problems.append(f"{role}: expected one person-data-access entry, got {written} entries {new}")
        if expected == NOTHING and access_entries:
            problems.append(f"{role}: expected no person-data-access entry, got {new}")
    assert not problems, f"{route} ({url}): " + "; ".join(problems)
