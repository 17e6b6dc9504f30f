"""Expected outcomes in the authorization matrix."""

ALLOW = "allow"
DENY = "deny"
LOGIN = "login"
ROLES = ["anonymous", "person", "helper", "agent", "manager", "coordinator", "staff"]
