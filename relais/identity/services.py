"""Writes of the identity app: authorization requests, sign-in with a provider, linking, proofs, join requests.

Nothing is created before every check of the provider's answer passed (relais/identity/oidc.py), and each
write happens in one transaction: a failed sign-in leaves no half-created account."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.accounts.models import Person, User
from relais.identity import oidc
from relais.identity.errors import IdentityError
from relais.identity.models import (
    AuthRequest,
    CertifiedIdentity,
    IdentityLink,
    IdentityProof,
    JoinRequest,
    Provider,
    ProviderSessionDevice,
    Purpose,
)
from relais.identity.providers import ProviderConfig
from relais.journal.services import journal_record
from relais.notifications.services import notify_on_commit
from relais.organisations.models import MemberRole, Membership, Organisation

STATE_LIFETIME = dt.timedelta(minutes=10)


def sub_hash(*, provider: str, sub: str) -> str:
    key = settings.RELAIS_IDENTITY_HASH_KEY.encode()
    return hmac.new(key, f"{provider}:{sub}".encode(), hashlib.sha256).hexdigest()


# --- Authorization requests --------------------------------------------------------------------------


@transaction.atomic
def auth_request_start(
    *,
    config: ProviderConfig,
    redirect_uri: str,
    purpose: str = Purpose.SIGNIN,
    next_url: str = "",
    actor=None,
    organisation=None,
    person=None,
    subject_kind: str = "",
    subject_id: int | None = None,
    idp_hint: str = "",
) -> str:
    """Store a fresh state and nonce (43 characters each) and return the provider's authorization URL."""
    request = AuthRequest.objects.create(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        provider=config.name,
        issuer=config.issuer,
        purpose=purpose,
        started_by=actor,
        organisation=organisation,
        person=person,
        subject_kind=subject_kind,
        subject_id=subject_id,
        next_url=next_url[:300],
    )
    return oidc.authorize_url(
        config, redirect_uri=redirect_uri, state=request.state, nonce=request.nonce, idp_hint=idp_hint
    )


@transaction.atomic
def auth_request_consume(*, provider: str, state: str) -> AuthRequest:
    """The request of this state, marked used: a replayed, unknown or expired state is refused."""
    request = AuthRequest.objects.select_for_update().filter(state=state or "-", provider=provider).first()
    if request is None or request.used_at is not None or request.created_at < timezone.now() - STATE_LIFETIME:
        raise IdentityError("state")
    request.used_at = timezone.now()
    request.save(update_fields=["used_at"])
    return request


