from django.urls import path

from relais.www.accounts import api_tokens, summary, views

urlpatterns = [
    path("connexion/", views.RelaisLoginView.as_view(), name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("inscription/", views.signup, name="signup"),
    path("mon-compte/", views.profile, name="profile"),
    path("mon-compte/mes-donnees.json", views.export_data, name="export"),
    path("mon-compte/mes-donnees/", summary.export_summary, name="export_summary"),
    path("mon-compte/supprimer/", views.delete_account, name="delete"),
    path("adresse/confirmer/<str:token>/", views.verify_email, name="verify_email"),
    path("adresse/renvoyer/", views.verify_email_resend, name="verify_email_resend"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/oublie/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/nouveau/termine/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("mot-de-passe/changer/", views.PasswordChangeView.as_view(), name="password_change"),
    path("mot-de-passe/change/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("double-authentification/", views.two_factor, name="two_factor"),
    path("double-authentification/installer/", views.two_factor_setup, name="two_factor_setup"),
    path("double-authentification/codes-de-secours/", views.two_factor_backup, name="two_factor_backup"),
    path("structure/membres/ajouter/", views.member_add, name="member_add"),
    path("structure/membres/<int:membership_id>/retirer/", views.member_remove, name="member_remove"),
    path("structure/jetons/", api_tokens.api_tokens, name="api_tokens"),
    path("structure/jetons/<int:token_id>/revoquer/", api_tokens.api_token_revoke_view, name="api_token_revoke"),
]
