"""Writes on accounts and persons."""

from __future__ import annotations

from django.db import transaction

from relais.accounts.models import Person, User


@transaction.atomic
def user_signup(*, email: str, password: str, first_name: str, last_name: str, language: str = "fr") -> User:
    """A person creates their own account: a User and their Person record."""
    user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name, language=language)
    Person.objects.create(user=user, first_name=first_name, last_name=last_name, email=email, language=language)
    return user
