"""The person file (« dossier usager complet », `/personnes/<id>/`) and its private notes.

The page is composed from the casefile registries only (relais/casefile/registry.py): the grants
decide whether and how far the active organisation sees it, each domain's providers add timeline
entries, pending items and panels. Every request re-checks the grants (a follow-up withdrawn or a
mandate ended while the file is open: the next request is refused with the reason), and the whole
page is ONE journal entry saying what was shown."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from relais import policy
from relais.accounts.selectors import person_by_id
from relais.casefile import registry, selectors, services
from relais.casefile.registry import WaitingFor
from relais.policy.roles import active_organisation
from relais.www.decorators import allowed
from relais.www.persons.file_forms import NoteForm, StrikeForm

#: events and notes shown by default; the whole history (up to the full limits) on demand
TIMELINE_LIMIT = 50
TIMELINE_FULL = 500
NOTES_LIMIT = 20
NOTES_FULL = 500

WAITING_TITLES = {
    WaitingFor.PERSON: gettext_lazy("Attend la personne"),
    WaitingFor.ADMINISTRATION: gettext_lazy("Attend l'administration"),
    WaitingFor.HELPER: gettext_lazy("Attend l'aidant"),
}


def _person(person_id: int):
    person = person_by_id(person_id)
    if person is None:
        raise Http404
    return person


def _allowed_scope(request, person) -> registry.Scope:
    """The scope of the active organisation on the person, or a refusal saying why (plain French)."""
    decision = policy.decide(request.user, "casefile.view_file", person)
    if not decision:
        raise policy.Refused(decision.reason)
    scope = registry.scope_for(organisation=active_organisation(request.user), person=person, user=request.user)
    if not scope.grants:  # ended between the rule and now
        raise policy.Refused(registry_refusal(scope))
    return scope


def registry_refusal(scope) -> str:
    ended = registry.last_ended_grant(organisation=scope.organisation, person=scope.person)
    return ended.text if ended else _("Vous ne pouvez plus voir le dossier de cette personne.")


def _render_file(request, person, *, note_form=None, status: int = 200):
    scope = _allowed_scope(request, person)
    full_history = request.GET.get("historique") == "tout"
    limit = TIMELINE_FULL if full_history else TIMELINE_LIMIT
    events = registry.timeline(scope, limit=limit + 1)
    cut = len(events) > limit
    events = events[:limit]
    pending_items = registry.pending(scope)
    groups = [
        {"key": key, "title": title, "items": [item for item in pending_items if item.waiting_for == key]}
        for key, title in WAITING_TITLES.items()
    ]
    panels = registry.panels(scope)
    all_notes = request.GET.get("notes") == "toutes"
    notes_limit = NOTES_FULL if all_notes else NOTES_LIMIT
    notes = selectors.notes_for(organisation=scope.organisation, person=person, limit=notes_limit + 1)
    notes_cut = len(notes) > notes_limit
    notes = notes[:notes_limit]
    follow_up = selectors.open_follow_up_for(organisation=scope.organisation, person=person)
    services.file_view_record(
        actor=request.user,
        organisation=scope.organisation,
        person=person,
        shown={
            "screen": "person_file",
            "grants": sorted({grant.source for grant in scope.grants}),
            "categories": sorted(scope.categories),
            "timeline": dict(Counter(event.kind for event in events)),
            "pending": dict(Counter(item.waiting_for for item in pending_items)),
            "panels": {panel.key: len(panel.items) for panel in panels},
            "notes": [note.pk for note in notes],
        },
    )
    return render(
        request,
        "persons/file.html",
        {
            "title": _("Dossier de %(person)s") % {"person": person},
            "person": person,
            "scope": scope,
            "events": events,
            "timeline_cut": cut,
            "timeline_limit": limit,
            "full_history": full_history,
            "notes_cut": notes_cut,
            "all_notes": all_notes,
            "pending_groups": groups,
            "pending_count": len(pending_items),
            "panels": panels,
            "notes": notes,
            "note_form": note_form or NoteForm(),
            "follow_up": follow_up,
            "can_propose_follow_up": follow_up is None
            and not any(grant.source == "follow_up" for grant in scope.grants),
            "can_escalate": policy.allows(request.user, "escalation.create", person),
        },
        status=status,
    )


@allowed("casefile.view_file")
def person_file(request, person_id: int):
    return _render_file(request, _person(person_id))


@require_POST
@allowed("casefile.view_file")
def note_add(request, person_id: int):
    person = _person(person_id)
    scope = _allowed_scope(request, person)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                actor=request.user, organisation=scope.organisation, person=person, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("La note est enregistrée."))
            return redirect(reverse("persons:file", args=[person.pk]) + "#notes")
    return _render_file(request, person, note_form=form, status=400)


@require_POST
@allowed("casefile.view_file")
def note_strike(request, person_id: int, note_id: int):
    person = _person(person_id)
    scope = _allowed_scope(request, person)
    note = selectors.note_for(organisation=scope.organisation, person=person, note_id=note_id)
    if note is None:
        raise Http404
    form = StrikeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dites pourquoi vous barrez cette note."))
    else:
        try:
            services.note_strike(actor=request.user, note=note, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La note est barrée. Son texte reste lisible, avec le motif."))
    return redirect(reverse("persons:file", args=[person.pk]) + "#notes")
