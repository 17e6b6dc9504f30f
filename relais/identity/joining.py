"""The managers' answer to a professional who asked, after a ProConnect sign-in, to join the organisation of their
SIRET (`services.join_request_create`): accepted with a role (the membership is added as a manager adds one by
email, journaled, the member emailed), or refused (the professional is told). Never automatic."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from relais import policy
from relais.core.errors import DomainError
from relais.identity.models import JoinRequest
from relais.journal.services import journal_record
from relais.notifications.services import notify_on_commit
from relais.organisations.models import MemberRole
from relais.organisations.services import MembershipError, membership_add_by_email

#: the roles a manager may give from a join request (a manager is named from the members' form)
ROLES = (MemberRole.HELPER, MemberRole.AGENT)


def join_requests_for(*, organisation) -> list[JoinRequest]:
    """The requests waiting for the organisation's managers, oldest first."""
    return list(JoinRequest.objects.filter(organisation=organisation).select_related("user").order_by("created_at"))


@transaction.atomic
def join_request_decide(*, organisation, request_id: int, actor, accept: bool, role: str = "") -> JoinRequest:
    """Accept (with `role`) or refuse one request of `organisation`; the request is then deleted."""
    policy.require(actor, "organisation.manage_members", organisation)
    join = (
        JoinRequest.objects.select_for_update()
        .select_related("user")
        .filter(pk=request_id, organisation=organisation)
        .first()
    )
    if join is None:
        raise DomainError(_("Cette demande n'existe plus : un autre responsable y a peut-être déjà répondu."))
    if accept:
        if role not in ROLES:
            raise DomainError(_("Choisissez le rôle à donner : aidant ou agent."))
        try:
            membership_add_by_email(organisation=organisation, email=join.user.email, role=role, actor=actor)
        except MembershipError as error:
            raise DomainError(str(error)) from error
    journal_record(
        action="identity.join_accepted" if accept else "identity.join_refused",
        actor=actor,
        organisation=organisation,
        obj=join,
        details={"member_user_id": join.user_id, "role": role if accept else ""},
    )
    if not accept:
        with translation.override(join.user.language or "fr"):
            notify_on_commit(
                event="identity_join_refused",
                key=f"identity-join-{join.pk}-refused",
                user=join.user,
                subject=_("Votre demande pour rejoindre %(organisation)s") % {"organisation": organisation.name},
                body=_(
                    "Les responsables de %(organisation)s n'ont pas accepté votre demande pour rejoindre la "
                    "structure sur Relais. Si c'est une erreur, contactez-les directement."
                )
                % {"organisation": organisation.name},
            )
    join.delete()
    return join
