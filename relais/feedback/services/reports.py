"""Helper reports (« usager expert ») and their groups per procedure and field.

A report lands in the group of its procedure and field (created on the first report); the authors can move
it to another field's group when the helper picked the wrong one. Free texts go through the personal-data
check; the optional screenshot or document is an image or a PDF of 5 MB at most, sniffed from its bytes."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from relais import policy
from relais.core.errors import DomainError
from relais.documents.processing.common import UploadRefused
from relais.documents.processing.sniffing import sniff
from relais.feedback import pii
from relais.feedback.models import Group, Report
from relais.journal.services import journal_record
from relais.procedures.field_types import input_fields

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_KINDS = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "pdf": "application/pdf"}


class ReportRefused(DomainError):
    """A report that cannot be saved as given."""


def procedure_fields(procedure) -> list[tuple[str, str]]:
    """[(field key, label)] of the procedure's published version, in order."""
    version = procedure.current_version
    if version is None:
        return []
    return [(f["key"], f.get("label") or f["key"]) for f in input_fields(version.fields or []) if f.get("key")]


def group_for(*, procedure, field_key: str) -> Group:
    labels = dict(procedure_fields(procedure))
    label = (
        _("La question « %(label)s »") % {"label": labels[field_key]}
        if field_key in labels
        else _("La démarche dans son ensemble")
    )
    group, _created = Group.objects.get_or_create(
        procedure=procedure, field_key=field_key if field_key in labels else "", defaults={"label": label}
    )
    return group


def _checked_attachment(upload) -> str:
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ReportRefused(_("Le fichier joint dépasse 5 Mo : envoyez une capture plus légère."))
    head = upload.read(2048)
    upload.seek(0)
    try:
        kind = sniff(head)
    except UploadRefused:
        kind = None
    content_type = ATTACHMENT_KINDS.get(getattr(kind, "value", ""), "")
    if not content_type:
        raise ReportRefused(_("Le fichier joint doit être une image (JPEG, PNG, WebP) ou un PDF."))
    return content_type


@transaction.atomic
def report_submit(
    *,
    actor,
    procedure,
    field_key: str = "",
    page: str = "",
    what_happened: str,
    people_count: int = 1,
    attachment=None,
) -> tuple[Report, list[str]]:
    """Save a helper's report; returns it and the kinds of personal data removed from its texts."""
    policy.require(actor, "feedback.report", procedure)
    if procedure.is_archived:
        raise ReportRefused(_("Cette démarche est archivée : elle n'est plus proposée."))
    what, removed = pii.strip(what_happened.strip()[:3000])
    page_text, removed_page = pii.strip(page.strip()[:200])
    if not what.strip():
        raise ReportRefused(_("Décrivez ce qui s'est passé."))
    report = Report(
        procedure=procedure,
        field_key=field_key,
        page=page_text,
        what_happened=what,
        people_count=max(1, min(int(people_count or 1), 10000)),
        group=group_for(procedure=procedure, field_key=field_key),
        reporter=actor,
        organisation=getattr(getattr(actor, "active_membership", None), "organisation", None),
    )
    if attachment is not None:
        report.attachment_type = _checked_attachment(attachment)
        report.attachment.save(f"signalement.{report.attachment_type.split('/')[-1]}", attachment, save=False)
    report.save()
    journal_record(action="feedback.report_made", actor=actor, organisation=report.organisation, obj=report)
    return report, removed + removed_page


@transaction.atomic
def report_regroup(*, actor, report: Report, field_key: str) -> Report:
    """The authors move a report to the group of another field of the same procedure."""
    policy.require(actor, "feedback.author", report.procedure)
    report.group = group_for(procedure=report.procedure, field_key=field_key)
    report.field_key = report.group.field_key
    report.save(update_fields=["group", "field_key"])
    journal_record(action="feedback.report_regrouped", actor=actor, obj=report)
    return report


@transaction.atomic
def review_regroup(*, actor, review, field_key: str):
    """The authors move a review's text to the group of a field of its procedure."""
    policy.require(actor, "feedback.author", review.procedure)
    review.group = group_for(procedure=review.procedure, field_key=field_key)
    review.save(update_fields=["group"])
    journal_record(action="feedback.report_regrouped", actor=actor, obj=review)
    return review
