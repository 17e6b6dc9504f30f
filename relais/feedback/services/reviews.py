"""Reviews: the JDMA questions answered at the end of a procedure, the simulator or the directory.

Refused with a plain-French message: a review on an archived procedure, more than FEEDBACK_MAX_REVIEWS_PER_DAY
from one client in a day (client = a salted hash of IP and browser, never the raw IP), the same text as a
recent review. Free text goes through the personal-data check and waits for moderation."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from relais import policy
from relais.core.errors import DomainError
from relais.feedback import pii
from relais.feedback.aggregates import aggregate_add
from relais.feedback.models import Group, Kind, Review, StoryState, target_key
from relais.journal.services import journal_record

VERBATIM_MAX = 2000


class ReviewRefused(DomainError):
    """A review that cannot be saved (spam, archived procedure)."""


def client_hash(*, ip: str, user_agent: str) -> str:
    """A salted hash (HMAC with the site's secret) of IP and user agent: the raw IP is never stored."""
    return salted_hmac("relais.feedback.client", f"{ip}|{user_agent}").hexdigest()


def _text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest() if text.strip() else ""


def max_per_day() -> int:
    return int(getattr(settings, "FEEDBACK_MAX_REVIEWS_PER_DAY", 5))


def general_group(procedure) -> Group:
    group, _created = Group.objects.get_or_create(
        procedure=procedure, field_key="", defaults={"label": _("La démarche dans son ensemble")}
    )
    return group


@transaction.atomic
def review_submit(
    *,
    actor,
    kind: str,
    procedure=None,
    satisfaction: str,
    comprehension: int | None = None,
    contact_tried: list[str] | None = None,
    contact_reached: str = "",
    contact_satisfaction: str = "",
    verbatim: str = "",
    link_to_person: bool = False,
    client: str = "",
    now: dt.datetime | None = None,
) -> tuple[Review, list[str]]:
    """Save one review; returns it and the kinds of personal data removed from its text."""
    policy.require(actor, "feedback.review", procedure)
    now = now or timezone.now()
    if kind == Kind.PROCEDURE:
        if procedure is None:
            raise ReviewRefused(_("Cette démarche n'existe pas."))
        if procedure.is_archived or procedure.current_version_id is None:
            raise ReviewRefused(
                _("Cette démarche n'est plus proposée : elle a été archivée. Votre avis ne peut pas être enregistré.")
            )
    if client and Review.objects.filter(client_hash=client, created_at__gte=now - dt.timedelta(days=1)).count() >= (
        max_per_day()
    ):
        raise ReviewRefused(
            _("Vous avez déjà donné %(count)s avis aujourd'hui depuis cet appareil. Revenez demain, merci.")
            % {"count": max_per_day()}
        )
    text, removed = pii.strip((verbatim or "").strip()[:VERBATIM_MAX])
    digest = _text_hash(text)
    if digest and Review.objects.filter(verbatim_hash=digest, created_at__gte=now - dt.timedelta(days=30)).exists():
        raise ReviewRefused(_("Ce texte a déjà été envoyé. Écrivez votre propre avis, ou laissez la case vide."))
    person = getattr(actor, "person", None) if link_to_person and getattr(actor, "is_authenticated", False) else None
    review = Review.objects.create(
        kind=kind,
        target=target_key(kind, procedure.pk if procedure else None),
        procedure=procedure if kind == Kind.PROCEDURE else None,
        procedure_version_id=procedure.current_version_id if kind == Kind.PROCEDURE else None,
        created_at=now,
        day=timezone.localtime(now).date(),
        satisfaction=satisfaction,
        comprehension=comprehension or None,
        contact_tried=",".join(contact_tried or []),
        contact_reached=contact_reached,
        contact_satisfaction=contact_satisfaction,
        verbatim=text,
        verbatim_hash=digest,
        story_state=StoryState.PENDING if text else StoryState.NONE,
        group=general_group(procedure) if text and kind == Kind.PROCEDURE else None,
        person=person,
        client_hash=client,
    )
    aggregate_add(review)
    if person is not None:
        journal_record(action="feedback.review_linked", actor=actor, person=person, obj=review)
    return review, removed


@transaction.atomic
def story_moderate(*, actor, review: Review, publish: bool) -> Review:
    """Staff publish a story (its text) or refuse it; nothing is published unmoderated."""
    policy.require(actor, "feedback.moderate", review)
    review.story_state = StoryState.PUBLISHED if publish else StoryState.REJECTED
    review.moderated_at = timezone.now()
    review.save(update_fields=["story_state", "moderated_at"])
    journal_record(action="feedback.story_moderated", actor=actor, obj=review, details={"publish": publish})
    return review


@transaction.atomic
def story_answer(*, actor, review: Review, answer: str) -> Review:
    """The procedure's authors answer a story publicly (Services Publics+ style); the answer is checked too."""
    policy.require(actor, "feedback.author", review.procedure)
    text, _removed = pii.strip(answer.strip()[:VERBATIM_MAX])
    if not text:
        raise ReviewRefused(_("Écrivez une réponse avant d'envoyer."))
    review.answer = text
    review.answered_at = timezone.now()
    review.save(update_fields=["answer", "answered_at"])
    journal_record(
        action="feedback.story_answered", actor=actor, organisation=review.procedure.organisation, obj=review
    )
    return review
