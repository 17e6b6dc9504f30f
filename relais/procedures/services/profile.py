"""Tell us once: the person's profile and the suggestions drawn from a dossier."""

from __future__ import annotations

from django.db import transaction

from relais import policy
from relais.journal.services import journal_record
from relais.policy.roles import active_organisation
from relais.procedures import fields as F_
from relais.procedures.models import Dossier, PersonProfile
from relais.procedures.profile import PROFILE_KEYS, profile_values


def _clean_profile(values: dict) -> dict:
    clean = {}
    for key, raw in values.items():
        if key not in PROFILE_KEYS:
            continue
        value = F_.clean_value({"type": PROFILE_KEYS[key][1], "key": "x", "label": str(PROFILE_KEYS[key][0])}, raw)
        if value is not None:
            clean[key] = value
    return clean


@transaction.atomic
def profile_save(*, person, actor, values: dict, on_behalf_of=None, mandate=None) -> PersonProfile:
    """Replace the profile with `values` (raw, validated here). Empty values remove the key."""
    policy.require(actor, "procedures.profile", person, on_behalf_of=on_behalf_of)
    profile, _created = PersonProfile.objects.select_for_update(of=("self",)).get_or_create(person=person)
    profile.data = _clean_profile(values)
    profile.save()
    if on_behalf_of is not None:
        journal_record(
            action="profile.save",
            actor=actor,
            organisation=active_organisation(actor),
            person=person,
            on_behalf_of=on_behalf_of,
            mandate=mandate,
            obj=profile,
        )
    return profile


def profile_suggestions(dossier: Dossier) -> list[dict]:
    """Dossier answers that differ from the profile (offered, never forced)."""
    if dossier.person is None:
        return []
    profile = PersonProfile.objects.filter(person=dossier.person).first()
    known = profile_values(dossier.person, profile.data if profile else {})
    suggestions = []
    for item in F_.input_fields(dossier.version.fields):
        key = item.get("profile_key")
        if not key or key not in PROFILE_KEYS:
            continue
        value = dossier.data.get(item["key"])
        if F_.is_empty(value) or item["type"] in {"file", "repetition"}:
            continue
        if str(known.get(key, "")) != str(value):
            suggestions.append(
                {
                    "profile_key": key,
                    "label": str(PROFILE_KEYS[key][0]),
                    "value": value,
                    "new": F_.display_value(item, value),
                    "old": F_.display_value({"type": PROFILE_KEYS[key][1]}, known.get(key)),
                }
            )
    return suggestions


@transaction.atomic
def profile_update_from_dossier(
    *, dossier: Dossier, actor, keys: list[str], on_behalf_of=None, mandate=None
) -> PersonProfile:
    policy.require(actor, "dossier.view", dossier, on_behalf_of=on_behalf_of)
    policy.require(
        actor, "procedures.profile", dossier.person, on_behalf_of=on_behalf_of, category=dossier.procedure.category
    )
    profile, _created = PersonProfile.objects.select_for_update(of=("self",)).get_or_create(person=dossier.person)
    data = dict(profile.data)
    for suggestion in profile_suggestions(dossier):
        if suggestion["profile_key"] in keys:
            data[suggestion["profile_key"]] = suggestion["value"]
    profile.data = data
    profile.save()
    return profile
