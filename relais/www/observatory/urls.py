"""Screens of the territorial observatory (namespace "observatory", under /observatoire/)."""

from django.urls import path

from relais.www.observatory.views import dashboard, exports, public

urlpatterns = [
    # Public pages, no personal data (views/public.py)
    path("", public.national, name="national"),
    path("departement/<str:code>/", public.departement, name="departement"),
    path("commune/<str:code>/", public.commune, name="commune"),
    # Coordinators and managers (views/dashboard.py, views/exports.py)
    path("tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("tableau-de-bord/<str:code>/campagne/", dashboard.campaign, name="campaign"),
    path("tableau-de-bord/<str:code>/communes.csv", exports.communes_csv, name="export_csv"),
    path("tableau-de-bord/<str:code>/communes.geojson", exports.communes_geojson, name="export_geojson"),
]
