"""Screens of the territory feature."""

from django.urls import path

from relais.www.territory import views

urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("suggestions/", views.suggest, name="suggest"),
]
