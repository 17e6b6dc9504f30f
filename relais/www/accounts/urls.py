from django.urls import path

from relais.www.accounts import views

urlpatterns = [
    path("connexion/", views.RelaisLoginView.as_view(), name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("inscription/", views.signup, name="signup"),
    path("mon-compte/", views.profile, name="profile"),
    path("double-authentification/", views.two_factor, name="two_factor"),
]
