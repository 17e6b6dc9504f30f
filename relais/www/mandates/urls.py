"""Screens of the mandates feature (namespace "mandates", under /mandats/)."""

from django.urls import path

from relais.www.mandates import views

urlpatterns = [
    # Helper space
    path("", views.helper_home, name="helper_home"),
    path("personne/", views.person_find, name="person_find"),
    path("personne/nouvelle/", views.person_create, name="person_create"),
    path("personne/<int:person_id>/nouveau-code/", views.person_claim_code, name="person_claim_code"),
    path("personne/<int:person_id>/mandat/", views.mandate_new, name="mandate_new"),
    path("aidant/mandats/<int:mandate_id>/", views.mandate_detail, name="mandate_detail"),
    path("aidant/mandats/<int:mandate_id>/accord/", views.consent, name="consent"),
    path("aidant/mandats/<int:mandate_id>/envoyer-code/", views.sms_send, name="sms_send"),
    path("aidant/mandats/<int:mandate_id>/verifier-code/", views.sms_verify, name="sms_verify"),
    path("aidant/mandats/<int:mandate_id>/attestation-signee/", views.attestation_upload, name="attestation_upload"),
    path("aidant/mandats/<int:mandate_id>/confirmer/", views.confirm, name="confirm"),
    path("aidant/mandats/<int:mandate_id>/abandonner/", views.abandon, name="abandon"),
    path("aidant/mandats/<int:mandate_id>/renouveler/", views.mandate_renew, name="mandate_renew"),
    path("aidant/mandats/<int:mandate_id>/retirer/", views.mandate_revoke, name="mandate_revoke"),
    # Attestation (helper of the organisation or the person)
    path("attestation/<int:mandate_id>/", views.attestation, name="attestation"),
    path("attestation/<int:mandate_id>/qr.svg", views.attestation_qr, name="attestation_qr"),
    path("attestation/<int:mandate_id>/retrait/", views.revocation_attestation, name="revocation_attestation"),
    # Acting for a person
    path("agir/", views.acting_start, name="acting_start"),
    path("agir/en-cours/", views.acting_home, name="acting_home"),
    path("agir/demarche/<int:procedure_id>/", views.acting_procedure, name="acting_procedure"),
    path("agir/arreter/", views.acting_stop, name="acting_stop"),
    path("agir/domaine/", views.acting_switch, name="acting_switch"),
    # The person's own view
    path("mes-mandats/", views.person_mandates, name="person_mandates"),
    path("mes-mandats/<int:mandate_id>/retirer/", views.person_revoke, name="person_revoke"),
    path("mes-mandats/<int:mandate_id>/demande/", views.person_consent_text, name="person_consent_text"),
    path("mes-mandats/<int:mandate_id>/repondre/", views.person_consent, name="person_consent"),
    path("recuperer-ma-fiche/", views.claim, name="claim"),
    # Accompaniment sessions
    path("accompagnements/", views.accompaniment_list, name="accompaniment_list"),
    path("accompagnements/nouveau/", views.accompaniment_new, name="accompaniment_new"),
    path("accompagnements/chiffres/", views.accompaniment_stats, name="accompaniment_stats"),
    path("accompagnements/export.csv", views.accompaniment_export, name="accompaniment_export"),
]
