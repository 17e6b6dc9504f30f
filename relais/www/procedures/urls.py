"""Screens of the procedures feature."""

from django.urls import path

from relais.www.procedures.views import (
    attachments,
    backoffice,
    builder,
    catalogue,
    fill,
    messaging,
    review,
    space,
)

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("fiche/<slug:slug>/", catalogue.detail, name="detail"),
    path("fiche/<slug:slug>/commencer/", catalogue.start, name="start"),
    path("glossaire/", catalogue.glossary, name="glossary"),
    path("glossaire/gerer/", catalogue.glossary_manage, name="glossary_manage"),
    path("glossaire/gerer/<int:term_id>/", catalogue.glossary_manage, name="glossary_term_edit"),
    path("mes-demarches/", space.my_dossiers, name="my_dossiers"),
    path("mon-profil/", space.profile, name="profile"),
    path("reprendre/<str:token>/", space.claim, name="claim"),
    path("dossiers/<int:dossier_id>/", space.dossier, name="dossier"),
    path("dossiers/<int:dossier_id>/etape/<int:page>/", fill.dossier_page, name="dossier_page"),
    path("dossiers/<int:dossier_id>/verifier/", review.dossier_review, name="dossier_review"),
    path("dossiers/<int:dossier_id>/coffre/", attachments.attach_document, name="attach_document"),
    path("dossiers/<int:dossier_id>/messages/", messaging.message_post, name="message_post"),
    path("dossiers/<int:dossier_id>/profil/", space.profile_update, name="profile_update"),
    path("pieces/<int:attachment_id>/", attachments.attachment_view, name="attachment"),
    path("pieces/<int:attachment_id>/retirer/", attachments.attachment_remove, name="attachment_remove"),
    path("instruction/", backoffice.backoffice_home, name="backoffice_home"),
    path("instruction/demarches/<int:procedure_id>/", backoffice.backoffice_list, name="backoffice_list"),
    path("instruction/demarches/<int:procedure_id>/export.csv", backoffice.backoffice_export, name="backoffice_export"),
    path("instruction/dossiers/<int:dossier_id>/", backoffice.backoffice_dossier, name="backoffice_dossier"),
    path("instruction/dossiers/<int:dossier_id>/action/", backoffice.backoffice_action, name="backoffice_action"),
    path("instruction/nouvelle-demarche/", builder.builder_create, name="builder_create"),
    path("instruction/importer/", builder.builder_import, name="builder_import"),
    path("instruction/demarches/<int:procedure_id>/construire/", builder.builder, name="builder"),
    path("instruction/demarches/<int:procedure_id>/champ/", builder.builder_field, name="builder_field"),
    path("instruction/demarches/<int:procedure_id>/champ/action/", builder.builder_action, name="builder_action"),
    path("instruction/versions/<int:version_id>/export.json", builder.builder_export, name="builder_export"),
]
