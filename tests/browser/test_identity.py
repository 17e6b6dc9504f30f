"""Done-when journey of issue 19, in Chromium as new users would, on the demonstration identity provider
(RELAIS_FAKE_IDP, real HTTP between Relais and the provider it serves):

Camille signs in with « S'identifier avec FranceConnect » (without JavaScript) and lands on her home, a new
person certified by FranceConnect; a helper signs in with ProConnect, is asked for TOTP because `amr` says
password only, then is offered the membership of the organisation of her SIRET; with Camille at the desk, the
helper has her prove her identity with FranceConnect while the mandate is prepared, and the attestation shows
the proof; cancelling at the provider or a provider too slow ends on a clear page. axe-core finds no violation
on any new page, and they fit 320 px."""

import re

import pytest

from relais.accounts.models import Person, User
from relais.identity.models import CertifiedIdentity, IdentityProof, JoinRequest
from relais.mandates import services as mandate_services
from relais.organisations.models import MemberRole
from tests.browser.fixtures import assert_accessible, assert_fits_320, submit
from tests.factories import MembershipFactory, OrganisationFactory, add_totp, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fake_provider(settings):
    settings.AXES_ENABLED = False
    settings.RELAIS_FAKE_IDP = True
    settings.RELAIS_FRANCECONNECT_ISSUER = settings.RELAIS_PROCONNECT_ISSUER = ""
    settings.RELAIS_OIDC_TIMEOUT = 1


def _at_fake_provider(page, identity: str, *, injection: str = "", cancel: bool = False) -> None:
    assert "Fournisseur d'identité de démonstration — aucune vraie identité" in page.content()
    page.locator(f"label[for=identity-{identity}]").click()
    if injection:
        page.select_option("#injection", injection)
    submit(page, "button[name=cancel]" if cancel else "button:has-text('Continuer avec cette identité')")


def test_camille_signs_in_with_franceconnect_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(f"{live_server.url}/compte/connexion/")
    assert_accessible(page, context="login with providers")
    submit(page, page.get_by_role("button", name=re.compile("S.identifier avec FranceConnect")))
    assert "/identite/demo/franceconnect/autoriser/" in page.url
    assert_accessible(page, context="demonstration provider")
    assert_fits_320(page)
    _at_fake_provider(page, "camille")
    assert page.url == f"{live_server.url}/mon-espace/"
    assert "identité certifiée par FranceConnect" in page.content()
    user = User.objects.get(email="camille.petit@franceconnect-demo.fr")
    person = Person.objects.get(user=user)
    assert CertifiedIdentity.objects.get(person=person).family_name == "Petit"
    page.goto(f"{live_server.url}/compte/mon-compte/")
    assert "Identité certifiée par FranceConnect" in page.content()
    assert page.locator("#id_last_name").is_disabled()
    assert_accessible(page, context="profile certified")


def test_errors_at_the_provider_end_on_a_clear_page(page, live_server):
    for injection, words in (("cancel", "Vous avez annulé"), ("timeout", "ne répond pas")):
        page.goto(f"{live_server.url}/compte/connexion/")
        submit(page, page.get_by_role("button", name=re.compile("S.identifier avec FranceConnect")))
        _at_fake_provider(page, "camille", injection=injection)
        assert words in page.content()
        assert page.get_by_role("link", name="Revenir à la page de connexion").count() == 1
        assert_accessible(page, context=f"error {injection}")
        assert_fits_320(page)
    assert not User.objects.exists()


def test_helper_proconnect_totp_membership_and_identity_proof(page, live_server):
    own = OrganisationFactory(name="France Services Vénissieux", allowed_mandate_categories=["social"])
    other = OrganisationFactory(name="Association Entraide Marseille", siret="44306184100047")
    helper = MembershipFactory(
        organisation=own, role=MemberRole.HELPER, user__email="sami.aidant@demo.relais.fr", user__first_name="Sami"
    ).user
    add_totp(helper)

    # --- ProConnect says "password only": TOTP is still asked, then the organisation of the SIRET is offered
    page.goto(f"{live_server.url}/compte/connexion/")
    submit(page, page.get_by_role("button", name=re.compile("S.identifier avec ProConnect")))
    assert_accessible(page, context="demonstration ProConnect")
    _at_fake_provider(page, "sami")
    assert "/compte/double-authentification/" in page.url
    page.fill("input[name=token]", totp_now())
    submit(page, "main button[type=submit]")
    assert "/identite/structure/" in page.url
    assert "Association Entraide Marseille" in page.content()
    assert_accessible(page, context="organisation offer")
    assert_fits_320(page)
    submit(page, page.get_by_role("button", name="Demander à rejoindre"))
    assert "Votre demande est envoyée" in page.content()
    assert JoinRequest.objects.filter(user=helper, organisation=other).exists()
    assert not helper.memberships.filter(organisation=other).exists()

    # --- Camille at the desk proves her identity with FranceConnect while the mandate is prepared
    camille = Person.objects.create(first_name="Camille", last_name="Petit", email="")
    mandate = mandate_services.mandate_request_create(
        actor=helper, organisation=own, person=camille, categories=["social"], duration_days=31, consent_method="paper"
    )
    page.goto(f"{live_server.url}/mandats/aidant/mandats/{mandate.pk}/accord/")
    assert_accessible(page, context="consent with proof button")
    submit(page, page.get_by_role("button", name="Prouver son identité avec FranceConnect"))
    _at_fake_provider(page, "camille")
    assert page.url.endswith(f"/mandats/aidant/mandats/{mandate.pk}/accord/")
    assert "Identité vérifiée avec FranceConnect" in page.content()
    assert_accessible(page, context="consent with proof")
    proof = IdentityProof.objects.get()
    assert (proof.person_id, proof.subject_id, proof.level) == (camille.pk, mandate.pk, "eidas1")
    page.goto(f"{live_server.url}/mandats/attestation/{mandate.pk}/")
    text = page.locator(".relais-identity-proof").inner_text()
    assert re.search(r"Identité vérifiée par FranceConnect le \d+ \w+ \d{4} à \d\d:\d\d \(niveau eidas1\)", text)
    assert_accessible(page, context="attestation with proof")
    # the helper stayed herself all along
    assert "Sami" in page.content()
