"""What the referring professional, the person and the receiving service are told, in plain French.

The referrer and the person are told each change through the notifications service (one notification per
referral and state: idempotent). The receiving service without a Relais account gets an email with the
signed link and never the person's data in the email itself; with an account, its members are told
through the notifications service and read the referral in their Relais inbox."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from relais.notifications.services import notify_address_on_commit, notify_on_commit
from relais.referrals import links
from relais.referrals.models import Delivery, Referral, ReferralState

S = ReferralState


def _person_link() -> str:
    return reverse("referrals:mine")


def _referrer_link(referral: Referral) -> str:
    return reverse("referrals:sent_detail", args=[referral.pk])


def _answer(referral: Referral) -> str:
    if referral.state == S.ACCEPTED:
        step = referral.get_next_step_display().lower() if referral.next_step else ""
        text = _("Suite proposée : %(step)s.") % {"step": step} if step else ""
        if referral.answer_message:
            text = f"{text} « {referral.answer_message} »".strip()
        return text
    if referral.state == S.REFUSED:
        text = _("Raison : %(reason)s.") % {"reason": referral.get_refusal_reason_display().lower()}
        if referral.answer_message:
            text = f"{text} « {referral.answer_message} »"
        return text
    return ""


def _person_texts(referral: Referral, to: str) -> tuple[str, str] | None:
    service = referral.service_name
    org = referral.organisation.name if referral.organisation else _("votre accompagnant")
    texts = {
        S.SENT: (
            _("Vous êtes orienté vers « %(service)s »"),
            _("%(org)s vous a orienté vers « %(service)s ». Le service va répondre ; vous serez prévenu."),
        ),
        S.OPENED: (
            _("« %(service)s » a lu votre orientation"),
            _("Le service « %(service)s » a ouvert l'orientation envoyée par %(org)s. Il va répondre."),
        ),
        S.ACCEPTED: (
            _("« %(service)s » accepte de vous recevoir"),
            _("Bonne nouvelle : le service « %(service)s » accepte l'orientation envoyée par %(org)s. %(answer)s"),
        ),
        S.REFUSED: (
            _("« %(service)s » ne peut pas vous recevoir"),
            _(
                "Le service « %(service)s » ne peut pas donner suite à l'orientation envoyée par %(org)s. "
                "%(answer)s Parlez-en avec %(org)s pour trouver une autre solution."
            ),
        ),
        S.EXPIRED: (
            _("« %(service)s » n'a pas répondu"),
            _(
                "Le service « %(service)s » n'a pas répondu à l'orientation envoyée par %(org)s depuis 30 jours : "
                "elle est close. Parlez-en avec %(org)s."
            ),
        ),
        S.CANCELLED: (
            _("Orientation vers « %(service)s » annulée"),
            _("L'orientation vers « %(service)s » est annulée. Le service ne peut plus la lire."),
        ),
    }
    if to not in texts:
        return None
    subject, body = texts[to]
    values = {"service": service, "org": org, "answer": _answer(referral)}
    return str(subject) % values, (str(body) % values).replace("  ", " ").strip()


def _referrer_texts(referral: Referral, to: str) -> tuple[str, str] | None:
    person = str(referral.person) if referral.person else _("la personne")
    service = referral.service_name
    texts = {
        S.SENT: (_("Orientation envoyée à « %(service)s »"), _("L'orientation de %(person)s est envoyée au service.")),
        S.OPENED: (_("« %(service)s » a ouvert l'orientation"), _("Le service a ouvert l'orientation de %(person)s.")),
        S.ACCEPTED: (
            _("« %(service)s » accepte l'orientation"),
            _("Le service accepte l'orientation de %(person)s. %(answer)s"),
        ),
        S.REFUSED: (
            _("« %(service)s » refuse l'orientation"),
            _("Le service refuse l'orientation de %(person)s. %(answer)s"),
        ),
        S.EXPIRED: (
            _("Orientation sans réponse : « %(service)s »"),
            _("Le service n'a pas répondu en 30 jours à l'orientation de %(person)s : elle est close."),
        ),
        S.CANCELLED: (
            _("Orientation annulée : « %(service)s »"),
            _("L'orientation de %(person)s est annulée."),
        ),
    }
    if to not in texts:
        return None
    subject, body = texts[to]
    values = {"service": service, "person": person, "answer": _answer(referral)}
    return str(subject) % values, (str(body) % values).strip()


def state_changed(referral: Referral, *, to: str, previous: str) -> None:
    """Tell the person and the referrer (after commit); send the link or the inbox notice when sent."""
    person = referral.person
    if person is not None and to != S.MODERATION:
        with translation.override(person.language or "fr"):
            texts = _person_texts(referral, to)
        if texts:
            notify_on_commit(
                event=f"referral_{to}",
                key=f"referral-{referral.pk}-{to}-person",
                person=person,
                subject=texts[0],
                body=texts[1],
                sms=texts[0],
                link=_person_link(),
            )
    referrer = referral.referrer
    if referrer is not None:
        with translation.override(referrer.language or "fr"):
            texts = _referrer_texts(referral, to)
        if texts:
            notify_on_commit(
                event=f"referral_{to}_referrer",
                key=f"referral-{referral.pk}-{to}-referrer",
                user=referrer,
                subject=texts[0],
                body=texts[1],
                link=_referrer_link(referral),
            )
    if to == S.SENT:
        tell_service(referral)


def _service_email(referral: Referral) -> str:
    service = referral.service
    conf = getattr(service, "referral_settings", None) if service is not None else None
    if conf is not None and conf.contact_email:
        return conf.contact_email
    if service is not None:
        return service.email or service.place.email
    return ""


def send_link(referral: Referral, *, renewed: bool = False) -> bool:
    """Email the signed link to the service's address (after commit). False when it has no address."""
    address = _service_email(referral)
    if not address:
        return False
    org = referral.organisation.name if referral.organisation else _("un professionnel")
    url = settings.SITE_URL + links.link_path(referral)
    subject = (
        _("Nouveau lien pour une orientation vers « %(service)s »")
        if renewed
        else _("Nouvelle orientation de %(org)s vers « %(service)s »")
    ) % {"org": org, "service": referral.service_name}
    body = _(
        "Bonjour,\n\n%(org)s vous oriente une personne, pour le service « %(service)s ».\n\n"
        "Pour lire la demande et répondre (accepter, poser une question ou refuser), ouvrez ce lien sécurisé, "
        "valable %(days)s jours :\n%(url)s\n\n"
        "Ce lien est personnel à votre service : ne le transférez pas. Sans réponse, vous recevrez un rappel.\n\n"
        "Relais"
    ) % {"org": org, "service": referral.service_name, "days": links.link_days(), "url": url}
    notify_address_on_commit(
        event="referral_link",
        key=f"referral-{referral.pk}-link-{hashlib.sha256(url.encode()).hexdigest()[:24]}",
        email=address,
        subject=subject,
        body=body,
    )
    return True


