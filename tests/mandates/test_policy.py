"""The `mandate.act` rule: organisation, category, expiry, revocation."""

import pytest

from relais import policy
from relais.mandates import services
from relais.mandates.selectors import active_mandate_for
from relais.organisations.models import MemberRole
from tests.factories import OrganisationFactory, PersonFactory
from tests.mandates.factories import expire_now, helper_of, make_active_mandate

pytestmark = pytest.mark.django_db


def _with_active(user, organisation):
    user.active_membership = user.memberships.get(organisation=organisation)
    return user


@pytest.fixture
def setup():
    org = OrganisationFactory()
    helper = helper_of(org)
    person = PersonFactory()
    mandate = make_active_mandate(organisation=org, person=person, helper=helper, categories=("social", "logement"))
    return org, _with_active(helper, org), person, mandate


def test_helper_of_the_organisation_may_act_in_scope(setup):
    org, helper, person, mandate = setup
    assert policy.allows(helper, "mandate.act", person, category="logement")
    assert policy.allows(helper, "mandate.act", person, category="social")
    assert active_mandate_for(organisation=org, person=person, category="social") == mandate


def test_explicit_organisation_without_request(setup):
    org, helper, person, _ = setup
    del helper.active_membership
    assert not policy.allows(helper, "mandate.act", person, category="social")
    assert policy.allows(helper, "mandate.act", person, category="social", organisation=org)
    assert not policy.allows(helper, "mandate.act", person, category="social", organisation=OrganisationFactory())


def test_out_of_scope_refused_with_reason(setup):
    _, helper, person, _ = setup
    decision = policy.decide(helper, "mandate.act", person, category="famille")
    assert not decision
    assert "ne couvre pas" in decision.reason


def test_not_allowed_category_for_organisation(setup):
    org, helper, person, _ = setup
    org.allowed_mandate_categories = ["social"]
    org.save()
    decision = policy.decide(helper, "mandate.act", person, category="logement")
    assert not decision and "habilitée" in decision.reason


def test_expired_refused(setup):
    _, helper, person, mandate = setup
    expire_now(mandate)
    decision = policy.decide(helper, "mandate.act", person, category="social")
    assert not decision and "pris fin" in decision.reason


def test_revoked_category_refused_other_kept(setup):
    _, helper, person, mandate = setup
    services.authorisation_revoke(mandate=mandate, category="logement", actor=person.user)
    decision = policy.decide(helper, "mandate.act", person, category="logement")
    assert not decision and "retiré son accord" in decision.reason
    assert policy.allows(helper, "mandate.act", person, category="social")


def test_other_organisation_refused(setup):
    _, _, person, _ = setup
    other = OrganisationFactory()
    other_helper = _with_active(helper_of(other), other)
    decision = policy.decide(other_helper, "mandate.act", person, category="social")
    assert not decision and "autre structure" in decision.reason


def test_agent_and_person_never_act(setup):
    org, _, person, _ = setup
    agent = _with_active(helper_of(org, role=MemberRole.AGENT), org)
    assert not policy.allows(agent, "mandate.act", person, category="social")
    assert not policy.allows(person.user, "mandate.act", person, category="social")
    assert not policy.allows(None, "mandate.act", person, category="social")


def test_manager_may_act(setup):
    org, _, person, _ = setup
    manager = _with_active(helper_of(org, role=MemberRole.MANAGER), org)
    assert policy.allows(manager, "mandate.act", person, category="social")
