"""Reads on procedures and dossiers."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from relais.accounts.models import User
from relais.documents.selectors import documents_of
from relais.procedures import fields as F_
from relais.procedures.models import (
    Attachment,
    Dossier,
    DossierState,
    DossierVersion,
    GlossaryTerm,
    PersonProfile,
    Procedure,
    ProcedureVersion,
    Transition,
)


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
    return Dossier.objects.filter(person=person).select_related("procedure__organisation").order_by("-updated_at")


def dossier_get(*, dossier_id: int) -> Dossier:
    return get_object_or_404(
        Dossier.objects.select_related("procedure__organisation", "version", "person", "assignee", "helper"),
        pk=dossier_id,
    )


def backoffice_dossiers(
    *,
    procedure: Procedure,
    state: str = "",
    assignee: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    me=None,
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
            "id",
            "state",
            "submitted_at",
            "updated_at",
            "procedure_id",
            "person__first_name",
            "person__last_name",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__email",
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
    names = {a.pk: str(a) for a in dossier.attachments.only("pk", "original_name")}
    return F_.diff(dossier.version.fields, versions[old_number].data, versions[new_number].data, file_names=names)


# --- Single objects (404 when missing) ------------------------------------------------------


def procedure_by_slug(*, slug: str) -> Procedure:
    return get_object_or_404(Procedure.objects.select_related("organisation", "current_version"), slug=slug)


def procedure_get(*, procedure_id: int) -> Procedure:
    return get_object_or_404(Procedure.objects.select_related("organisation", "current_version"), pk=procedure_id)


def version_get(*, version_id: int) -> ProcedureVersion:
    return get_object_or_404(ProcedureVersion.objects.select_related("procedure__organisation"), pk=version_id)


def attachment_get(*, attachment_id: int) -> Attachment:
    queryset = Attachment.objects.select_related("dossier__version", "dossier__procedure")
    return get_object_or_404(queryset, pk=attachment_id)


def glossary_term_get(*, term_id: int) -> GlossaryTerm:
    return get_object_or_404(GlossaryTerm, pk=term_id)


# --- Lists and related rows for the screens ------------------------------------------------


def glossary_terms():
    return GlossaryTerm.objects.all()


def person_drafts(*, procedure: Procedure, person, limit: int = 3) -> list[Dossier]:
    """The person's latest drafts of a procedure (the catalogue page offers to resume them)."""
    qs = procedure.dossiers.filter(person=person, state=DossierState.DRAFT).order_by("-updated_at")
    return list(qs[:limit])


def dossier_versions(*, dossier: Dossier) -> list[DossierVersion]:
    return list(dossier.versions.all())


def last_transition(*, dossier: Dossier) -> Transition | None:
    return dossier.transitions.order_by("-at", "-id").first()


def dossier_messages(*, dossier: Dossier):
    return dossier.messages.select_related("attachment")


def procedure_versions(*, procedure: Procedure):
    return procedure.versions.order_by("-number")


def profile_data(*, person) -> dict:
    """The person's "tell us once" profile ({} when they have none)."""
    profile = PersonProfile.objects.filter(person=person).first()
    return profile.data if profile else {}


def safe_documents(*, dossier: Dossier) -> list:
    """Documents of the person's safe that can be attached without uploading again."""
    if dossier.person_id is None:
        return []
    return list(documents_of(dossier.person)[:30])


def organisation_agents(*, organisation):
    """Active agents and managers of an organisation (who may instruct its dossiers)."""
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=["agent", "manager"],
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def assignee_for(*, actor, choice: str):
    """The user picked in the back office's "assign" list: "me", a user id, or nobody."""
    if choice == "me":
        return actor
    return User.objects.filter(pk=choice).first() if choice.isdigit() else None


def export_rows(qs, fields: list[dict]):
    """CSV rows of `backoffice_dossiers` (the last submitted answers of each), in chunks of 2,000."""
    ids = list(qs.values_list("id", flat=True))
    latest = {}
    versions = (
        DossierVersion.objects.filter(dossier_id__in=ids).order_by("dossier_id", "number").only("dossier_id", "data")
    )
    for version in versions.iterator(chunk_size=2000):
        latest[version.dossier_id] = version.data
    for dossier in qs.iterator(chunk_size=2000):
        data = latest.get(dossier.pk, {})
        submitted = timezone.localtime(dossier.submitted_at).strftime("%d/%m/%Y %H:%M") if dossier.submitted_at else ""
        yield [
            dossier.reference,
            dossier.get_state_display(),
            submitted,
            str(dossier.person) if dossier.person_id else "",
            str(dossier.assignee) if dossier.assignee_id else "",
        ] + [F_.export_value(f, data.get(f["key"])) for f in fields]
