"""The organisation's partner API tokens, for its managers: list (last use shown), create (the clear
token is shown once, only its hash is stored), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from relais.organisations.models import API_SCOPES
from relais.organisations.selectors import api_token_of, api_tokens_of
from relais.organisations.services import ApiTokenError, api_token_create, api_token_revoke
from relais.www.accounts.views import _managed_organisation, second_factor_required
from relais.www.decorators import allowed


class ApiTokenForm(DsfrBaseForm):
    name = forms.CharField(
        label=gettext_lazy("Nom du jeton"),
        max_length=100,
        help_text=gettext_lazy("Le logiciel qui l'utilisera, par exemple « Logiciel d'accueil de la CAF »."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Ce que le jeton permet"),
        choices=list(API_SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
    )


def _page(request, org, *, form=None, clear=None, status=200):
    response = render(
        request,
        "accounts/api_tokens.html",
        {
            "title": _("Jetons d'API — %(name)s") % {"name": org.name},
            "organisation": org,
            "tokens": api_tokens_of(organisation=org),
            "form": form or ApiTokenForm(),
            "clear": clear,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the clear token must not stay in a cache
    return response


@allowed("organisation.manage_members")
@second_factor_required
def api_tokens(request):
    org = _managed_organisation(request)
    if request.method != "POST":
        return _page(request, org)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, org, form=form, status=400)
    try:
        token, clear = api_token_create(
            organisation=org, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"], actor=request.user
        )
    except ApiTokenError as error:
        form.add_error(None, error.message)
        return _page(request, org, form=form, status=400)
    return _page(request, org, clear={"token": clear, "name": token.name})


@require_POST
@allowed("organisation.manage_members")
@second_factor_required
def api_token_revoke_view(request, token_id: int):
    org = _managed_organisation(request)
    token = api_token_of(token_id=token_id, organisation=org)
    if token is None:
        raise Http404
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Le jeton « %(name)s » est révoqué : il ne marche plus.") % {"name": token.name})
    return redirect("accounts:api_tokens")