def tell_service(referral: Referral, *, reminder: bool = False) -> None:
    if referral.delivery == Delivery.INBOX and referral.service is not None and referral.service.place.organisation:
        organisation = referral.service.place.organisation
        for membership in organisation.memberships.active().select_related("user"):
            user = membership.user
            with translation.override(user.language or "fr"):
                subject = (
                    _("Rappel : une orientation attend votre réponse (« %(service)s »)")
                    if reminder
                    else _("Nouvelle orientation pour « %(service)s »")
                ) % {"service": referral.service_name}
                body = _("Lisez-la et répondez dans votre boîte de réception des orientations, sur Relais.")
            notify_on_commit(
                event="referral_received" if not reminder else "referral_reminder",
                key=f"referral-{referral.pk}-{'reminder' if reminder else 'received'}-{user.pk}",
                user=user,
                subject=subject,
                body=body,
                link=reverse("referrals:inbox_detail", args=[referral.pk]),
            )
        return
    if reminder:
        address = _service_email(referral)
        if not address:
            return
        url = settings.SITE_URL + links.link_path(referral)
        subject = _("Rappel : une orientation attend votre réponse (« %(service)s »)") % {
            "service": referral.service_name
        }
        body = _(
            "Bonjour,\n\nUne orientation envoyée il y a 10 jours attend encore votre réponse. Sans réponse dans 20 "
            "jours, elle sera close.\n\nLien sécurisé, valable %(days)s jours :\n%(url)s\n\nRelais"
        ) % {"days": links.link_days(), "url": url}
        notify_address_on_commit(
            event="referral_link_reminder",
            key=f"referral-{referral.pk}-link-reminder",
            email=address,
            subject=subject,
            body=body,
        )
        return
    send_link(referral)


def tell_referrer_question(referral: Referral, text: str) -> None:
    referrer = referral.referrer
    if referrer is None:
        return
    with translation.override(referrer.language or "fr"):
        subject = _("Question de « %(service)s » sur une orientation") % {"service": referral.service_name}
        body = _("Le service pose une question sur l'orientation de %(person)s : « %(text)s »") % {
            "person": referral.person or _("la personne"),
            "text": text[:300],
        }
    notify_on_commit(
        event="referral_question",
        key=f"referral-{referral.pk}-question-{referral.messages.count()}",
        user=referrer,
        subject=subject,
        body=body,
        link=_referrer_link(referral),
    )
