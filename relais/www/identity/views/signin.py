"""Sign-in with FranceConnect or ProConnect: start (POST, to the provider), callback, linking an existing
account with its password, and the provider's logout (used by accounts:logout)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from relais.identity import oidc, services
from relais.identity.errors import IdentityError, callback_error
from relais.identity.models import Purpose
from relais.www.decorators import allowed
from relais.www.identity.common import (
    LOGOUT_KEY,
    PENDING_KEY,
    SIRETS_KEY,
    callback_url,
    config_for,
    error_page,
)
from relais.www.identity.forms import LinkConfirmForm

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request) -> str:
    value = request.POST.get("next") or ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}) else ""


@require_POST
@allowed("identity.signin")
def start(request, provider: str):
    try:
        config = config_for(request, provider)
        url = services.auth_request_start(
            config=config,
            redirect_uri=callback_url(request, provider),
            next_url=_next(request),
            idp_hint=request.POST.get("idp_hint", "")[:100] if provider == "proconnect" else "",
        )
    except IdentityError as error:
        return error_page(request, error)
    return redirect(url)


@allowed("identity.signin")
def callback(request, provider: str):
    back = ""
    try:
        auth = services.auth_request_consume(provider=provider, state=request.GET.get("state", ""))
        back = auth.next_url if auth.purpose == Purpose.PROOF else ""
        if request.GET.get("error"):
            raise callback_error(request.GET["error"])
        config = config_for(request, provider)
        if config.issuer != auth.issuer:
            raise IdentityError("state")
        identity = oidc.exchange_code(
            config, code=request.GET.get("code", ""), redirect_uri=callback_url(request, provider), nonce=auth.nonce
        )
        if auth.purpose == Purpose.PROOF:
            services.proof_record(auth_request=auth, identity=identity, actor=request.user)
            messages.success(request, _("Identité vérifiée avec FranceConnect. La preuve est enregistrée."))
            return redirect(auth.next_url or "www:dashboard")
        outcome = services.signin_resolve(identity=identity)
    except IdentityError as error:
        return error_page(request, error, back=back)
    if outcome.pending is not None:
        request.session[PENDING_KEY] = outcome.pending
        return redirect("identity:link_confirm")
    login(request, outcome.user, backend=BACKEND)
    if outcome.second_factor_done:
        otp_login(request, services.second_factor_device(user=outcome.user, provider=provider))
    request.session[LOGOUT_KEY] = {"provider": provider, "id_token": identity.id_token, "issuer": auth.issuer}
    if outcome.created and provider == "franceconnect":
        messages.success(
            request, _("Bienvenue : votre compte est créé avec votre identité certifiée par FranceConnect.")
        )
    if services.organisations_to_join(user=outcome.user, sirets=outcome.sirets):
        request.session[SIRETS_KEY] = outcome.sirets
        return redirect("identity:organisation_offer")
    return redirect(auth.next_url or "www:dashboard")


@allowed("identity.signin")
def link_confirm(request):
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("accounts:login")
    form = LinkConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if "cancel" in request.POST:
            request.session.pop(PENDING_KEY, None)
            messages.info(request, _("Votre compte n'a pas été lié. Rien n'a été enregistré."))
            return redirect("accounts:login")
        if form.is_valid():
            user = services.link_confirm(pending=pending, password=form.cleaned_data["password"], request=request)
            if user is not None:
                request.session.pop(PENDING_KEY, None)
                login(request, user, backend=BACKEND)
                messages.success(request, _("Votre compte est lié : la prochaine fois, connectez-vous en un clic."))
                return redirect("www:dashboard")
            form.add_error("password", _("Ce mot de passe n'est pas le bon."))
    context = {
        "title": _("Lier votre compte"),
        "form": form,
        "email": pending["email"],
        "provider": provider_config_label(pending["provider"]),
    }
    return render(request, "identity/link_confirm.html", context, status=status)


def provider_config_label(name: str) -> str:
    return {"franceconnect": "FranceConnect", "proconnect": "ProConnect"}.get(name, name)


def end_session_redirect(request) -> str:
    """Where to send the browser after Relais' own logout: the provider's end-session page, if the session
    began there (read before the session is flushed)."""
    data = request.session.get(LOGOUT_KEY)
    if not data:
        return ""
    try:
        config = config_for(request, data["provider"])
        return oidc.end_session_url(
            config,
            id_token=data["id_token"],
            state=secrets.token_urlsafe(32),
            post_logout_redirect_uri=request.build_absolute_uri(reverse("www:home")),
        )
    except IdentityError:
        return ""
