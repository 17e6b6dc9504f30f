"""Reads on procedures and dossiers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from relais.accounts.models import Person, User
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


def published_procedures_with_versions(*, category: str = ""):
    """Published procedures with their current version (the API's list)."""
    return published_procedures(category=category).select_related("current_version")


def published_procedure_get(*, procedure_id: int) -> Procedure | None:
    return published_procedures().filter(pk=procedure_id).first()


def published_procedure(*, slug: str) -> Procedure | None:
    return Procedure.objects.published().select_related("current_version", "organisation").filter(slug=slug).first()


def prefill_partner_ids(*, procedure: Procedure) -> list[int]:
    return list(procedure.prefill_partners.values_list("pk", flat=True))


def dossier_of_processing_organisation(*, dossier_id: int, organisation) -> Dossier | None:
    """A dossier of a procedure `organisation` processes (None otherwise), with its number of versions."""
    return (
        Dossier.objects.select_related("procedure")
        .filter(pk=dossier_id, procedure__organisation=organisation)
        .annotate(versions_count=Count("versions"))
        .first()
    )


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


def dossiers_by_person(*, person_ids, per_person: int = 5, limit: int = 500) -> dict[int, list[Dossier]]:
    """The latest dossiers of several persons in one query ({person id: newest first})."""
    result: dict[int, list[Dossier]] = {}
    qs = (
        Dossier.objects.filter(person_id__in=list(person_ids))
        .select_related("procedure__organisation")
        .order_by("-updated_at", "-pk")
    )
    for dossier in qs[:limit]:
        kept = result.setdefault(dossier.person_id, [])
        if len(kept) < per_person:
            kept.append(dossier)
    return result


def dossier_get(*, dossier_id: int, reader=None) -> Dossier:
    """The dossier with its procedure, organisation, version, person, assignee and helper. When
    `reader` (the user asking) is the dossier's person, `reader.person` and the person's account are
    the rows already in hand (no query for them later)."""
    dossier = get_object_or_404(
        Dossier.objects.select_related("procedure__organisation", "version", "person", "assignee", "helper"),
        pk=dossier_id,
    )
    person = dossier.person
    if person is not None and reader is not None and person.user_id is not None and person.user_id == reader.pk:
        _PERSON_USER.set_cached_value(person, reader)
        _USER_PERSON.set_cached_value(reader, person)
    return dossier


_PERSON_USER = Person._meta.get_field("user")  # Person.user, and its reverse User.person
_USER_PERSON = _PERSON_USER.remote_field


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
    # Local days as ranges of instants: the list indexes answer them (a date cast per row would not).
    if since:
        qs = qs.filter(submitted_at__gte=_day_start(since))
    if until:
        qs = qs.filter(submitted_at__lt=_day_start(until + dt.timedelta(days=1)))
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


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def list_cursor(dossier: Dossier) -> str:
    """The position of a dossier in the back-office order (submitted_at, id), for the page links."""
    return f"{(dossier.submitted_at - _EPOCH) // dt.timedelta(microseconds=1)}_{dossier.pk}"


def _parse_cursor(value: str | None) -> tuple[dt.datetime, int] | None:
    micros, _sep, pk = (value or "").partition("_")
    if not (micros.isdigit() and pk.isdigit()):
        return None
    return _EPOCH + dt.timedelta(microseconds=int(micros)), int(pk)


@dataclass
class ListPage:
    """One page of the back-office list (what the template reads, as Django's Page offers it)."""

    object_list: list
    number: int
    count: int
    per_page: int

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def paginator(self) -> ListPage:  # templates read page_obj.paginator.count / .num_pages
        return self

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages and bool(self.object_list)

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_cursor(self) -> str:
        return list_cursor(self.object_list[0]) if self.object_list else ""

    @property
    def next_cursor(self) -> str:
        return list_cursor(self.object_list[-1]) if self.object_list else ""


def backoffice_page(qs, number, *, after: str = "", before: str = "", per_page: int = 50) -> ListPage:
    """One page of `backoffice_dossiers` (newest first): the count, the page's ids from the index
    alone, then those rows. Three queries whatever the page.

    The page links carry the position of the row before (`after`: the last row of the previous
    page) or after (`before`: the first row of the next page) as a keyset cursor: the ids are read
    from that position in the index (no OFFSET, as cheap on page 1,500 as on page 2). A page number
    without a cursor (typed by hand) is read with an OFFSET."""
    count = qs.count()
    pages = max(1, -(-count // per_page))
    try:
        number = min(max(1, int(number or 1)), pages)
    except (TypeError, ValueError):
        number = 1
    ids_qs = qs.values_list("id", flat=True)
    ids: list[int] | None = None
    if (cursor := _parse_cursor(after)) is not None:
        at, pk = cursor
        ids = list(ids_qs.filter(submitted_at__lte=at).exclude(submitted_at=at, id__gte=pk)[:per_page])
    elif (cursor := _parse_cursor(before)) is not None:
        at, pk = cursor
        earlier = ids_qs.filter(submitted_at__gte=at).exclude(submitted_at=at, id__lte=pk)
        ids = list(earlier.order_by("submitted_at", "id")[:per_page])[::-1]
        if len(ids) < per_page:  # back at the start of the list
            number, ids = 1, None
    if ids is None:
        ids = list(ids_qs[(number - 1) * per_page : number * per_page])
    rows = {d.pk: d for d in qs.filter(pk__in=ids)} if ids else {}
    return ListPage([rows[pk] for pk in ids if pk in rows], number=number, count=count, per_page=per_page)


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


def attachment_served(*, attachment_id: int, version_number: int | None = None) -> Attachment:
    """An attachment the dossier holds now or, with `version_number`, that this submitted version holds
    (404 otherwise: a file replaced since stays with the versions that hold it and is served only through them)."""
    attachment = attachment_get(attachment_id=attachment_id)
    if attachment.field_key == "_message":  # attached to a message, not to an answer
        return attachment
    dossier = attachment.dossier
    if version_number is None:
        held = dossier.data.get(attachment.field_key) or []
    else:
        version = dossier.versions.filter(number=version_number).only("data").first()
        held = (version.data.get(attachment.field_key) or []) if version is not None else []
    if attachment.pk not in held:
        raise Http404("attachment not held")
    return attachment


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
