"""Writes on organisations, memberships and API tokens."""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from relais.accounts.models import User
from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.organisations.models import API_SCOPES, ApiToken, MemberRole, Membership, Organisation

logger = logging.getLogger(__name__)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, siret: str = "", departement=None, commune=None, **fields
) -> Organisation:
    org = Organisation(name=name, kind=kind, siret=siret, departement=departement, commune=commune, **fields)
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def membership_add(*, user, organisation: Organisation, role: str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    return membership


class ApiTokenError(DomainError):
    """A token request that cannot be done (message in plain French)."""


@transaction.atomic
def api_token_create(
    *, organisation: Organisation, name: str, scopes: list[str] | None = None, actor=None
) -> tuple[ApiToken, str]:
    """Returns the token and its clear value (shown once; only its SHA-256 is kept).

    `scopes`: keys of API_SCOPES (None: all of them). The caller checked that `actor` manages `organisation`."""
    scopes = list(API_SCOPES) if scopes is None else list(dict.fromkeys(scopes))
    unknown = [scope for scope in scopes if scope not in API_SCOPES]
    if unknown:
        raise ApiTokenError(_("Droit inconnu pour un jeton : %(scopes)s.") % {"scopes": ", ".join(unknown)})
    if not scopes:
        raise ApiTokenError(_("Choisissez au moins un droit pour ce jeton."))
    name = (name or "").strip()
    if not name:
        raise ApiTokenError(_("Donnez un nom au jeton (par exemple le nom du logiciel qui l'utilisera)."))
    clear = "rl_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, name=name[:100], token_hash=hash_token(clear), scopes=scopes
    )
    journal_record(
        action="organisation.api_token_created",
        actor=actor,
        organisation=organisation,
        obj=token,
        details={"name": token.name, "scopes": scopes},
    )
    return token, clear


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor=None) -> ApiToken:
    """Revoke a token at once (idempotent). The caller checked that `actor` manages its organisation."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        journal_record(
            action="organisation.api_token_revoked",
            actor=actor,
            organisation=token.organisation,
            obj=token,
            details={"name": token.name},
        )
    return token


def api_token_authenticate(*, clear: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(token_hash=hash_token(clear), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


class MembershipError(DomainError):
    """A membership change refused for a reason the manager can fix (message in plain French)."""


def _invite_email(*, user, organisation: Organisation, role_label: str, inviter) -> None:
    """Tell a new member they were added; new accounts get a link to choose a password."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if user.has_usable_password():
            action = _("Connectez-vous pour y accéder : %(link)s") % {
                "link": settings.SITE_URL + reverse("accounts:login")
            }
        else:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            link = settings.SITE_URL + reverse(
                "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
            )
            action = _(
                "Un compte a été créé pour vous. Choisissez votre mot de passe avec ce lien (il marche une seule "
                "fois) :\n%(link)s"
            ) % {"link": link}
        subject = _("Relais : vous êtes membre de %(organisation)s") % {"organisation": organisation.name}
        body = _(
            "Bonjour,\n\n%(inviter)s vous a ajouté à la structure « %(organisation)s » sur Relais, "
            "avec le rôle : %(role)s.\n\n%(action)s\n\n"
            "À la première connexion, vous installerez une application de codes à usage unique "
            "(double authentification) : elle protège les données des personnes accompagnées.\n\n"
            "L'équipe Relais"
        ) % {"inviter": str(inviter), "organisation": organisation.name, "role": role_label, "action": action}
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        # The membership stands; the new member can still use "mot de passe oublié".
        logger.exception("membership invitation: sending to user %s failed", user.pk)


@transaction.atomic
def membership_add_by_email(*, organisation: Organisation, email: str, role: str, actor) -> Membership:
    """A manager adds a member by email; an account (without password) is created if needed
    and the new member is emailed once the transaction commits."""
    if role not in MemberRole.values:
        raise MembershipError(_("Rôle inconnu."))
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, password=None)
    if Membership.objects.filter(user=user, organisation=organisation, role=role, is_active=True).exists():
        raise MembershipError(_("Cette personne est déjà membre de la structure avec ce rôle."))
    membership = membership_add(user=user, organisation=organisation, role=role)
    journal_record(
        action="organisation.member_added",
        actor=actor,
        organisation=organisation,
        obj=membership,
        details={"member_user_id": user.pk, "role": role, "account_created": created},
    )
    role_label = str(MemberRole(role).label)
    transaction.on_commit(
        lambda: _invite_email(user=user, organisation=organisation, role_label=role_label, inviter=actor)
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> Membership:
    """Deactivate a membership. The last manager of a structure cannot be removed."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == MemberRole.MANAGER:
        other_managers = (
            Membership.objects.active()
            .filter(organisation=membership.organisation, role=MemberRole.MANAGER)
            .exclude(pk=membership.pk)
        )
        if not other_managers.exists():
            raise MembershipError(
                _("C'est le dernier responsable de la structure : ajoutez d'abord un autre responsable.")
            )
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    journal_record(
        action="organisation.member_removed",
        actor=actor,
        organisation=membership.organisation,
        obj=membership,
        details={"member_user_id": membership.user_id, "role": membership.role},
    )
    return membership
