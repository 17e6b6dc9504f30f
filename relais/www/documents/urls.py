"""Screens of the document safe, mounted at /coffre/ (namespace "documents")."""

from django.urls import path

from relais.www.documents import views

urlpatterns = [
    path("", views.safe, name="safe"),
    path("ajouter/", views.upload, name="upload"),
    path("attente/<uuid:pk>/", views.pending, name="pending"),
    path("attente/<uuid:pk>/annuler/", views.pending_cancel, name="pending_cancel"),
    path("attente/<uuid:pk>/apercu.jpg", views.pending_preview, name="pending_preview"),
    path("attente/<uuid:pk>/fichier/", views.pending_file, name="pending_file"),
    path("acces/", views.access_log, name="access_log"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/fichier/", views.download, name="download"),
    path("<int:pk>/apercu.jpg", views.preview, name="preview"),
    path("<int:pk>/supprimer/", views.delete, name="delete"),
]
