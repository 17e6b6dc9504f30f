"""The fix-ticket lifecycle: one table of allowed transitions, one function that applies them.

    open ──▶ acknowledged ──▶ planned ──▶ shipped (with a published procedure version) ──▶ verified
      └───────────┴──────────────┴──────▶ shipped            shipped ──▶ planned (the fix did not hold)

`ticket_transition` is the only code that assigns `Ticket.state`: it checks, records a TicketChange,
journals, and on « shipped » tells the helpers and the persons who reported it (relais.notifications)."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from relais import policy
from relais.core.errors import DomainError
from relais.feedback import pii
from relais.feedback.models import Group, Ticket, TicketChange, TicketState
from relais.journal.services import journal_record
from relais.notifications.services import notify_on_commit
from relais.procedures.models import ProcedureVersion

S = TicketState


class TicketError(DomainError):
    """A change of state not allowed, or a ship without a published version."""


TRANSITIONS: dict[str, set[str]] = {
    S.OPEN: {S.ACKNOWLEDGED, S.PLANNED, S.SHIPPED},
    S.ACKNOWLEDGED: {S.PLANNED, S.SHIPPED},
    S.PLANNED: {S.SHIPPED},
    S.SHIPPED: {S.VERIFIED, S.PLANNED},
    S.VERIFIED: set(),
}


def _first_report_at(group: Group):
    dates = list(group.reports.order_by("created_at").values_list("created_at", flat=True)[:1])
    dates += list(group.reviews.order_by("created_at").values_list("created_at", flat=True)[:1])
    return min(dates) if dates else None


@transaction.atomic
def ticket_open(*, actor, group: Group, answer: str = "") -> Ticket:
    policy.require(actor, "feedback.author", group.procedure)
    ticket, created = Ticket.objects.get_or_create(
        group=group,
        defaults={"opened_by": actor, "first_report_at": _first_report_at(group), "public_answer": answer},
    )
    if created:
        journal_record(
            action="feedback.ticket_opened", actor=actor, organisation=group.procedure.organisation, obj=ticket
        )
    return ticket


def _notify_reporters(ticket: Ticket) -> int:
    group = ticket.group
    procedure = group.procedure
    version = ticket.shipped_version
    link = procedure.get_absolute_url()
    sent = 0
    recipients = {("user", r.reporter_id): r.reporter for r in group.reports.select_related("reporter") if r.reporter}
    recipients.update({("person", r.person_id): r.person for r in group.reviews.select_related("person") if r.person})
    for (kind, pk), recipient in recipients.items():
        language = (getattr(recipient, "language", "") or "fr") if kind == "person" else "fr"
        with translation.override(language):
            values = {"procedure": procedure.title, "version": version.number, "subject": group.label}
            subject = _("Démarche « %(procedure)s » : le problème signalé est corrigé") % values
            body = (
                _(
                    "Merci pour votre signalement sur la démarche « %(procedure)s » (%(subject)s) : la correction "
                    "est en ligne dans la version %(version)s."
                )
                % values
            )
            if ticket.public_answer:
                body += "\n\n" + _("La réponse des auteurs : %(answer)s") % {"answer": ticket.public_answer}
        notify_on_commit(
            event="feedback_fix_shipped",
            key=f"feedback-ticket-{ticket.pk}-shipped-{version.pk}-{kind}-{pk}",
            subject=subject,
            body=body,
            sms=subject,
            link=link,
            **({"person": recipient} if kind == "person" else {"user": recipient}),
        )
        sent += 1
    return sent


@transaction.atomic
def ticket_transition(
    *, actor, ticket: Ticket, to: str, answer: str | None = None, version: ProcedureVersion | None = None
) -> Ticket:
    ticket = Ticket.objects.select_for_update().select_related("group__procedure").get(pk=ticket.pk)
    policy.require(actor, "feedback.author", ticket.group.procedure)
    if to not in TRANSITIONS.get(ticket.state, set()) and not (to == ticket.state and answer is not None):
        raise TicketError(
            _("Ce ticket est « %(state)s » : ce changement n'est pas possible.") % {"state": ticket.get_state_display()}
        )
    if answer is not None:
        ticket.public_answer = pii.strip(answer.strip()[:2000])[0]
    previous = ticket.state
    if to == S.SHIPPED and previous != S.SHIPPED:
        if version is None or version.procedure_id != ticket.group.procedure_id or not version.is_published:
            raise TicketError(_("Choisissez la version publiée de la démarche qui contient la correction."))
        ticket.shipped_version = version
        ticket.shipped_at = version.published_at
    ticket.state = to
    ticket.save()
    if previous != to:
        TicketChange.objects.create(ticket=ticket, from_state=previous, to_state=to, actor=actor)
        journal_record(
            action="feedback.ticket_changed",
            actor=actor,
            organisation=ticket.group.procedure.organisation,
            obj=ticket,
            details={"from": previous, "to": to},
        )
        if to == S.SHIPPED:
            _notify_reporters(ticket)
    return ticket


__all__ = ["TRANSITIONS", "TicketError", "ticket_open", "ticket_transition"]
