"""The one service to notify a person or a professional, and the delivery machinery behind it.

`notify()` records a Notification (unique on its idempotency `key`) and ONE Delivery on the
channel the recipient prefers (falling back to the other one when the address is missing), then
enqueues the `deliver` task once the transaction commits.

`delivery_send()` (run by the task) is at-least-once and idempotent:
1. lock the delivery, skip it if already sent / failed / being sent by a live worker;
2. mark it SENDING with a lease and record an Attempt, and COMMIT, before calling the provider;
3. call the provider with the delivery's idempotency key (SMS `Idempotency-Key` header, email
   Message-ID), then mark it SENT, or schedule a retry with exponential backoff, or give up.
If the worker dies during step 3, the delivery stays SENDING; `deliveries_requeue()` (the sweep,
`manage.py notifications_requeue`) enqueues it again once its lease has expired, and the provider
recognises the idempotency key: the person gets one SMS."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.accounts.models import Channel
from relais.core.phone import is_mobile, normalize_phone
from relais.notifications import backends, grouping
from relais.notifications.models import Attempt, Delivery, DeliveryStatus, Notification

logger = logging.getLogger(__name__)

SUBJECT_MAX = 200
SMS_MAX = 480


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_setting("NOTIFICATIONS_MAX_ATTEMPTS", 8))


def stale_after() -> dt.timedelta:
    """How long a delivery may stay SENDING (or overdue PENDING) before the sweep takes it back."""
    return dt.timedelta(seconds=float(_setting("NOTIFICATIONS_STALE_AFTER", 300)))


def retry_delay(attempts_done: int) -> dt.timedelta:
    """Exponential backoff: base, 2×base, 4×base... capped."""
    base = float(_setting("NOTIFICATIONS_RETRY_BASE", 60))
    cap = float(_setting("NOTIFICATIONS_RETRY_MAX", 3600))
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts_done - 1)))


# --- Routing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    channel: str
    address: str = ""
    error: str = ""  # why nothing could be sent (address empty)


_ORDER = {
    Channel.EMAIL: [Channel.EMAIL, Channel.SMS],
    Channel.SMS: [Channel.SMS, Channel.EMAIL],
    Channel.ORGANISATION: [Channel.ORGANISATION, Channel.EMAIL, Channel.SMS],
}


def _recipient_facts(person, user) -> dict:
    if person is not None:
        account = person.user
        return {
            "preferred": person.preferred_channel,
            "language": person.language,
            "email": person.email or (account.email if account else ""),
            "phone": person.phone or (account.phone if account else ""),
            "organisation": person.created_by_organisation,
        }
    linked_person = getattr(user, "person", None)
    return {
        "preferred": user.preferred_channel,
        "language": user.language,
        "email": user.email,
        "phone": user.phone,
        "organisation": linked_person.created_by_organisation if linked_person else None,
    }


def _address(channel: str, facts: dict) -> tuple[str, str]:
    """(address, "") when the channel can be used, ("", reason) otherwise."""
    if channel == Channel.EMAIL:
        if facts["email"]:
            return facts["email"], ""
        return "", _("Pas d'adresse électronique.")
    if channel == Channel.SMS:
        raw = facts["phone"]
        if not raw:
            return "", _("Pas de numéro de téléphone.")
        try:
            number = normalize_phone(raw)
        except ValidationError as exc:
            return "", _("Le numéro de téléphone « %(phone)s » n'est pas valide : %(error)s") % {
                "phone": raw,
                "error": " ".join(exc.messages),
            }
        if not is_mobile(number):
            return "", _("Le numéro %(phone)s est un téléphone fixe : il ne peut pas recevoir de SMS.") % {"phone": raw}
        return number, ""
    organisation = facts["organisation"]
    if organisation is None:
        return "", _("La fiche n'a pas été créée par une structure.")
    if not organisation.email:
        return "", _("La structure « %(name)s » n'a pas d'adresse électronique.") % {"name": organisation.name}
    return organisation.email, ""


def recipient_route(*, person=None, user=None) -> Route:
    """The channel and address to use for this recipient, by preference then fallback."""
    facts = _recipient_facts(person, user)
    preferred = facts["preferred"] if facts["preferred"] in _ORDER else Channel.EMAIL
    reasons = []
    for channel in _ORDER[preferred]:
        address, reason = _address(channel, facts)
        if address:
            return Route(channel=channel, address=address)
        reasons.append(reason)
    return Route(
        channel=preferred,
        error=_("Impossible de prévenir cette personne : %(reasons)s") % {"reasons": " ".join(reasons)},
    )


# --- notify --------------------------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@transaction.atomic
def notify(
    *,
    event: str,
    key: str,
    person=None,
    user=None,
    subject: str,
    body: str,
    sms: str = "",
    link: str = "",
    group: str = "",
) -> Notification:
    """Notify one recipient (a Person or a User) of an event, once per `key`.

    Texts are already in the recipient's language. A second call with the same key returns
    the existing notification and sends nothing new. With a `group` (one dossier's steps), the
    delivery waits a little and carries the recipient's other waiting steps of the group
    (relais.notifications.grouping)."""
    if not key:
        raise ValueError("notify() needs an idempotency key")
    if person is None and user is None:
        raise ValueError("notify() needs a recipient: a person or a user")
    if person is not None and user is not None and person.user_id != user.pk:
        raise ValueError("notify(): the user must be the person's own account")
    if person is not None:
        user = None  # the person's own preferences and addresses decide
    facts = _recipient_facts(person, user)
    route = recipient_route(person=person, user=user)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                event=event[:80],
                key=key,
                person=person,
                user=user if user is not None else (person.user if person is not None else None),
                language=facts["language"] or settings.LANGUAGE_CODE,
                subject=_clip(subject, SUBJECT_MAX),
                body=body,
                sms_body=_clip(sms, SMS_MAX),
                link=link[:500],
                group=group[:120],
            )
    except IntegrityError:  # the same key was notified already (or concurrently): nothing new is sent
        return Notification.objects.get(key=key)
    now = timezone.now()
    delivery = Delivery.objects.create(
        notification=notification,
        channel=route.channel,
        address=route.address,
        status=DeliveryStatus.PENDING if route.address else DeliveryStatus.FAILED,
        last_error=route.error,
        next_attempt_at=now if route.address else None,
    )
    if route.address and group and grouping.group_delay():
        due = grouping.merge_pending(delivery=delivery, now=now)
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=due)
        delivery_id = delivery.pk
        transaction.on_commit(lambda: delivery_enqueue(delivery_id=delivery_id, run_after=due))
    elif route.address:
        delivery_id = delivery.pk
        transaction.on_commit(lambda: delivery_enqueue(delivery_id=delivery_id))
    else:
        logger.warning("notification %s: nothing to send (%s)", key, route.error)
    return notification


def notify_on_commit(**kwargs) -> None:
    """`notify(**kwargs)` once the current transaction commits (nothing if it rolls back)."""
    transaction.on_commit(lambda: notify(**kwargs))


@transaction.atomic
def notify_address(*, event: str, key: str, email: str, subject: str, body: str, link: str = "") -> Notification:
    """Email an address that belongs to no account (a service without a Relais account, an organisation's
    shared inbox), with the same once-per-`key`, retries and proof as `notify()`. Texts are in French."""
    if not key or not email:
        raise ValueError("notify_address() needs an idempotency key and an address")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                event=event[:80],
                key=key,
                language="fr",
                subject=_clip(subject, SUBJECT_MAX),
                body=body,
                link=link[:500],
            )
    except IntegrityError:
        return Notification.objects.get(key=key)
    delivery = Delivery.objects.create(
        notification=notification,
        channel=Channel.EMAIL,
        address=email[:254],
        status=DeliveryStatus.PENDING,
        next_attempt_at=timezone.now(),
    )
    delivery_id = delivery.pk
    transaction.on_commit(lambda: delivery_enqueue(delivery_id=delivery_id))
    return notification


def notify_address_on_commit(**kwargs) -> None:
    """`notify_address(**kwargs)` once the current transaction commits."""
    transaction.on_commit(lambda: notify_address(**kwargs))


# --- Delivery ------------------------------------------------------------------------------------


def delivery_enqueue(*, delivery_id: int, run_after: dt.datetime | None = None) -> bool:
    """Enqueue the `deliver` task. With a backend that cannot defer (immediate, in tests), a
    delayed retry is left to the sweep. Returns whether a task was enqueued."""
    # cycle: notifications.tasks imports notifications.services
    from relais.notifications.tasks import deliver

    task = deliver
    if run_after is not None:
        if not deliver.get_backend().supports_defer:
            return False
        task = deliver.using(run_after=run_after)
    task.enqueue(delivery_id)
    return True


def _absolute(link: str) -> str:
    if link.startswith("/"):
        return settings.SITE_URL + link
    return link


def _recipient_name(notification: Notification) -> str:
    if notification.person_id:
        return notification.person.full_name
    if notification.user_id:
        return str(notification.user)
    return ""


def compose_email(
    notification: Notification, *, for_organisation: bool = False, merged: list[Notification] | None = None
) -> tuple[str, str]:
    """(subject, body) of the email for this notification (and the earlier steps `merged` into it)."""
    body = notification.body.strip()
    if merged:
        with translation.override(notification.language):
            subject, body = grouping.group_email([*merged, notification])
    with translation.override(notification.language):
        if notification.link and _absolute(notification.link) not in body:  # the body may give it already
            body += "\n\n" + _("Pour voir le détail : %(url)s") % {"url": _absolute(notification.link)}
        body += "\n\n-- \n" + _("Relais. Ce message est envoyé automatiquement, merci de ne pas y répondre.")
    subject = notification.subject
    if for_organisation:
        with translation.override("fr"):
            name = _recipient_name(notification)
            subject = _clip(_("Pour %(name)s : %(subject)s") % {"name": name, "subject": subject}, SUBJECT_MAX)
            body = (
                _(
                    "Bonjour,\n\n%(name)s a demandé que votre structure reçoive ses messages de Relais. "
                    "Merci de lui transmettre celui-ci.\n\n"
                )
                % {"name": name}
                + "-" * 20
                + "\n\n"
                + body
            )
    return subject, body


def compose_sms(notification: Notification, *, merged: list[Notification] | None = None) -> str:
    if merged:
        with translation.override(notification.language):
            return grouping.group_sms([*merged, notification], link=_absolute(notification.link), limit=SMS_MAX)
    text = notification.sms_body or notification.subject
    if notification.link:
        url = _absolute(notification.link)
        if url not in text:
            text = f"{text} {url}"
    return _clip(f"Relais : {text}" if not text.startswith("Relais") else text, SMS_MAX)


def _dispatch(delivery: Delivery) -> str:
    notification = delivery.notification
    key = delivery.idempotency_key
    merged = grouping.notifications_of(delivery)[:-1]
    if delivery.channel == Channel.SMS:
        return backends.send_sms(
            to=delivery.address, text=compose_sms(notification, merged=merged), idempotency_key=key
        )
    subject, body = compose_email(
        notification, for_organisation=delivery.channel == Channel.ORGANISATION, merged=merged
    )
    return backends.send_email(to=delivery.address, subject=subject, body=body, idempotency_key=key)


INTERRUPTED = "Tentative interrompue : le processus d'envoi s'est arrêté avant la fin."


def delivery_send(*, delivery_id: int) -> str:
    """Try to send one delivery (the body of the `deliver` task). Returns what happened."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__person", "notification__user")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "missing"
        if delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.MERGED):
            return f"already-{delivery.status}"
        if delivery.status == DeliveryStatus.SENDING and delivery.lease_until and delivery.lease_until > now:
            return "in-progress"  # another worker is on it
        if (
            delivery.status == DeliveryStatus.PENDING
            and delivery.next_attempt_at
            and delivery.next_attempt_at > now + dt.timedelta(seconds=1)
        ):
            return "not-due"
        if delivery.status == DeliveryStatus.SENDING:  # the previous worker died mid-way
            delivery.attempts.filter(finished_at__isnull=True).update(finished_at=now, ok=False, error=INTERRUPTED)
            delivery.last_error = INTERRUPTED
        if delivery.attempts_count >= max_attempts():
            delivery.status = DeliveryStatus.FAILED
            delivery.lease_until = None
            delivery.next_attempt_at = None
            delivery.last_error = f"Abandon après {delivery.attempts_count} tentatives. {delivery.last_error}".strip()
            delivery.save()
            return "failed"
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts_count += 1
        delivery.lease_until = now + stale_after()
        delivery.next_attempt_at = None
        delivery.save()
        attempt = Attempt.objects.create(delivery=delivery, started_at=now)
    # Committed: from here on, a crash leaves a SENDING delivery and an unfinished attempt.
    try:
        provider_id = _dispatch(delivery)
    except backends.DeliveryError as exc:
        return _delivery_failed(delivery_id=delivery_id, attempt_id=attempt.pk, error=str(exc), permanent=exc.permanent)
    except Exception as exc:  # a bug or an unexpected library error: keep it, retry later
        logger.exception("delivery %s: unexpected error", delivery_id)
        return _delivery_failed(
            delivery_id=delivery_id, attempt_id=attempt.pk, error=f"Erreur inattendue : {exc!r}", permanent=False
        )
    finished = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = finished
        delivery.provider_id = (provider_id or "")[:200]
        delivery.lease_until = None
        delivery.last_error = ""
        delivery.save()
        Attempt.objects.filter(pk=attempt.pk).update(
            finished_at=finished, ok=True, error="", provider_id=(provider_id or "")[:200]
        )
    return "sent"


