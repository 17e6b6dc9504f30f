"""Screens of the directory feature."""

urlpatterns: list = []