def auth_requests_purge(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    count, _detail = AuthRequest.objects.filter(created_at__lt=now - STATE_LIFETIME).delete()
    return count


# --- Sign-in ----------------------------------------------------------------------------------------


@dataclass
class SigninOutcome:
    """`user` to log in, or `pending` (a link to confirm with the existing account's password)."""

    user: User | None = None
    pending: dict | None = None
    second_factor_done: bool = False
    sirets: list = field(default_factory=list)
    created: bool = False


def _email(identity: oidc.Identity) -> str:
    return str(identity.claims.get("email") or "").strip().lower()


def _parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _certify(*, person: Person, identity: oidc.Identity) -> None:
    claims = identity.claims
    CertifiedIdentity.objects.update_or_create(
        person=person,
        defaults={
            "provider": identity.provider,
            "certified_at": timezone.now(),
            "given_name": str(claims.get("given_name", ""))[:300],
            "family_name": str(claims.get("family_name", ""))[:300],
            "birthdate": _parse_date(claims.get("birthdate")),
            "birthplace": str(claims.get("birthplace") or "")[:5],
            "birthcountry": str(claims.get("birthcountry") or "")[:5],
            "gender": str(claims.get("gender") or "")[:16],
        },
    )
    first = str(claims.get("given_name", "")).split(" ")[0] or person.first_name
    person.first_name, person.last_name = first, str(claims.get("family_name") or person.last_name)
    person.birth_date = _parse_date(claims.get("birthdate")) or person.birth_date
    person.save(update_fields=["first_name", "last_name", "birth_date"])
    User.objects.filter(pk=person.user_id).update(first_name=person.first_name, last_name=person.last_name)


def _touch(link: IdentityLink, identity: oidc.Identity) -> None:
    link.last_login_at = timezone.now()
    link.save(update_fields=["last_login_at"])
    journal_record(
        action="identity.signed_in",
        actor=link.user_id,
        person=Person.objects.filter(user_id=link.user_id).first(),
        obj=link,
        details={"provider": identity.provider},
    )


@transaction.atomic
def signin_resolve(*, identity: oidc.Identity) -> SigninOutcome:
    if identity.provider == Provider.PROCONNECT:
        return _signin_proconnect(identity)
    return _signin_franceconnect(identity)


def _signin_franceconnect(identity: oidc.Identity) -> SigninOutcome:
    hashed = sub_hash(provider=identity.provider, sub=identity.sub)
    link = IdentityLink.objects.select_related("user").filter(provider=identity.provider, sub_hash=hashed).first()
    if link is not None and link.user.is_active:
        person = Person.objects.filter(user=link.user).first()
        if person is not None:
            _certify(person=person, identity=identity)
        _touch(link, identity)
        return SigninOutcome(user=link.user)
    email = _email(identity)
    if not (identity.claims.get("given_name") and identity.claims.get("family_name") and email):
        raise IdentityError("claims")
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.email_verified_at is None or not existing.is_active:
            raise IdentityError("email_unverified")
        return SigninOutcome(pending=_pending(identity, hashed, existing))
    user = User.objects.create_user(
        email=email,
        password=None,
        first_name=str(identity.claims["given_name"]).split(" ")[0],
        last_name=str(identity.claims["family_name"]),
        email_verified_at=timezone.now(),
    )
    person = Person.objects.create(user=user, first_name=user.first_name, last_name=user.last_name, email=email)
    _certify(person=person, identity=identity)
    link = IdentityLink.objects.create(user=user, provider=identity.provider, sub_hash=hashed, email=email)
    journal_record(
        action="identity.account_created", actor=user.pk, person=person, obj=link, details={"provider": link.provider}
    )
    _touch(link, identity)
    return SigninOutcome(user=user, created=True)


def _pending(identity: oidc.Identity, hashed: str, user: User) -> dict:
    return {
        "provider": identity.provider,
        "sub_hash": hashed,
        "user_id": user.pk,
        "email": user.email,
        "claims": {
            k: identity.claims.get(k)
            for k in ("given_name", "family_name", "birthdate", "birthplace", "birthcountry", "gender", "email")
        },
        "acr": identity.acr,
    }


def _signin_proconnect(identity: oidc.Identity) -> SigninOutcome:
    """Reconciled on the work email, not on `sub` (it changes with the identity provider behind ProConnect)."""
    email = _email(identity)
    if not email:
        raise IdentityError("claims")
    hashed = sub_hash(provider=identity.provider, sub=identity.sub)
    link = IdentityLink.objects.select_related("user").filter(provider=identity.provider, sub_hash=hashed).first()
    if link is not None and link.user.email.lower() != email:
        raise IdentityError("email_changed")
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        raise IdentityError("email_unverified")
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            first_name=str(identity.claims.get("given_name") or "").split(" ")[0],
            last_name=str(identity.claims.get("usual_name") or ""),
            email_verified_at=timezone.now(),
        )
    elif user.email_verified_at is None:
        User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
    created = link is None
    if link is None:
        link = IdentityLink.objects.create(user=user, provider=identity.provider, sub_hash=hashed, email=email)
        journal_record(action="identity.linked", actor=user.pk, obj=link, details={"provider": link.provider})
    _touch(link, identity)
    siret = "".join(ch for ch in str(identity.claims.get("siret") or "") if ch.isdigit())
    return SigninOutcome(
        user=user, second_factor_done="mfa" in identity.amr, sirets=[siret] if siret else [], created=created
    )


def second_factor_device(*, user: User, provider: str) -> ProviderSessionDevice:
    device, _created = ProviderSessionDevice.objects.get_or_create(
        user=user, provider=provider, defaults={"name": provider, "confirmed": True}
    )
    return device


