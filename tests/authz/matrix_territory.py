"""Territory: public reference data (finding a commune), open to everyone."""

from tests.authz.expect import ALLOW

ROUTES = {
    "territory:lookup": {"default": ALLOW, "setup": lambda ctx: {"__query__": "commune=Commune"}},
    "territory:suggest": {"default": ALLOW, "setup": lambda ctx: {"__query__": "field=q&q=com"}},
}
API = {
    "GET /api/v1/territory/communes": "public",
    "GET /api/v1/territory/communes/{code}": "public",
}
