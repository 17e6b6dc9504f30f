"""Writes of the person file: follow-ups (« suivi »), private notes, and the journal of a file view.

Every function is one transaction, asks the policy and journals. Follow-up state changes go through
`relais.casefile.states.follow_up_transition` only."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.casefile.consent_texts import TEXT_EN, TEXT_FR, VERSION_1
from relais.casefile.models import (
    ALL,
    FollowUp,
    FollowUpConsentMethod,
    FollowUpConsentText,
    FollowUpDuration,
    FollowUpState,
    PrivateNote,
)
from relais.casefile.selectors import open_follow_up_for
from relais.casefile.states import FollowUpTransitionError, follow_up_transition
from relais.journal.services import journal_record
from relais.organisations.models import MandateCategory

NOTE_MAX_CHARS = 4000
SHEET_MAX_BYTES = 10 * 1024 * 1024
SHEET_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def consent_text_current() -> FollowUpConsentText:
    """The latest published follow-up consent text (version 1 is (re)created from consent_texts.py if absent)."""
    text = FollowUpConsentText.objects.current()
    if text is None:
        text, _created = FollowUpConsentText.objects.get_or_create(
            version=VERSION_1, defaults={"text_fr": TEXT_FR, "text_en": TEXT_EN}
        )
    return text


def _clean_categories(categories) -> list[str]:
    chosen = sorted(set(categories or []))
    if ALL in chosen:
        return [ALL]
    if not chosen:
        raise ValidationError(_("Choisissez au moins un domaine, ou « tous les domaines »."))
    unknown = [c for c in chosen if c not in MandateCategory.values]
    if unknown:
        raise ValidationError(_("Ce domaine n'existe pas : %(cats)s.") % {"cats": ", ".join(unknown)})
    return chosen


# --- Follow-ups ----------------------------------------------------------------------------------


@transaction.atomic
def follow_up_request_create(
    *, actor, organisation, person, categories, duration_days: int, consent_method: str
) -> FollowUp:
    """A helper proposes a follow-up; it waits for the person's consent (account or signed sheet)."""
    policy.require(actor, "casefile.follow_up_create", person, organisation=organisation)
    if person.erased_at is not None:
        raise ValidationError(_("Les données de cette personne ont été effacées."))
    if duration_days not in FollowUpDuration.values:
        raise ValidationError(_("Choisissez une durée : 6 mois ou 12 mois."))
    if consent_method not in FollowUpConsentMethod.values:
        raise ValidationError(_("Choisissez comment la personne donne son accord."))
    if consent_method == FollowUpConsentMethod.ACCOUNT and not person.user_id:
        raise ValidationError(
            _("Cette personne n'a pas de compte Relais : imprimez la feuille d'accord et faites-la signer.")
        )
    if open_follow_up_for(organisation=organisation, person=person) is not None:
        raise ValidationError(_("Un suivi est déjà proposé ou en cours pour cette personne dans votre structure."))
    follow_up = FollowUp.objects.create(
        organisation=organisation,
        person=person,
        created_by=actor,
        categories=_clean_categories(categories),
        consent_method=consent_method,
        consent_text=consent_text_current(),
        duration_days=duration_days,
    )
    journal_record(
        action="follow_up.requested",
        actor=actor,
        organisation=organisation,
        person=person,
        obj=follow_up,
        details={"categories": follow_up.categories, "method": consent_method, "duration_days": duration_days},
    )
    return follow_up


def _pending(follow_up: FollowUp) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("organisation", "person").get(pk=follow_up.pk)
    if follow_up.state != FollowUpState.PENDING:
        raise FollowUpTransitionError(
            _("Ce suivi est « %(state)s » : cette action n'est plus possible.")
            % {"state": follow_up.get_state_display()}
        )
    return follow_up


def _consented(follow_up: FollowUp, *, actor, method: str, details: dict | None = None) -> FollowUp:
    follow_up.consented_at = timezone.now()
    follow_up.save(update_fields=["consented_at", "signed_sheet", "signed_sheet_type"])
    journal_record(
        action="follow_up.consented",
        actor=actor,
        organisation=follow_up.organisation_id,
        person=follow_up.person_id,
        obj=follow_up,
        details={"method": method, **(details or {})},
    )
    return follow_up_transition(follow_up, to=FollowUpState.ACTIVE, actor=actor, details={"method": method})


@transaction.atomic
def follow_up_consent_by_account(*, follow_up: FollowUp, user, accept: bool) -> FollowUp:
    """The person accepts (the follow-up starts at once) or refuses (it is abandoned) from their account."""
    follow_up = _pending(follow_up)
    policy.require(user, "casefile.follow_up_own", follow_up, message=_("Cette demande ne vous concerne pas."))
    if follow_up.consent_method != FollowUpConsentMethod.ACCOUNT:
        raise ValidationError(_("Cette demande n'attend pas de réponse de votre part."))
    if not accept:
        return follow_up_transition(
            follow_up, to=FollowUpState.ABANDONED, actor=user, by_person=True, details={"reason": "refused_by_person"}
        )
    return _consented(follow_up, actor=user, method="account")


