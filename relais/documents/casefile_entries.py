"""What the document safe adds to the person file (relais/casefile/registry.py): documents added and
attached to a dossier in the timeline, and the documents expiring within 60 days. A document is shown
only when the scope covers its type's category (`MANDATE_CATEGORY`: an identity card needs « Papiers »).

Each provider runs one query whatever the number of documents."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from relais.casefile.registry import Event, Panel, PanelItem, register_panel, register_timeline
from relais.core.formats import date_words
from relais.documents.models import MANDATE_CATEGORY, Document, DocumentUse

EXPIRING_WITHIN_DAYS = 60


def _covered(scope, document: Document) -> bool:
    return scope.covers(MANDATE_CATEGORY.get(document.doc_type))


@register_timeline("documents.document")
def document_events(scope, limit: int) -> list[Event]:
    events = []
    for document in Document.objects.alive().filter(person=scope.person).order_by("-created_at")[:limit]:
        if _covered(scope, document):
            events.append(
                Event(
                    at=document.created_at,
                    kind="documents.document",
                    text=_("Document ajouté au coffre : %(title)s") % {"title": document.title},
                    category=MANDATE_CATEGORY.get(document.doc_type) or "",
                )
            )
    uses = (
        DocumentUse.objects.filter(document__person=scope.person, document__deleted_at__isnull=True)
        .select_related("document")
        .order_by("-attached_at")[:limit]
    )
    for use in uses:
        if _covered(scope, use.document):
            events.append(
                Event(
                    at=use.attached_at,
                    kind="documents.shared",
                    text=_("Document joint à un dossier : %(title)s") % {"title": use.document.title},
                    category=MANDATE_CATEGORY.get(use.document.doc_type) or "",
                )
            )
    return events


@register_panel("documents.expiring")
def expiring_documents(scope) -> Panel:
    today = timezone.localdate()
    rows = (
        Document.objects.alive()
        .filter(
            person=scope.person,
            expires_on__isnull=False,
            expires_on__lte=today + dt.timedelta(days=EXPIRING_WITHIN_DAYS),
        )
        .order_by("expires_on")[:50]
    )
    items = []
    for document in rows:
        if not _covered(scope, document):
            continue
        if document.expires_on < today:
            detail = _("N'est plus valable depuis le %(date)s") % {"date": date_words(document.expires_on)}
        else:
            detail = _("Valable jusqu'au %(date)s") % {"date": date_words(document.expires_on)}
        items.append(PanelItem(text=f"{document.get_doc_type_display()} — {document.title}", detail=detail))
    return Panel(
        key="documents.expiring",
        title=_("Documents qui expirent dans les 60 jours"),
        items=items,
        empty_text=_("Aucun document n'expire dans les 60 jours."),
        order=20,
    )
