"""Authorization matrix of referrals (« orientations »): helpers and managers of the referring organisation
create and follow theirs; the members of the organisation running the service's place read and answer them
in their inbox; whoever holds the signed link (a service without a Relais account) reads and answers that one
referral; the person sees and cancels their own; the place's editors set the service's referral settings."""

from tests.authz.expect import ALLOW, DENY, LOGIN

REFERRER = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "manager": ALLOW}
REFERRER_ORG = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW}
MEMBERS = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "agent": ALLOW, "manager": ALLOW}
SERVICE_ORG = {"anonymous": LOGIN, "default": DENY, "manager": ALLOW}
OWN = {"anonymous": LOGIN, "default": DENY, "person": ALLOW}
LINK_HOLDER = {"default": ALLOW}


def _service(ctx, organisation_role="manager"):
    from relais.referrals.models import Delivery
    from tests.referrals.factories import service_taking_referrals

    return service_taking_referrals(delivery=Delivery.INBOX, organisation=ctx["organisations"][organisation_role])


def _referral(ctx, *, with_document=False):
    from relais.referrals import services
    from tests.casefile.factories import make_active_follow_up
    from tests.referrals.factories import safe_document

    helper, organisation, person = ctx["users"]["helper"], ctx["organisations"]["helper"], ctx["person"]
    make_active_follow_up(organisation=organisation, person=person, helper=helper, categories=("*",))
    documents = [safe_document(person)] if with_document else []
    return services.referral_create(
        actor=helper,
        organisation=organisation,
        person=person,
        service=_service(ctx),
        situations=["no_income"],
        request="Aide alimentaire",
        contact_preference="phone",
        documents=documents,
        documents_consent=with_document,
    )


def _service_id(ctx):
    return {"service_id": _service(ctx).pk}


def _settings_service(ctx):
    return {"service_id": _service(ctx, "helper").pk}


def _referral_id(ctx):
    return {"referral_id": _referral(ctx).pk}


def _attachment(ctx):
    referral = _referral(ctx, with_document=True)
    return {"referral_id": referral.pk, "attachment_id": referral.attachments.get().pk}


def _link(ctx):
    from relais.referrals import links

    referral = _referral(ctx)
    return {"service_id": referral.service_id, "token": links.make_token(referral)}


def _link_attachment(ctx):
    from relais.referrals import links

    referral = _referral(ctx, with_document=True)
    return {
        "service_id": referral.service_id,
        "token": links.make_token(referral),
        "attachment_id": referral.attachments.get().pk,
    }


ROUTES = {
    "referrals:home": {"default": ALLOW, "anonymous": LOGIN},  # a redirect to the user's own referrals
    "referrals:new": {"setup": _service_id, **REFERRER},
    "referrals:settings": {
        "setup": _settings_service,
        "anonymous": LOGIN,
        "default": DENY,
        "helper": ALLOW,
        "coordinator": ALLOW,  # like the place's edition: coordinators moderate their départements' places
        "staff": ALLOW,
    },
    "referrals:sent": REFERRER,
    "referrals:sent_detail": {"setup": _referral_id, **REFERRER_ORG},
    "referrals:sent_reply": {"setup": _referral_id, "method": "post", **REFERRER_ORG},
    "referrals:sent_cancel": {"setup": _referral_id, "method": "post", **REFERRER_ORG},
    "referrals:inbox": MEMBERS,
    "referrals:inbox_detail": {"setup": _referral_id, **SERVICE_ORG},
    "referrals:inbox_moderate": {"setup": _referral_id, "method": "post", **SERVICE_ORG},
    "referrals:inbox_attachment": {"setup": _attachment, **SERVICE_ORG},
    "referrals:mine": OWN,
    "referrals:mine_cancel": {"setup": _referral_id, "method": "post", **OWN},
    "referrals:link": {"setup": _link, **LINK_HOLDER},
    "referrals:link_renew": {"setup": _link, "method": "post", **LINK_HOLDER},
    "referrals:link_attachment": {"setup": _link_attachment, **LINK_HOLDER},
}
