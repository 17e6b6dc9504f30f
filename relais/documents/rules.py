"""Policy rules for the document safe.

- The person themself may do everything with their documents.
- A professional needs `on_behalf_of` = the person AND a valid mandate ("mandate.act", rule of
  the mandates domain, asked with the category matching the document type): default deny while
  that rule does not exist.
- An agent processing a dossier to which the document is attached may view it ("dossier.view",
  rule of the procedures domain); likewise a team invited to an escalation ("escalation.view").
"""

from __future__ import annotations

from relais import policy
from relais.accounts.models import Person
from relais.documents.models import MANDATE_CATEGORY, Document
from relais.policy import roles, rule


def _person_of(obj):

    if isinstance(obj, Document):
        return obj.person
    if isinstance(obj, Person):
        return obj
    return None


def _owner(user, person) -> bool:
    return person is not None and roles.is_authenticated(user) and person.user_id == user.pk


def _mandate_allows(user, person, obj, on_behalf_of, **context) -> bool:

    if person is None or on_behalf_of is None or getattr(on_behalf_of, "pk", on_behalf_of) != person.pk:
        return False
    if not roles.is_authenticated(user):
        return False
    category = MANDATE_CATEGORY.get(obj.doc_type) if isinstance(obj, Document) else None
    extra = {"category": category} if category else {}
    if context.get("mandate") is not None:
        extra["mandate"] = context["mandate"]
    return policy.allows(user, "mandate.act", person, **extra)


#: the rule that says who may see what a document is attached to, by the target's model (a string: the
#: documents layer imports no domain); a dossier's otherwise
_VIEW_RULES = {"escalations.escalation": "escalation.view"}


def _dossier_allows(user, document) -> bool:

    if not isinstance(document, Document) or not roles.is_authenticated(user):
        return False
    for use in document.uses.select_related("target_type"):
        target = use.target
        if target is not None and policy.allows(
            user, _VIEW_RULES.get(target._meta.label_lower, "dossier.view"), target
        ):
            return True
    return False


@rule("document.safe")
def can_use_safe(user, obj=None, **context) -> bool:
    """The "Mon coffre" screens: a person with a record."""
    return roles.is_person(user)


@rule("document.add")
def can_add(user, obj=None, *, on_behalf_of=None, **context) -> bool:
    person = _person_of(obj)
    return _owner(user, person) or _mandate_allows(user, person, obj, on_behalf_of, **context)


@rule("document.view")
def can_view(user, obj=None, *, on_behalf_of=None, **context) -> bool:
    person = _person_of(obj)
    if person is None:
        return False
    if getattr(obj, "deleted_at", None):
        return False
    return (
        _owner(user, person)
        or _mandate_allows(user, person, obj, on_behalf_of, **context)
        or _dossier_allows(user, obj)
    )


@rule("document.attach")
def can_attach(user, obj=None, *, on_behalf_of=None, **context) -> bool:
    person = _person_of(obj)
    return _owner(user, person) or _mandate_allows(user, person, obj, on_behalf_of, **context)


@rule("document.edit")
def can_edit(user, obj=None, *, on_behalf_of=None, **context) -> bool:
    person = _person_of(obj)
    return _owner(user, person) or _mandate_allows(user, person, obj, on_behalf_of, **context)


@rule("document.delete")
def can_delete(user, obj=None, *, on_behalf_of=None, **context) -> bool:
    """Only the person: deleting is their decision (a helper may not delete for them)."""
    return _owner(user, _person_of(obj))


@rule("document.access_log")
def can_read_access_log(user, obj=None, **context) -> bool:
    return _owner(user, _person_of(obj))
