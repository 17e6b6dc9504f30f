"""Policy rules of identity: signing in with a provider is open to visitors; proving a person's identity
belongs to the helper who manages the mandate or follow-up (checked by the screens with its own rule)."""

from relais.policy import rule
from relais.policy.roles import is_authenticated, is_helper, is_manager


@rule("identity.signin")
def _signin(user, obj=None, **ctx):
    return True


@rule("identity.join")
def _join(user, obj=None, **ctx):
    return is_authenticated(user)


@rule("identity.proof")
def _proof(user, obj=None, **ctx):
    """Helpers and managers (who prepare mandates and follow-ups); the screen then asks the mandate's or the
    follow-up's own rule (mandate.manage, casefile.follow_up_manage)."""
    return is_helper(user) or is_manager(user)
