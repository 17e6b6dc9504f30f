from django.urls import path

from relais.www.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("mon-espace/", views.dashboard, name="dashboard"),
    path("structure/", views.organisation, name="organisation"),
    path("structure/changer/", views.organisation_switch, name="organisation_switch"),
    path("coordination/", views.coordination, name="coordination"),
    path("mentions-legales/", views.legal, name="legal"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
]
