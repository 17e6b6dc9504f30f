"""All screens. Each feature owns its `urls.py` under relais/www/<feature>/."""

from django.urls import include, path

urlpatterns = [
    path("", include(("relais.www.core.urls", "www"))),
    path("compte/", include(("relais.www.accounts.urls", "accounts"))),
    path("communes/", include(("relais.www.territory.urls", "territory"))),
    path("aide/", include(("relais.www.directory.urls", "directory"))),
    path("demarches/", include(("relais.www.procedures.urls", "procedures"))),
    path("mandats/", include(("relais.www.mandates.urls", "mandates"))),
    path("droits/", include(("relais.www.rights.urls", "rights"))),
    path("coffre/", include(("relais.www.documents.urls", "documents"))),
    path("rendez-vous/", include(("relais.www.appointments.urls", "appointments"))),
    path("personnes/", include(("relais.www.persons.urls", "persons"))),
    path("orientations/", include(("relais.www.referrals.urls", "referrals"))),
    path("identite/", include(("relais.www.identity.urls", "identity"))),
    path("saisines/", include(("relais.www.escalations.urls", "escalations"))),
    path("avis/", include(("relais.www.feedback.urls", "feedback"))),
    path("observatoire/", include(("relais.www.observatory.urls", "observatory"))),
]
