"""Screens of the mandates feature."""

urlpatterns: list = []