@transaction.atomic
def link_confirm(*, pending: dict, password: str, request=None) -> User | None:
    """The person proves they own the existing account (its password): the provider identity is linked."""
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is None or authenticate(request, username=user.email, password=password) is None:
        return None
    link, _created = IdentityLink.objects.get_or_create(
        provider=pending["provider"], sub_hash=pending["sub_hash"], defaults={"user": user, "email": user.email}
    )
    person = Person.objects.filter(user=user).first()
    if person is not None and pending["provider"] == Provider.FRANCECONNECT:
        identity = oidc.Identity(provider=pending["provider"], sub="", claims=pending["claims"], acr=pending["acr"])
        _certify(person=person, identity=identity)
    journal_record(
        action="identity.linked", actor=user.pk, person=person, obj=link, details={"provider": link.provider}
    )
    return user


# --- ProConnect: the organisation of the SIRET -------------------------------------------------------


def organisations_to_join(*, user: User, sirets: list[str]) -> list[Organisation]:
    member_of = Membership.objects.filter(user=user, is_active=True).values("organisation_id")
    return list(Organisation.objects.filter(siret__in=[s for s in sirets if s]).exclude(pk__in=member_of))


@transaction.atomic
def join_request_create(*, user: User, organisation: Organisation) -> JoinRequest:
    """Never a membership: the organisation's managers are told, and add the professional if they agree."""
    request, created = JoinRequest.objects.get_or_create(user=user, organisation=organisation)
    if created:
        journal_record(
            action="identity.join_requested", actor=user.pk, organisation=organisation, obj=request, details={}
        )
        managers = User.objects.filter(
            memberships__organisation=organisation, memberships__role=MemberRole.MANAGER, memberships__is_active=True
        ).distinct()
        for manager in managers:
            notify_on_commit(
                event="identity_join_request",
                key=f"identity-join-{request.pk}-{manager.pk}",
                user=manager,
                subject=_("Demande pour rejoindre %(organisation)s") % {"organisation": organisation.name},
                body=_(
                    "%(name)s (%(email)s) s'est connecté avec ProConnect pour le SIRET de %(organisation)s et "
                    "demande à rejoindre la structure. Acceptez (en choisissant son rôle) ou refusez sa demande "
                    "dans la page « Ma structure » de Relais."
                )
                % {"name": user.get_full_name() or user.email, "email": user.email, "organisation": organisation},
            )
    return request


# --- Proof of identity during a helper's session -----------------------------------------------------


def _fold(value: str) -> str:
    text = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in text if ch.isalpha())


def _matches(person: Person, claims: dict) -> bool:
    family = _fold(str(claims.get("family_name") or ""))
    if not family or family not in {_fold(person.last_name), _fold(person.birth_name)}:
        return False
    birthdate = _parse_date(claims.get("birthdate"))
    return person.birth_date is None or birthdate is None or birthdate == person.birth_date


@transaction.atomic
def proof_record(*, auth_request: AuthRequest, identity: oidc.Identity, actor) -> IdentityProof:
    """The person signed in with FranceConnect on the helper's screen: the proof goes to the pending
    mandate or follow-up of the state, and into the journal. The helper stays signed in as themselves."""
    if auth_request.started_by_id != getattr(actor, "pk", None):
        raise IdentityError("wrong_helper")
    person = auth_request.person
    if person is None or not _matches(person, identity.claims):
        raise IdentityError("mismatch")
    proof = IdentityProof.objects.create(
        person=person,
        provider=identity.provider,
        level=identity.acr or "",
        verified_at=timezone.now(),
        subject_kind=auth_request.subject_kind,
        subject_id=auth_request.subject_id,
        helper=actor,
        organisation=auth_request.organisation,
    )
    journal_record(
        action="identity.proof_recorded",
        actor=actor,
        organisation=auth_request.organisation,
        person=person,
        obj=proof,
        details={"provider": proof.provider, "level": proof.level, "subject": proof.subject_kind},
    )
    return proof
