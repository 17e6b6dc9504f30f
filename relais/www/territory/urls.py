"""Screens of the territory feature."""

urlpatterns: list = []
