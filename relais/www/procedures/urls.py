"""Screens of the procedures feature."""

from django.urls import path

from relais.www.procedures import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("fiche/<slug:slug>/", views.detail, name="detail"),
    path("fiche/<slug:slug>/commencer/", views.start, name="start"),
    path("glossaire/", views.glossary, name="glossary"),
    path("glossaire/gerer/", views.glossary_manage, name="glossary_manage"),
    path("glossaire/gerer/<int:term_id>/", views.glossary_manage, name="glossary_term_edit"),
    path("mes-demarches/", views.my_dossiers, name="my_dossiers"),
    path("mon-profil/", views.profile, name="profile"),
    path("reprendre/<str:token>/", views.claim, name="claim"),
    path("dossiers/<int:dossier_id>/", views.dossier, name="dossier"),
    path("dossiers/<int:dossier_id>/etape/<int:page>/", views.dossier_page, name="dossier_page"),
    path("dossiers/<int:dossier_id>/verifier/", views.dossier_review, name="dossier_review"),
    path("dossiers/<int:dossier_id>/coffre/", views.attach_document, name="attach_document"),
    path("dossiers/<int:dossier_id>/messages/", views.message_post, name="message_post"),
    path("dossiers/<int:dossier_id>/profil/", views.profile_update, name="profile_update"),
    path("pieces/<int:attachment_id>/", views.attachment_view, name="attachment"),
    path("pieces/<int:attachment_id>/retirer/", views.attachment_remove, name="attachment_remove"),
    path("instruction/", views.backoffice_home, name="backoffice_home"),
    path("instruction/demarches/<int:procedure_id>/", views.backoffice_list, name="backoffice_list"),
    path("instruction/demarches/<int:procedure_id>/export.csv", views.backoffice_export, name="backoffice_export"),
    path("instruction/dossiers/<int:dossier_id>/", views.backoffice_dossier, name="backoffice_dossier"),
    path("instruction/dossiers/<int:dossier_id>/action/", views.backoffice_action, name="backoffice_action"),
    path("instruction/nouvelle-demarche/", views.builder_create, name="builder_create"),
    path("instruction/importer/", views.builder_import, name="builder_import"),
    path("instruction/demarches/<int:procedure_id>/construire/", views.builder, name="builder"),
    path("instruction/demarches/<int:procedure_id>/champ/", views.builder_field, name="builder_field"),
    path("instruction/demarches/<int:procedure_id>/champ/action/", views.builder_action, name="builder_action"),
    path("instruction/versions/<int:version_id>/export.json", views.builder_export, name="builder_export"),
]
