"""Policy rules for procedures and dossiers.

A person acts on their own dossiers; a helper acts for a person only when `mandate.act` allows it
for the procedure's category (pass `on_behalf_of=person`); agents and managers of the processing
organisation (their ACTIVE organisation) instruct dossiers once submitted."""

from __future__ import annotations

from relais import policy
from relais.organisations.models import MemberRole
from relais.policy import rule
from relais.policy.roles import active_membership, is_authenticated, is_person, is_staff

INSTRUCTING_ROLES = (MemberRole.AGENT, MemberRole.MANAGER)
EDITABLE = {"draft", "submitted", "correction_requested"}


def _instructs_for(user, organisation_id) -> bool:
    membership = active_membership(user)
    return (
        membership is not None
        and membership.role in INSTRUCTING_ROLES
        and membership.organisation_id == organisation_id
    )


def _own(user, dossier) -> bool:
    return is_person(user) and dossier.person_id is not None and dossier.person_id == user.person.pk


def _acts_for(user, dossier, on_behalf_of) -> bool:
    """A helper for the dossier's person, under a mandate covering the procedure's category."""
    if on_behalf_of is None or dossier.person_id != on_behalf_of.pk:
        return False
    return policy.allows(user, "mandate.act", on_behalf_of, category=dossier.procedure.category)


def _person_side(user, dossier, on_behalf_of=None) -> bool:
    if dossier is None:
        return False
    return _own(user, dossier) or _acts_for(user, dossier, on_behalf_of)


@rule("procedures.catalogue")
def _catalogue(user, obj=None, **ctx):
    return True


@rule("procedures.backoffice")
def _backoffice(user, obj=None, **ctx):
    membership = active_membership(user)
    return membership is not None and membership.role in INSTRUCTING_ROLES


@rule("procedure.view")
def _procedure_view(user, obj=None, **ctx):
    if obj is None:
        return False
    if obj.current_version_id and not obj.is_archived:
        return True
    return _instructs_for(user, obj.organisation_id) or is_staff(user)


@rule("procedure.manage")
def _procedure_manage(user, obj=None, **ctx):
    """Builder: agents and managers of the organisation owning the procedure."""
    if obj is None:
        return _backoffice(user)
    return _instructs_for(user, obj.organisation_id)


@rule("dossier.start")
def _dossier_start(user, obj=None, on_behalf_of=None, **ctx):
    """obj: a Procedure."""
    if obj is None or not obj.current_version_id or obj.is_archived:
        return False
    if on_behalf_of is not None:
        return policy.allows(user, "mandate.act", on_behalf_of, category=obj.category)
    return is_person(user)


@rule("dossier.view")
def _dossier_view(user, obj=None, on_behalf_of=None, **ctx):
    if obj is None or not is_authenticated(user):
        return False
    if _person_side(user, obj, on_behalf_of):
        return True
    return obj.state != "draft" and _instructs_for(user, obj.procedure.organisation_id)


@rule("dossier.edit")
def _dossier_edit(user, obj=None, on_behalf_of=None, **ctx):
    return obj is not None and obj.state in EDITABLE and _person_side(user, obj, on_behalf_of)


@rule("dossier.submit")
def _dossier_submit(user, obj=None, on_behalf_of=None, **ctx):
    return _dossier_edit(user, obj, on_behalf_of=on_behalf_of)


@rule("dossier.message")
def _dossier_message(user, obj=None, on_behalf_of=None, **ctx):
    if obj is None or obj.state == "draft":
        return False
    return _person_side(user, obj, on_behalf_of) or _instructs_for(user, obj.procedure.organisation_id)


@rule("dossier.instruct")
def _dossier_instruct(user, obj=None, **ctx):
    return obj is not None and obj.state != "draft" and _instructs_for(user, obj.procedure.organisation_id)


@rule("dossier.claim")
def _dossier_claim(user, obj=None, **ctx):
    """obj: a dossier created by a partner, not yet linked to a person."""
    return is_person(user) and (obj is None or obj.person_id is None or obj.person_id == user.person.pk)


@rule("procedures.profile")
def _profile(user, obj=None, on_behalf_of=None, **ctx):
    """The person's own tell-us-once profile (obj: a Person, or None for their own)."""
    if obj is None:
        return is_person(user)
    if is_person(user) and user.person.pk == obj.pk:
        return True
    return (
        on_behalf_of is not None
        and on_behalf_of.pk == obj.pk
        and policy.allows(user, "mandate.act", obj, category=ctx.get("category", "social"))
    )


@rule("glossary.manage")
def _glossary_manage(user, obj=None, **ctx):
    return is_staff(user)