def _delivery_failed(*, delivery_id: int, attempt_id: int, error: str, permanent: bool) -> str:
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        Attempt.objects.filter(pk=attempt_id).update(finished_at=now, ok=False, error=error)
        delivery.lease_until = None
        if delivery.status == DeliveryStatus.SENT:  # another worker succeeded meanwhile
            return "sent"
        if permanent or delivery.attempts_count >= max_attempts():
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            delivery.last_error = error if permanent else f"Abandon après {delivery.attempts_count} tentatives. {error}"
            delivery.save()
            return "failed"
        run_after = now + retry_delay(delivery.attempts_count)
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = run_after
        delivery.last_error = error
        delivery.save()
        transaction.on_commit(lambda: delivery_enqueue(delivery_id=delivery_id, run_after=run_after))
    return "retry"


def deliveries_requeue(*, older_than: dt.timedelta | None = None) -> int:
    """The sweep: enqueue again the deliveries no live task is taking care of.

    - SENDING whose lease expired (or untouched for `older_than`): the worker died mid-send;
    - PENDING overdue by `older_than`: the task was lost (process stopped before enqueueing).
    Enqueuing twice is harmless: `delivery_send` locks the row and skips what is done.
    Returns how many deliveries were enqueued."""
    older_than = stale_after() if older_than is None else older_than
    now = timezone.now()
    cutoff = now - older_than
    with transaction.atomic():
        stuck = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=DeliveryStatus.SENDING, lease_until__lte=now)
                | Q(status=DeliveryStatus.SENDING, updated_at__lte=cutoff)
                | Q(status=DeliveryStatus.SENDING, lease_until__isnull=True)
                | Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=cutoff)
                | Q(status=DeliveryStatus.PENDING, next_attempt_at__isnull=True, updated_at__lte=cutoff)
                # a grouped delivery now due (its deferred task may not exist: immediate backend)
                | Q(status=DeliveryStatus.PENDING, attempts_count=0, next_attempt_at__lte=now)
                & ~Q(notification__group="")
            )
            .values_list("pk", "status")
        )
        sending = [pk for pk, status in stuck if status == DeliveryStatus.SENDING]
        if sending:  # the sweep declares these attempts dead: end their lease now
            Delivery.objects.filter(pk__in=sending, status=DeliveryStatus.SENDING).update(lease_until=now)
        for pk, _status in stuck:
            transaction.on_commit(lambda pk=pk: delivery_enqueue(delivery_id=pk))
    if stuck:
        logger.warning("notifications: %d delivery(ies) enqueued again", len(stuck))
    return len(stuck)
