"""Messages between the person (or their helper) and the agents."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from relais import policy
from relais.documents.processing import process_upload
from relais.journal.services import journal_record
from relais.procedures.models import Dossier, Message
from relais.procedures.services.attachments import store_attachment
from relais.procedures.services.common import MESSAGE_MAX_BYTES, journal_person_side
from relais.procedures.states import send_notification


@transaction.atomic
def message_post(
    *, dossier: Dossier, actor, body: str, upload: tuple[str, bytes] | None = None, on_behalf_of=None, mandate=None
) -> Message:
    policy.require(actor, "dossier.message", dossier, on_behalf_of=on_behalf_of)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Écrivez votre message."))
    from_agent = policy.allows(actor, "dossier.instruct", dossier) and not (
        dossier.person and getattr(getattr(actor, "person", None), "pk", None) == dossier.person_id
    )
    attachment = None
    if upload is not None:
        result = process_upload([upload[1]], accept={"image", "pdf"}, max_bytes=MESSAGE_MAX_BYTES)
        attachment = store_attachment(
            dossier=dossier,
            field_key="_message",
            name=upload[0],
            processed=result,
            original_size=len(upload[1]),
            actor=actor,
        )
    message = Message.objects.create(
        dossier=dossier,
        author=actor,
        author_label=str(actor)[:200],
        from_agent=from_agent,
        body=body,
        attachment=attachment,
    )
    link_person = settings.SITE_URL + reverse("procedures:dossier", args=[dossier.pk])
    if from_agent:
        journal_record(
            action="dossier.message",
            actor=actor,
            organisation=dossier.procedure.organisation,
            person=dossier.person,
            obj=dossier,
        )
        if dossier.person is not None:
            with translation.override(dossier.person.language or "fr"):
                subject = _("Nouveau message sur votre dossier : %(title)s") % {"title": dossier.procedure.title}
                text = _(
                    "Bonjour,\n\n%(org)s vous a écrit au sujet de votre dossier n° %(ref)s :\n\n%(body)s\n\nRépondre "
                    ": %(link)s"
                ) % {
                    "org": dossier.procedure.organisation.name,
                    "ref": dossier.reference,
                    "body": body,
                    "link": link_person,
                }
                sms = _("Relais : nouveau message sur votre dossier %(ref)s. %(link)s") % {
                    "ref": dossier.reference,
                    "link": link_person,
                }
            send_notification(
                event="dossier_message",
                key=f"dossier-{dossier.pk}-message-{message.pk}",
                person=dossier.person,
                subject=subject,
                body=text,
                sms=sms,
                link=link_person,
            )
    else:
        journal_person_side(
            action="dossier.message", actor=actor, dossier=dossier, on_behalf_of=on_behalf_of, mandate=mandate
        )
        if dossier.assignee_id:
            link = settings.SITE_URL + reverse("procedures:backoffice_dossier", args=[dossier.pk])
            send_notification(
                event="dossier_message_agent",
                key=f"dossier-{dossier.pk}-message-{message.pk}-agent",
                user=dossier.assignee,
                subject=_("Nouveau message — dossier %(ref)s") % {"ref": dossier.reference},
                body=_("La personne a écrit au sujet du dossier %(ref)s. Lire : %(link)s")
                % {"ref": dossier.reference, "link": link},
                link=link,
            )
    return message
