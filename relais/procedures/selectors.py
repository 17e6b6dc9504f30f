"""Reads on procedures and dossiers."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from relais.procedures import fields as F_
from relais.procedures.models import Attachment, Dossier, DossierState, GlossaryTerm, Procedure, Transition


def published_procedures(*, category: str = "", text: str = ""):
    qs = Procedure.objects.published().select_related("organisation")
    if category:
        qs = qs.filter(category=category)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(description__icontains=text))
    return qs.order_by("title")


def procedures_of_organisation(*, organisation):
    return (
        Procedure.objects.filter(organisation=organisation)
        .select_related("current_version")
        .annotate(
            waiting=Count("dossiers", filter=Q(dossiers__state=DossierState.SUBMITTED)),
            reviewing=Count("dossiers", filter=Q(dossiers__state=DossierState.IN_REVIEW)),
        )
        .order_by("title")
    )


def dossiers_of_person(*, person):
    return (
        Dossier.objects.filter(person=person)
        .select_related("procedure__organisation")
        .order_by("-updated_at")
    )


def dossier_get(*, dossier_id: int) -> Dossier:
    return get_object_or_404(Dossier.objects.select_related("procedure__organisation", "version", "person", "assignee", "helper"), pk=dossier_id)


def backoffice_dossiers(
    *, procedure: Procedure, state: str = "", assignee: str = "", since: dt.date | None = None, until: dt.date | None = None, me=None,
):
    """Submitted dossiers of a procedure, newest first. Two queries per page (count + rows)."""
    # A dossier leaves the draft state only by being submitted, so "submitted_at is set" means
    # "not a draft", and it is answered from the list indexes (index-only counts and offsets).
    qs = Dossier.objects.filter(procedure=procedure, submitted_at__isnull=False)
    if state:
        qs = qs.filter(state=state)
    if assignee == "me" and me is not None:
        qs = qs.filter(assignee=me)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assignee_id=int(assignee))
    if since:
        qs = qs.filter(submitted_at__date__gte=since)
    if until:
        qs = qs.filter(submitted_at__date__lte=until)
    return (
        qs.select_related("person", "assignee")
        .only(
            "id", "state", "submitted_at", "updated_at", "procedure_id", "person__first_name", "person__last_name",
            "assignee__first_name", "assignee__last_name", "assignee__email",
        )
        .order_by("-submitted_at", "-id")
    )


def backoffice_page(qs, number, *, per_page: int = 50):
    """One page of `backoffice_dossiers`: count, then the page's ids from the index alone (cheap even
    deep in the list), then those rows. Three queries whatever the page."""
    paginator = Paginator(qs.values_list("id", flat=True), per_page)
    page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = {d.pk: d for d in qs.filter(pk__in=ids)} if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def timeline(*, dossier: Dossier) -> list[dict]:
    """Transitions and messages, oldest first, for the person's and the agent's view."""
    events = [
        {"at": t.at, "kind": "transition", "transition": t}
        for t in Transition.objects.filter(dossier=dossier).select_related("actor")
    ]
    events.append({"at": dossier.created_at, "kind": "created"})
    return sorted(events, key=lambda e: e["at"])


def attachments_by_id(*, dossier: Dossier) -> dict[int, Attachment]:
    return {a.pk: a for a in Attachment.objects.filter(dossier=dossier)}


def glossary_for(fields: list[dict]) -> dict[str, GlossaryTerm]:
    slugs = set()
    for item in fields:
        slugs.update(item.get("glossary") or [])
        for child in item.get("fields") or []:
            slugs.update(child.get("glossary") or [])
    if not slugs:
        return {}
    return {t.slug: t for t in GlossaryTerm.objects.filter(slug__in=slugs)}


def version_diff(*, dossier: Dossier, old_number: int, new_number: int) -> list[dict]:
    versions = {v.number: v for v in dossier.versions.filter(number__in=[old_number, new_number])}
    if old_number not in versions or new_number not in versions:
        return []
    return F_.diff(dossier.version.fields, versions[old_number].data, versions[new_number].data)
