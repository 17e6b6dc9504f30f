import pytest

from relais import policy


def test_unknown_action_is_denied_by_default(db):
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    assert policy.allows(user, "no.such.action") is False
    with pytest.raises(policy.Refused):
        policy.require(user, "no.such.action")


def test_rules_cannot_be_defined_twice():
    with pytest.raises(RuntimeError):
        policy.rule("page.public")(lambda *a, **k: True)


def test_anonymous_is_denied_authenticated_actions():
    from django.contrib.auth.models import AnonymousUser

    assert not policy.allows(AnonymousUser(), "page.authenticated")
    assert policy.allows(AnonymousUser(), "page.public")


def test_professional_space_needs_membership(person, helper_user):
    assert not policy.allows(person.user, "professional.space")
    assert policy.allows(helper_user, "professional.space")
