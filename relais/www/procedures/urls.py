"""Screens of the procedures feature."""

urlpatterns: list = []
