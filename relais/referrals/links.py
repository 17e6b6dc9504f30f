"""Signed links for a receiving service without a Relais account.

The token signs (referral uid, service id, link version); its validity is counted from
`Referral.link_issued_at` (8 days by default, the REFERRALS_LINK_DAYS setting) with `timezone.now`, so a
frozen clock moves it. Renewing issues a new version: older links are revoked. Checking a token says
why it does not open (altered, wrong service, revoked, expired) without reading any of the referral's data
into the answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from relais.referrals.models import Referral, ReferralState

SALT = "relais.referrals.link"

OK = "ok"
ALTERED = "altered"
WRONG_SERVICE = "wrong_service"
REVOKED = "revoked"
EXPIRED = "expired"


def link_days() -> int:
    return int(getattr(settings, "REFERRALS_LINK_DAYS", 8))


def make_token(referral: Referral) -> str:
    payload = {"r": referral.uid.hex, "s": referral.service_id, "v": referral.link_version}
    return signing.Signer(salt=SALT).sign_object(payload)  # no timestamp: the validity is the referral's


def link_path(referral: Referral) -> str:
    return reverse("referrals:link", args=[referral.service_id, make_token(referral)])


@dataclass(frozen=True)
class Check:
    status: str
    referral: Referral | None = None

    @property
    def ok(self) -> bool:
        return self.status == OK


def check_token(*, service_id: int, token: str, now: dt.datetime | None = None) -> Check:
    """Why the link opens or not. `referral` is set for OK and EXPIRED (renewal), never for the others."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
        uid, signed_service, version = payload["r"], payload["s"], int(payload["v"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Check(ALTERED)
    if signed_service != service_id:
        return Check(WRONG_SERVICE)
    referral = Referral.objects.select_related("service__place", "organisation", "person").filter(uid=uid).first()
    if referral is None or referral.service_id != service_id:
        return Check(WRONG_SERVICE)
    if version != referral.link_version or referral.state in (ReferralState.CANCELLED, ReferralState.MODERATION):
        return Check(REVOKED)
    if referral.anonymised_at is not None:
        return Check(REVOKED)
    now = now or timezone.now()
    issued = referral.link_issued_at or referral.sent_at
    if issued is None or now > issued + dt.timedelta(days=link_days()):
        return Check(EXPIRED, referral)
    return Check(OK, referral)
