"""Screens of the directory feature."""

from django.urls import path

from relais.www.directory import views

urlpatterns = [
    path("", views.search, name="search"),
    path("lieu/<int:place_id>/", views.place_detail, name="place"),
    path("lieu/<int:place_id>/imprimer/", views.place_print, name="place_print"),
    path("lieu/<int:place_id>/signaler/", views.place_report, name="place_report"),
    path("lieu/<int:place_id>/modifier/", views.place_edit, name="place_edit"),
    path("lieu/<int:place_id>/verifier/", views.place_confirm, name="place_confirm"),
    path("lieu/<int:place_id>/proposition-source/", views.place_proposal, name="place_proposal"),
    path("lieu/<int:place_id>/publication/", views.place_publish, name="place_publish"),
    path("lieu/<int:place_id>/historique/", views.place_history, name="place_history"),
    path("lieu/<int:place_id>/services/ajouter/", views.service_edit, name="service_add"),
    path("lieu/<int:place_id>/services/<int:service_id>/modifier/", views.service_edit, name="service_edit"),
    path("mes-lieux/", views.my_places, name="my_places"),
    path("mes-lieux/ajouter/", views.place_create, name="place_create"),
    path("signalements/<int:report_id>/traite/", views.report_resolve, name="report_resolve"),
]
