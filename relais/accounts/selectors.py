"""Reads of the accounts domain."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import Person, User


def person_by_id(person_id: int | None) -> Person | None:
    return Person.objects.filter(pk=person_id).first() if person_id else None


def email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def active_users_with_email(email: str):
    """Active accounts with this address, including accounts created by a structure that have no
    password yet."""
    return User.objects.filter(email__iexact=email, is_active=True)


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def person_of_user(user) -> Person | None:
    return Person.objects.filter(user=user).first() if user.is_authenticated else None
