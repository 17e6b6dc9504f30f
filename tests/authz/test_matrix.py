"""The authorization matrix: every route × every role, with the expected allow/deny.

Each feature declares its routes in tests/authz/matrix_<feature>.py (`ROUTES`, and for the JSON
API `API`). This test walks every named route of the site: a route missing from all matrices
fails the suite, so a new screen cannot land without its access rules being stated and tested."""

from __future__ import annotations

import importlib
import pkgutil
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.authz as authz_pkg
from relais.organisations.models import MemberRole
from tests.authz.expect import ALLOW, DENY, LOGIN, ROLES
from tests.factories import (
    DepartementFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    add_totp,
    verified_login,
)


def load_matrices() -> tuple[dict, dict]:
    routes: dict = {}
    api: dict = {}
    for info in pkgutil.iter_modules(authz_pkg.__path__):
        if not info.name.startswith("matrix_"):
            continue
        module = importlib.import_module(f"tests.authz.{info.name}")
        for name, spec in getattr(module, "ROUTES", {}).items():
            assert name not in routes, f"{name} declared in two matrices"
            routes[name] = spec
        api.update(getattr(module, "API", {}))
    return routes, api


def walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def site_routes() -> list[str]:
    return sorted({name for name in walk(get_resolver().url_patterns) if not name.startswith("api:")})


ROUTES, API = load_matrices()


def test_every_route_is_in_the_matrix():
    missing = [name for name in site_routes() if name not in ROUTES]
    assert not missing, f"routes without an authorization-matrix entry: {missing}"
    stale = [name for name in ROUTES if name not in site_routes()]
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


def make_roles() -> dict:
    users, organisations = {}, {}
    person = PersonFactory()
    users["person"] = person.user
    for role, member_role in (
        ("helper", MemberRole.HELPER),
        ("agent", MemberRole.AGENT),
        ("manager", MemberRole.MANAGER),
    ):
        membership = MembershipFactory(role=member_role, organisation=OrganisationFactory(name=f"Structure du {role}"))
        add_totp(membership.user)
        users[role] = membership.user
        organisations[role] = membership.organisation
    coordinator = UserFactory()
    coordinator.coordinated_departements.add(DepartementFactory())
    add_totp(coordinator)
    users["coordinator"] = coordinator
    staff = UserFactory(is_staff=True)
    add_totp(staff)
    users["staff"] = staff
    return {"users": users, "organisations": organisations, "person": person}


def outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        location = urlsplit(response["Location"]).path
        if location == reverse(settings.LOGIN_URL):
            return LOGIN
        return ALLOW
    if response.status_code in (403, 404):
        return DENY
    if response.status_code == 401:
        return LOGIN
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    return ALLOW


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_route_access_by_role(client, route, settings):
    settings.AXES_ENABLED = False
    spec = ROUTES[route]
    for name, value in spec.get("settings", {}).items():  # e.g. the demonstration identity provider on
        setattr(settings, name, value)
    ctx = make_roles()
    prepared = spec["setup"](ctx) if "setup" in spec else {}
    prepared = prepared or {}
    session_data = prepared.pop("__session__", None)
    query = prepared.pop("__query__", "")
    url = reverse(route, kwargs=prepared or None) + (f"?{query}" if query else "")
    method = spec.get("method", "get")
    problems = []
    for role in ROLES:
        expected = spec.get(role, spec.get("default"))
        if expected is None:
            problems.append(f"{role}: no expectation")
            continue
        client.logout()
        if role != "anonymous":
            verified_login(client, ctx["users"][role])
            if session_data:
                session = client.session
                session.update(session_data(ctx, role) if callable(session_data) else session_data)
                session.save()
        response = client.post(url, {}) if method == "post" else client.get(url)
        got = outcome(response)
        if got != expected:
            problems.append(f"{role}: expected {expected}, got {got} ({response.status_code})")
    assert not problems, f"{route} ({url}): " + "; ".join(problems)


def test_api_operations_declare_their_access():
    """Every API operation is declared public or partner-only; partner-only ones need a token."""
    from relais.api.main import api

    schema = api.get_openapi_schema()
    operations = {}
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            operations[f"{method.upper()} {path}"] = bool(op.get("security"))
    undeclared = sorted(set(operations) - set(API))
    assert not undeclared, f"API operations missing from the matrices' API dicts: {undeclared}"
    wrong = [key for key, secured in operations.items() if (API.get(key) == "partner") != secured]
    assert not wrong, f"API access differs from the declaration: {wrong}"
