"""Screens of the persons feature (namespace "persons", under /personnes/)."""

from django.urls import path

from relais.www.persons.views import search

urlpatterns = [
    path("", search.search, name="search"),
]
