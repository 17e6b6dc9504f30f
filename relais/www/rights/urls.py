"""Screens of the rights feature."""

urlpatterns: list = []
