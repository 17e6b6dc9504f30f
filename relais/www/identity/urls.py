"""Screens of identity (namespace "identity", under /identite/): sign-in with FranceConnect and ProConnect,
linking an existing account, the organisation of the SIRET, proving a person's identity during a helper's
session, and the demonstration provider (answers only when RELAIS_FAKE_IDP is on and no real provider is)."""

from django.urls import path

from relais.www.identity.views import fake, organisations, proof, signin

urlpatterns = [
    path("<str:provider>/connexion/", signin.start, name="start"),
    path("<str:provider>/retour/", signin.callback, name="callback"),
    path("lier-mon-compte/", signin.link_confirm, name="link_confirm"),
    path("structure/", organisations.organisation_offer, name="organisation_offer"),
    path("structure/demandes/<int:request_id>/", organisations.join_request_decide, name="join_request_decide"),
    path("preuve/<str:kind>/<int:subject_id>/", proof.proof_start, name="proof_start"),
    # The demonstration provider (relais/identity/fake_provider.py)
    path("demo/<str:provider>/.well-known/openid-configuration", fake.discovery, name="fake_discovery"),
    path("demo/<str:provider>/jwks", fake.jwks, name="fake_jwks"),
    path("demo/<str:provider>/autoriser/", fake.authorize, name="fake_authorize"),
    path("demo/<str:provider>/jeton", fake.token, name="fake_token"),
    path("demo/<str:provider>/userinfo", fake.userinfo, name="fake_userinfo"),
    path("demo/<str:provider>/fin-de-session/", fake.session_end, name="fake_session_end"),
]
