"""The messages of an appointment: confirmation, change, cancellation, reminder, slot removed, earlier slot.

Each goes by SMS or email per the person's preference (`relais.notifications.notify`), in their
language, with the signed link to see, cancel or rebook; a sensitive reason (`hidden_in_messages`) is
never named: the message says only « rendez-vous ». Every message is kept as a receipt (a
Notification whose key starts with `appointment-<id>-`), erased with the appointment."""

from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from relais.appointments.links import manage_url
from relais.appointments.models import Appointment, Location
from relais.core.formats import date_words
from relais.notifications.services import notify_on_commit


def when(appointment: Appointment) -> str:
    start = timezone.localtime(appointment.starts_at)
    return _("le %(day)s %(date)s") % {
        "day": formats.date_format(start, "l"),
        "date": date_words(start, with_year=False, with_time=True),
    }


def where(appointment: Appointment) -> str:
    location = appointment.reason.location
    if location == Location.PHONE:
        return _("par téléphone : %(place)s vous appellera") % {"place": appointment.place.name}
    if location == Location.VIDEO:
        return _("par appel vidéo avec %(place)s") % {"place": appointment.place.name}
    if location == Location.HOME:
        return _("à votre domicile, avec %(place)s") % {"place": appointment.place.name}
    address = " ".join(
        p for p in (appointment.place.address, appointment.place.postcode, appointment.place.commune_name) if p
    )
    return _("à %(place)s, %(address)s") % {"place": appointment.place.name, "address": address}


def subject_of(appointment: Appointment) -> str:
    """« rendez-vous » alone when the reason is sensitive."""
    if appointment.reason.hidden_in_messages:
        return _("rendez-vous")
    return _("rendez-vous « %(reason)s »") % {"reason": appointment.reason.name}


KINDS = ("confirmed", "changed", "cancelled", "revoked", "reminder", "offer")


def _texts(kind: str, appointment: Appointment, *, missing: list[str], extra: str) -> dict:
    values = {"what": subject_of(appointment), "when": when(appointment), "where": where(appointment)}
    link = manage_url(appointment)
    if kind == "confirmed":
        subject = _("Votre %(what)s est confirmé") % values
        body = _("Votre %(what)s est confirmé %(when)s, %(where)s.") % values
        if missing:
            body += "\n\n" + _("Documents à apporter, qui ne sont pas encore dans votre coffre : %(docs)s.") % {
                "docs": ", ".join(missing)
            }
    elif kind == "changed":
        subject = _("Votre %(what)s a changé") % values
        body = _("Votre %(what)s a changé : il aura lieu %(when)s, %(where)s.") % values
    elif kind == "cancelled":
        subject = _("Votre %(what)s est annulé") % values
        body = _("Votre %(what)s %(when)s est annulé. Vous pouvez en reprendre un avec le lien.") % values
    elif kind == "revoked":
        subject = _("Votre %(what)s est annulé par le service") % values
        body = (
            _(
                "Le service a dû annuler votre %(what)s %(when)s. Nous en sommes désolés. "
                "Choisissez un autre créneau avec le lien."
            )
            % values
        )
    elif kind == "reminder":
        subject = _("Rappel : votre %(what)s %(when)s") % values
        body = (
            _("Rappel : votre %(what)s a lieu %(when)s, %(where)s. Si vous ne pouvez pas venir, annulez avec le lien.")
            % values
        )
    else:  # offer of an earlier slot
        subject = _("Un créneau plus tôt est libre pour votre %(what)s") % values
        body = _("Un créneau plus tôt s'est libéré : %(extra)s. Pour le prendre, ouvrez le lien.") % {"extra": extra}
    sms = _("Relais : %(body)s Voir, annuler ou changer : %(link)s") % {"body": body.split("\n")[0], "link": link}
    return {
        "subject": subject,
        "body": body + "\n\n" + _("Voir, annuler ou changer : %(link)s") % {"link": link},
        "sms": sms,
    }


def send(
    kind: str, appointment: Appointment, *, missing: list[str] | None = None, extra: str = "", key: str = ""
) -> None:
    """Notify the person once the transaction commits (once per `key`)."""
    person = appointment.person
    with translation.override(person.language or "fr"):
        texts = _texts(kind, appointment, missing=missing or [], extra=extra)
    notify_on_commit(
        event=f"appointment_{kind}",
        key=key or f"appointment-{appointment.pk}-{kind}",
        person=person,
        subject=texts["subject"],
        body=texts["body"],
        sms=texts["sms"],
        link=manage_url(appointment),
    )


def ics(appointment: Appointment) -> str:
    """An iCalendar (RFC 5545) file of the appointment, the reason hidden when sensitive."""

    def stamp(value):
        return value.astimezone(timezone.get_fixed_timezone(0)).strftime("%Y%m%dT%H%M%SZ")

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Relais//Rendez-vous//FR",
        "BEGIN:VEVENT",
        f"UID:appointment-{appointment.pk}@relais",
        f"DTSTAMP:{stamp(appointment.created_at or timezone.now())}",
        f"DTSTART:{stamp(appointment.starts_at)}",
        f"DTEND:{stamp(appointment.ends_at)}",
        f"SUMMARY:{escape(subject_of(appointment).capitalize())}",
        f"LOCATION:{escape(where(appointment))}",
        f"URL:{manage_url(appointment)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
