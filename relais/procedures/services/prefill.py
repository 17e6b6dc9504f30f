"""Partner prefill: a dossier prepared by a partner, claimed by the person with a token."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relais import policy
from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.procedures import fields as F_
from relais.procedures.models import Dossier, Procedure
from relais.procedures.services.common import hash_token


class PartnerNotAllowed(DomainError):
    status = 403
    default_message = (
        "Votre structure n'est pas autorisée à pré-remplir des dossiers pour cette démarche : la structure qui "
        "l'instruit peut vous ajouter à ses partenaires."
    )


def partner_may_prefill(procedure: Procedure, organisation) -> bool:
    """The procedure's own organisation, and the partners it names (Procedure.prefill_partners)."""
    if organisation is None:
        return False
    return (
        procedure.organisation_id == organisation.pk or procedure.prefill_partners.filter(pk=organisation.pk).exists()
    )


@transaction.atomic
def dossier_create_prefilled(*, procedure: Procedure, partner_organisation, data: dict) -> tuple[Dossier, str, dict]:
    """A partner system prepares a dossier; the person finishes it through a link with a token.

    Returns (dossier, clear token, {field key: problem} for values not kept). Raises PartnerNotAllowed
    when the procedure does not name `partner_organisation` among its prefill partners."""
    if not procedure.current_version_id or procedure.is_archived:
        raise ValidationError(_("Cette démarche n'est pas publiée."))
    if not partner_may_prefill(procedure, partner_organisation):
        raise PartnerNotAllowed()
    version = procedure.current_version
    by_key = F_.field_by_key(F_.input_fields(version.fields))
    clean, rejected = {}, {}
    for key, raw in (data or {}).items():
        item = by_key.get(key)
        if item is None or item["type"] in {"file"}:
            rejected[key] = "champ inconnu ou non pré-remplissable"
            continue
        if item["type"] == "repetition":
            if not isinstance(raw, list):
                rejected[key] = "une liste est attendue"
                continue
            items = []
            try:
                for entry in raw:
                    items.append(
                        {
                            c["key"]: F_.clean_value(c, entry.get(c["key"]))
                            for c in F_.input_fields(item.get("fields", []))
                            if c["key"] in entry
                        }
                    )
            except (ValidationError, AttributeError) as exc:
                rejected[key] = "; ".join(getattr(exc, "messages", [str(exc)]))
                continue
            clean[key] = items
            continue
        try:
            value = F_.clean_value(item, raw)
        except ValidationError as exc:
            rejected[key] = "; ".join(exc.messages)
            continue
        if value is not None:
            clean[key] = value
    token = secrets.token_urlsafe(24)
    dossier = Dossier.objects.create(
        procedure=procedure,
        version=version,
        person=None,
        data=clean,
        created_by_organisation=partner_organisation,
        meta={"prefilled": sorted(clean), "confirmed": [], "pages_done": [], "partner": partner_organisation.name},
        prefill_token_hash=hash_token(token),
    )
    journal_record(
        action="dossier.prefill", organisation=partner_organisation, obj=dossier, details={"fields": sorted(clean)}
    )
    return dossier, token, rejected


@transaction.atomic
def dossier_claim(*, token: str, actor) -> Dossier:
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .filter(prefill_token_hash=hash_token(token or ""), person__isnull=True)
        .first()
    )
    if dossier is None:
        raise ValidationError(
            _(
                "Ce lien n'est plus valable : il a déjà servi ou il est incomplet. Demandez un nouveau lien à "
                "l'organisme qui vous l'a envoyé."
            )
        )
    policy.require(actor, "dossier.claim", dossier)
    dossier.person = actor.person
    dossier.prefill_token_hash = ""
    dossier.save(update_fields=["person", "prefill_token_hash", "updated_at"])
    journal_record(action="dossier.claim", actor=actor, person=actor.person, obj=dossier)
    return dossier
