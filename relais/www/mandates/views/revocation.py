"""The organisation withdraws a mandate at the person's request (at the desk, also for a person
without an account), and the printable attestation of revocation (for the helper and the person)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais import policy
from relais.mandates import selectors, services
from relais.mandates.models import MandateState
from relais.mandates.states import TransitionError, format_fingerprint, person_reachable
from relais.www.decorators import allowed
from relais.www.mandates import forms
from relais.www.mandates.views.common import _errors, _helper_mandate, _journal_view


@allowed("mandates.helper_space")
def mandate_revoke(request, mandate_id: int):
    """Withdraw the whole mandate or one domain, with a reason; then the attestation to print."""
    mandate = _helper_mandate(request, mandate_id)
    policy.require(request.user, "mandate.revoke_by_organisation", mandate)
    if mandate.state != MandateState.ACTIVE:
        messages.info(request, _("Ce mandat n'est plus actif : il n'y a rien à retirer."))
        return redirect("mandates:mandate_detail", mandate_id=mandate.pk)
    form = forms.RevocationForm(request.POST or None, mandate=mandate)
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        try:
            services.mandate_revoke_by_organisation(
                mandate=mandate,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                category=None if scope == forms.RevocationForm.ALL else scope,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            if person_reachable(mandate.person):
                messages.success(
                    request,
                    _("C'est fait : le retrait compte tout de suite. %(person)s est prévenu(e).")
                    % {"person": mandate.person},
                )
            else:
                messages.success(
                    request,
                    _(
                        "C'est fait : le retrait compte tout de suite. Aucun message n'est envoyé à %(person)s : "
                        "imprimez cette attestation et donnez-la lui."
                    )
                    % {"person": mandate.person},
                )
            return redirect("mandates:revocation_attestation", mandate_id=mandate.pk)
    if request.method == "GET":
        _journal_view(request, mandate.person, what="mandate_revoke", mandate=mandate)
    return render(
        request,
        "mandates/mandate_revoke.html",
        {
            "title": _("Retirer le mandat de %(person)s") % {"person": mandate.person},
            "mandate": mandate,
            "form": form,
            "reachable": person_reachable(mandate.person),
        },
    )


def revocation_attestation(request, mandate_id: int):
    """What was withdrawn, when, by whom and why, with the mandate's fingerprint (printable)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mandate = selectors.mandate_for_attestation(mandate_id=mandate_id)
    if mandate is None or not mandate.fingerprint:
        raise Http404
    own = policy.allows(request.user, "mandate.view_own", mandate)
    if not (own or policy.allows(request.user, "mandate.manage", mandate)):
        raise policy.Refused(_("Cette attestation ne vous concerne pas."))
    revoked = mandate.revoked_authorisations()
    if not revoked:
        raise Http404
    if not own:  # a helper reads the person's attestation
        _journal_view(request, mandate.person, what="revocation_attestation", mandate=mandate)
    return render(
        request,
        "mandates/revocation_attestation.html",
        {
            "title": _("Attestation de retrait de mandat"),
            "mandate": mandate,
            "revoked": revoked,
            "whole": mandate.state == MandateState.REVOKED,
            "fingerprint": format_fingerprint(mandate.fingerprint),
            "own": own,
        },
    )
