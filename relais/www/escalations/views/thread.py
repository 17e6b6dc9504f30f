"""The thread of one escalation: read it, answer, internal notes, invite, « wrong team », processed, close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.documents.selectors import documents_used_by
from relais.escalations import selectors, services
from relais.escalations.deadlines import appeal_text, deadline_state
from relais.escalations.identifiers import labelled
from relais.escalations.models import Status
from relais.escalations.rules import admin_side
from relais.www.decorators import allowed
from relais.www.escalations.forms import AnswerForm, CloseForm, HandOverForm, InviteForm, NoteForm, ProcessedForm
from relais.www.escalations.views.common import errors_text, escalation_or_404


def _context(request, escalation, **forms):
    administration = admin_side(request.user, escalation)
    seen = selectors.seen_at(escalation=escalation, user=request.user)
    today = timezone.localdate()
    other_teams = selectors.teams_choices(exclude=escalation.team)
    steps = selectors.thread(escalation=escalation, administration_side=administration)
    return {
        "title": _("Saisine %(ref)s : %(subject)s") % {"ref": escalation.reference, "subject": escalation.subject},
        "escalation": escalation,
        "administration_side": administration,
        "steps": [(step, seen is None or step.created_at > seen) for step in steps],
        "identifiers": labelled(escalation.identifiers, reveal=administration),
        "attachments": documents_used_by(escalation),
        "deadline_state": deadline_state(escalation, today),
        "deadline_text": appeal_text(escalation, today),
        "is_closed": escalation.status == Status.CLOSED,
        "can_close": policy.allows(request.user, "escalation.close", escalation),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "invite_form": forms.get("invite_form") or InviteForm(teams=other_teams),
        "hand_over_form": forms.get("hand_over_form") or HandOverForm(teams=other_teams),
        "processed_form": forms.get("processed_form") or ProcessedForm(),
    }


@allowed("escalation.inbox")
def escalation_detail(request, escalation_id: int):
    escalation = escalation_or_404(request, escalation_id)
    context = _context(request, escalation)
    services.escalation_viewed(actor=request.user, escalation=escalation, screen="escalation_detail")
    return render(request, "escalations/detail.html", context)


def _again(request, escalation, form_name: str, form, error=None):
    if error is not None:
        form.add_error(None, errors_text(error) if isinstance(error, ValidationError) else str(error))
    return render(request, "escalations/detail.html", _context(request, escalation, **{form_name: form}), status=400)


@require_POST
@allowed("escalation.inbox")
def escalation_answer(request, escalation_id: int):
    escalation = escalation_or_404(request, escalation_id)
    policy.require(request.user, "escalation.answer", escalation)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _again(request, escalation, "answer_form", form)
    services.escalation_answer(escalation=escalation, actor=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Votre réponse est envoyée."))
    return redirect("escalations:detail", escalation_id=escalation.pk)


@require_POST
@allowed("escalation.inbox")
def escalation_note(request, escalation_id: int):
    escalation = escalation_or_404(request, escalation_id)
    policy.require(request.user, "escalation.note", escalation)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _again(request, escalation, "note_form", form)
    services.escalation_note(escalation=escalation, actor=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("La note interne est enregistrée. Les aidants ne la voient pas."))
    return redirect("escalations:detail", escalation_id=escalation.pk)


@require_POST
@allowed("escalation.inbox")
def escalation_invite(request, escalation_id: int):
    escalation = escalation_or_404(request, escalation_id)
    policy.require(request.user, "escalation.invite", escalation)
    form = InviteForm(request.POST, teams=selectors.teams_choices(exclude=escalation.team))
    if not form.is_valid():
        return _again(request, escalation, "invite_form", form)
    expert = None
    email = form.cleaned_data.get("expert_email")
    if email:
        expert = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if expert is None or not expert.memberships.active().exists():
            return _again(
                request, escalation, "invite_form", form, _("Aucun professionnel de Relais n'a cette adresse.")
            )
    try:
        services.escalation_invite(
            escalation=escalation, actor=request.user, team=form.cleaned_data.get("team"), expert=expert
        )
    except ValidationError as error:
        return _again(request, escalation, "invite_form", form, error)
    messages.success(request, _("L'invitation est envoyée."))
    return redirect("escalations:detail", escalation_id=escalation.pk)


@require_POST
@allowed("escalation.inbox")
def escalation_wrong_team(request, escalation_id: int):
    escalation = escalation_or_404(request, escalation_id)
    policy.require(request.user, "escalation.wrong_team", escalation)
    form = HandOverForm(request.POST, teams=selectors.teams_choices(exclude=escalation.team))
    if not form.is_valid():
        return _again(request, escalation, "hand_over_form", form)
    try:
        services.escalation_hand_over(
            escalation=escalation, actor=request.user, team=form.cleaned_data["team"], text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        return _again(request, escalation, "hand_over_form", form, error)
    messages.success(request, _("La saisine est transmise à la bonne équipe."))
    if selectors.escalation_for(user=request.user, escalation_id=escalation.pk) is None:
        return redirect("escalations:inbox")
    return redirect("escalations:detail", escalation_id=escalation.pk)


@require_POST
@allowed("escalation.inbox")
def escalation_processed(request, escalation_id: int):
    escalation = escalation_or_404(request, escalation_id)
    policy.require(request.user, "escalation.processed", escalation)
    form = ProcessedForm(request.POST)
    if not form.is_valid():
        return _again(request, escalation, "processed_form", form)
    services.escalation_mark_processed(escalation=escalation, actor=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("La saisine est marquée traitée. L'aidant va la clôturer."))
    return redirect("escalations:detail", escalation_id=escalation.pk)


@allowed("escalation.inbox")
def escalation_close(request, escalation_id: int):
    escalation = escalation_or_404(request, escalation_id)
    policy.require(request.user, "escalation.close", escalation)
    form = CloseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.escalation_close(
                    escalation=escalation,
                    actor=request.user,
                    useful=form.cleaned_data["useful"],
                    outcome=form.cleaned_data["outcome"],
                )
            except ValidationError as error:
                form.add_error(None, errors_text(error))
            else:
                messages.success(request, _("La saisine est clôturée. La personne est prévenue."))
                return redirect("escalations:detail", escalation_id=escalation.pk)
    services.escalation_viewed(actor=request.user, escalation=escalation, screen="escalation_close")
    return render(
        request,
        "escalations/close.html",
        {
            "title": _("Clôturer la saisine %(ref)s") % {"ref": escalation.reference},
            "escalation": escalation,
            "form": form,
        },
        status=status,
    )
