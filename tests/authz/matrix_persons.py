"""Authorization matrix of the person file's screens (relais/www/persons)."""

from tests.authz.expect import ALLOW, DENY, LOGIN

HELPERS = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "manager": ALLOW}

ROUTES = {
    "persons:worklist": HELPERS,
}
