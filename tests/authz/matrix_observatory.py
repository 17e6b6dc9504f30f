"""Observatory: the index and coverage pages are public (no personal data); the dashboard and its exports
for the coordinators of the département (and managers of an organisation there, not in this matrix: the
test organisations have no département) and staff; the freshness campaign for coordinators and staff."""

from tests.authz.expect import ALLOW, DENY, LOGIN

PUBLIC = {"default": ALLOW}
DASHBOARD = {"anonymous": LOGIN, "default": DENY, "coordinator": ALLOW, "staff": ALLOW}


def _coordinated(ctx) -> str:
    return ctx["users"]["coordinator"].coordinated_departements.first().code


def _built(ctx) -> dict:
    from tests.observatory.factories import make_build

    code = _coordinated(ctx)
    make_build(code)
    return {"code": code}


ROUTES = {
    "observatory:national": PUBLIC,
    "observatory:departement": {**PUBLIC, "setup": _built},
    "observatory:commune": {**PUBLIC, "setup": lambda ctx: {"code": _built(ctx)["code"] + "900"}},
    "observatory:dashboard": DASHBOARD,
    "observatory:campaign": {**DASHBOARD, "method": "post", "setup": lambda ctx: {"code": _coordinated(ctx)}},
    "observatory:export_csv": {**DASHBOARD, "setup": _built},
    "observatory:export_geojson": {**DASHBOARD, "setup": _built},
}
API = {
    "GET /api/v1/observatory/departements": "public",
    "GET /api/v1/observatory/departements/{code}/communes": "public",
}
