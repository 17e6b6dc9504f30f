"""The person proves their identity with FranceConnect on the helper's screen, while a mandate or a follow-up
is being created. The helper stays signed in as themselves: the proof is bound to the pending mandate or
follow-up through the state of the request (relais/identity/services.py, proof_record)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from relais.casefile.models import FollowUpState
from relais.identity import services
from relais.identity.errors import IdentityError
from relais.identity.models import Purpose, SubjectKind
from relais.mandates.models import MandateState
from relais.www.decorators import allowed
from relais.www.identity.common import callback_url, config_for, error_page
from relais.www.mandates.views.common import _helper_mandate
from relais.www.persons.views.follow_ups import _helper_follow_up


def _subject(request, kind: str, subject_id: int):
    """(the person, where to come back) for a pending mandate or follow-up the helper manages."""
    if kind == SubjectKind.MANDATE:
        mandate = _helper_mandate(request, subject_id)
        if mandate.state != MandateState.PENDING:
            raise Http404
        return mandate.person, reverse("mandates:consent", args=[mandate.pk])
    if kind == SubjectKind.FOLLOW_UP:
        follow_up = _helper_follow_up(request, subject_id)
        if follow_up.state != FollowUpState.PENDING:
            raise Http404
        return follow_up.person, reverse("persons:follow_up_detail", args=[follow_up.pk])
    raise Http404


@require_POST
@allowed("identity.proof")
def proof_start(request, kind: str, subject_id: int):
    person, back = _subject(request, kind, subject_id)
    try:
        url = services.auth_request_start(
            config=config_for(request, "franceconnect"),
            redirect_uri=callback_url(request, "franceconnect"),
            purpose=Purpose.PROOF,
            next_url=back,
            actor=request.user,
            organisation=request.organisation,
            person=person,
            subject_kind=kind,
            subject_id=subject_id,
        )
    except IdentityError as error:
        return error_page(request, error, back=back)
    return redirect(url)