def check_sheet_file(upload) -> str:
    """The content type of a signed sheet (PDF, JPEG or PNG), or ValidationError in plain French."""
    if upload is None:
        raise ValidationError(_("Ajoutez la photo ou le scan de la feuille d'accord signée."))
    if upload.size > SHEET_MAX_BYTES:
        raise ValidationError(_("Le fichier est trop lourd (10 Mo au plus). Prenez une photo moins grande."))
    if upload.size == 0:
        raise ValidationError(_("Le fichier est vide."))
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in SHEET_TYPES.items():
        if head.startswith(magic):
            return content_type
    raise ValidationError(_("Ce fichier n'est pas un PDF, une photo JPEG ou PNG. Scannez ou photographiez la feuille."))


@transaction.atomic
def follow_up_sheet_upload(*, follow_up: FollowUp, actor, upload) -> FollowUp:
    """At the desk: the helper adds the scan of the sheet the person signed; the follow-up starts."""
    follow_up = _pending(follow_up)
    policy.require(actor, "casefile.follow_up_manage", follow_up, service=True)
    if follow_up.consent_method != FollowUpConsentMethod.PAPER:
        raise ValidationError(_("Ce suivi n'utilise pas la feuille d'accord papier."))
    content_type = check_sheet_file(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[content_type]
    follow_up.signed_sheet.save(f"feuille.{extension}", upload, save=False)
    follow_up.signed_sheet_type = content_type
    return _consented(follow_up, actor=actor, method="paper", details={"sha256": digest.hexdigest()})


@transaction.atomic
def follow_up_abandon(*, follow_up: FollowUp, actor) -> FollowUp:
    follow_up = _pending(follow_up)
    policy.require(actor, "casefile.follow_up_manage", follow_up, service=True)
    return follow_up_transition(
        follow_up, to=FollowUpState.ABANDONED, actor=actor, details={"reason": "abandoned_by_helper"}
    )


@transaction.atomic
def follow_up_revoke_by_person(*, follow_up: FollowUp, user) -> FollowUp:
    """The person withdraws their consent from their account: it counts at once."""
    policy.require(user, "casefile.follow_up_own", follow_up, message=_("Ce suivi ne vous concerne pas."))
    return follow_up_transition(follow_up, to=FollowUpState.REVOKED, actor=user, by_person=True)


@transaction.atomic
def follow_up_revoke_by_organisation(*, follow_up: FollowUp, actor, reason: str) -> FollowUp:
    """A helper or manager ends the follow-up, with a reason the person is told."""
    policy.require(actor, "casefile.follow_up_manage", follow_up, service=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Écrivez le motif : la personne le recevra."))
    return follow_up_transition(follow_up, to=FollowUpState.REVOKED, actor=actor, reason=reason[:500])


def follow_ups_expire() -> int:
    """Move every active follow-up past its end date to expired (the daily task)."""
    count = 0
    for follow_up in FollowUp.objects.overdue():
        follow_up_transition(follow_up, to=FollowUpState.EXPIRED, actor=None)
        count += 1
    return count


# --- Private notes -------------------------------------------------------------------------------


@transaction.atomic
def note_add(*, actor, organisation, person, text: str) -> PrivateNote:
    policy.require(actor, "casefile.note_write", person, organisation=organisation)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("La note est vide : écrivez-la avant de l'enregistrer."))
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationError(
            _("La note est trop longue (%(max)s caractères au plus) : raccourcissez-la.") % {"max": NOTE_MAX_CHARS}
        )
    note = PrivateNote.objects.create(organisation=organisation, person=person, author=actor, text=text)
    journal_record(action="note.created", actor=actor, organisation=organisation, person=person, obj=note)
    return note


@transaction.atomic
def note_strike(*, actor, note: PrivateNote, reason: str) -> PrivateNote:
    """Strike a note through: its text stays readable, with who struck it, when and why (never edited)."""
    note = PrivateNote.objects.select_for_update().select_related("person").get(pk=note.pk)
    policy.require(actor, "casefile.note_write", note)
    if note.struck_at is not None:
        raise ValidationError(_("Cette note est déjà barrée."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Dites pourquoi vous barrez cette note."))
    note.struck_at = timezone.now()
    note.struck_by = actor
    note.strike_reason = reason[:300]
    note.save(update_fields=["struck_at", "struck_by", "strike_reason"])
    journal_record(
        action="note.struck", actor=actor, organisation=note.organisation_id, person=note.person_id, obj=note
    )
    return note


# --- The file view's journal -----------------------------------------------------------------------


def follow_up_view_record(*, actor, follow_up: FollowUp, screen: str) -> None:
    journal_record(
        action="follow_up.viewed",
        actor=actor,
        organisation=follow_up.organisation_id,
        person=follow_up.person_id,
        obj=follow_up,
        details={"screen": screen},
    )


def person_named_record(*, actor, organisation, person, screen: str) -> None:
    """A follow-up screen naming the person (the proposal form): one `follow_up.viewed` entry."""
    journal_record(
        action="follow_up.viewed", actor=actor, organisation=organisation, person=person, details={"screen": screen}
    )


def file_view_record(*, actor, organisation, person, shown: dict) -> None:
    """The one journal entry of a person-file page; `shown` says what the page showed."""
    journal_record(action="person.file_viewed", actor=actor, organisation=organisation, person=person, details=shown)
