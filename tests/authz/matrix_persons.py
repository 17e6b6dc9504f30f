"""Authorization matrix of the persons feature (/personnes/): the search, for helpers and managers of the
active organisation."""

from tests.authz.expect import ALLOW, DENY, LOGIN

HELPERS = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "manager": ALLOW}

ROUTES = {
    "persons:worklist": HELPERS,
    "persons:search": HELPERS,
}
