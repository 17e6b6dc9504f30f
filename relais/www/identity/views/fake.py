"""The demonstration identity provider's endpoints (relais/identity/fake_provider.py). Each answers 404 unless
RELAIS_FAKE_IDP is on and no real provider is configured for that name."""

from __future__ import annotations

import urllib.parse

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from relais.identity import fake_provider
from relais.identity.models import Provider
from relais.identity.providers import fake_serves
from relais.www.decorators import allowed
from relais.www.identity.common import fake_issuer, fake_metadata


def _served(provider: str) -> None:
    if not fake_serves(provider):
        raise Http404


def _with_query(url: str, params: dict) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"


@allowed("page.public")
def discovery(request, provider: str):
    _served(provider)
    return JsonResponse(fake_metadata(request, provider))


@allowed("page.public")
def jwks(request, provider: str):
    _served(provider)
    return JsonResponse(fake_provider.jwks())


@allowed("page.public")
def authorize(request, provider: str):
    """The page where one chooses a demo identity (and, for tests and demos, an error to inject)."""
    _served(provider)
    params = request.POST if request.method == "POST" else request.GET
    redirect_uri, state = params.get("redirect_uri", ""), params.get("state", "")
    if not redirect_uri or not url_has_allowed_host_and_scheme(redirect_uri, allowed_hosts={request.get_host()}):
        return render(
            request,
            "identity/fake_authorize.html",
            {"title": _("Fournisseur d'identité de démonstration"), "invalid": True},
            status=400,
        )
    if request.method == "POST":
        injection = request.POST.get("injection", "")
        if "cancel" in request.POST or injection == "cancel":
            return redirect(_with_query(redirect_uri, {"error": "access_denied", "state": state}))
        if injection == "server_error":
            return redirect(_with_query(redirect_uri, {"error": "server_error", "state": state}))
        key = request.POST.get("identity", "")
        if fake_provider.identity(provider, key) is not None and injection in fake_provider.INJECTIONS:
            code = fake_provider.code_issue(
                provider=provider,
                key=key,
                nonce=params.get("nonce", ""),
                injection=injection,
                redirect_uri=redirect_uri,
            )
            return redirect(_with_query(redirect_uri, {"code": code, "state": state}))
    identities = fake_provider.IDENTITIES.get(provider, {})
    return render(
        request,
        "identity/fake_authorize.html",
        {
            "title": _("Fournisseur d'identité de démonstration"),
            "provider": Provider(provider).label,
            "identities": identities.items(),
            "injections": fake_provider.INJECTIONS.items(),
            "params": [(k, params.get(k, "")) for k in ("redirect_uri", "state", "nonce", "client_id")],
            "first": next(iter(identities), ""),
        },
        status=400 if request.method == "POST" else 200,
    )


@csrf_exempt
@require_POST
@allowed("page.public")
def token(request, provider: str):
    _served(provider)
    try:
        tokens = fake_provider.token(
            issuer=fake_issuer(request, provider),
            code=request.POST.get("code", ""),
            client_id=request.POST.get("client_id", ""),
            client_secret=request.POST.get("client_secret", ""),
            redirect_uri=request.POST.get("redirect_uri", ""),
        )
    except fake_provider.FakeError as error:
        return JsonResponse({"error": error.error}, status=error.status)
    return JsonResponse(tokens)


@allowed("page.public")
def userinfo(request, provider: str):
    _served(provider)
    bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    try:
        signed = fake_provider.userinfo(issuer=fake_issuer(request, provider), access_token=bearer)
    except fake_provider.FakeError as error:
        return JsonResponse({"error": error.error}, status=error.status)
    return HttpResponse(signed, content_type="application/jwt")


@allowed("page.public")
def session_end(request, provider: str):
    _served(provider)
    target = request.GET.get("post_logout_redirect_uri", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("www:home")
    return redirect(_with_query(target, {"state": request.GET.get("state", "")}))
