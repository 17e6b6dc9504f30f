"""Policy rules of identity: signing in with a provider is open to visitors; proving a person's identity
belongs to the helper who manages the mandate or follow-up (checked by the screens with its own rule)."""

from relais.policy import rule
from relais.policy.roles import is_authenticated, is_helper


@rule("identity.signin")
def _signin(user, obj=None, **ctx):
    return True


@rule("identity.join")
def _join(user, obj=None, **ctx):
    return is_authenticated(user)


@rule("identity.proof")
def _proof(user, obj=None, **ctx):
    return is_helper(user)
