"""Screens of the rights feature."""

from django.urls import path

from relais.www.rights import take_up_views, views

urlpatterns = [
    path("", views.start, name="start"),
    path("question/<slug:name>/", views.step, name="step"),
    path("resultats/", views.results, name="results"),
    path("enregistrer/", views.save, name="save"),
    path("envoyer/", views.send, name="send"),
    path("personne/<int:person_id>/", views.for_person, name="for_person"),
    path("non-reclames/", views.batch_home, name="batch_home"),
    path("non-reclames/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("non-reclames/<int:batch_id>/export.csv", views.batch_csv, name="batch_csv"),
    path("non-reclames/ligne/<int:right_id>/", take_up_views.unclaimed_mark, name="unclaimed_mark"),
    path("non-reclames/suivi.csv", take_up_views.take_up_csv, name="take_up_csv"),
]
