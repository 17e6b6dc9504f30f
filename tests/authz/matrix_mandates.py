"""Authorization matrix of mandates: helper space (helpers and managers of the organisation holding the
mandate), the person's own view, the claim page (visitors) and accompaniment statistics (managers)."""

from tests.authz.expect import ALLOW, DENY, LOGIN

HELPERS = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW, "manager": ALLOW}
HELPER_OF_ORG = {"anonymous": LOGIN, "default": DENY, "helper": ALLOW}  # the manager belongs to another organisation
OWN = {"anonymous": LOGIN, "default": DENY, "person": ALLOW}
MANAGER = {"anonymous": LOGIN, "default": DENY, "manager": ALLOW}


def _active(ctx):
    from tests.mandates.factories import make_active_mandate

    return make_active_mandate(
        organisation=ctx["organisations"]["helper"], person=ctx["person"], helper=ctx["users"]["helper"]
    )


def _pending(ctx, method="sms"):
    from relais.mandates import services

    return services.mandate_request_create(
        actor=ctx["users"]["helper"],
        organisation=ctx["organisations"]["helper"],
        person=ctx["person"],
        categories=["social"],
        duration_days=31,
        consent_method=method,
        sms_phone="0612345678",
    )


def _active_id(ctx):
    return {"mandate_id": _active(ctx).pk}


def _pending_id(ctx):
    return {"mandate_id": _pending(ctx).pk}


def _pending_account_id(ctx):
    return {"mandate_id": _pending(ctx, "account").pk}


def _record(ctx):
    import datetime as dt

    from relais.mandates import services

    person, _code = services.person_record_create(
        actor=ctx["users"]["helper"],
        organisation=ctx["organisations"]["helper"],
        first_name="Yvette",
        last_name="Roux",
        birth_date=dt.date(1950, 1, 1),
        consent_given=True,
    )
    return {"person_id": person.pk}


def _acting_session(mandate, category="social"):
    def data(ctx, role):
        return {
            "mandates_acting": {
                "person_id": mandate.person_id,
                "mandate_id": mandate.pk,
                "category": category,
                "organisation_id": mandate.organisation_id,
            }
        }

    return data


def _acting(ctx):
    mandate = _active(ctx)
    return {"__session__": _acting_session(mandate)}


def _acting_procedure(ctx):
    from django.utils import timezone

    from relais.procedures.models import Procedure, ProcedureVersion

    mandate = _active(ctx)
    procedure = Procedure.objects.create(
        organisation=ctx["organisations"]["agent"],
        slug="aide-sociale-test",
        title="Aide sociale",
        description="Test",
        category="social",
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1, fields=[], published_at=timezone.now())
    procedure.current_version = version
    procedure.save()
    return {"procedure_id": procedure.pk, "__session__": _acting_session(mandate)}


def _partly_revoked_id(ctx):
    from relais.mandates import services

    mandate = _active(ctx)
    services.authorisation_revoke(mandate=mandate, category="logement", actor=ctx["person"].user)
    return {"mandate_id": mandate.pk}


ROUTES = {
    "mandates:helper_home": HELPERS,
    "mandates:person_find": HELPERS,
    "mandates:person_create": HELPERS,
    "mandates:person_claim_code": {"setup": _record, "method": "post", **HELPER_OF_ORG},
    "mandates:mandate_new": {"setup": _record, **HELPER_OF_ORG},
    "mandates:mandate_detail": {"setup": _active_id, **HELPER_OF_ORG},
    "mandates:consent": {"setup": _pending_id, **HELPER_OF_ORG},
    "mandates:sms_send": {"setup": _pending_id, "method": "post", **HELPER_OF_ORG},
    "mandates:sms_verify": {"setup": _pending_id, "method": "post", **HELPER_OF_ORG},
    "mandates:attestation_upload": {"setup": _pending_id, "method": "post", **HELPER_OF_ORG},
    "mandates:confirm": {"setup": _pending_id, "method": "post", **HELPER_OF_ORG},
    "mandates:abandon": {"setup": _pending_id, "method": "post", **HELPER_OF_ORG},
    "mandates:mandate_renew": {"setup": _active_id, **HELPER_OF_ORG},
    "mandates:mandate_revoke": {"setup": _active_id, **HELPER_OF_ORG},
    "mandates:attestation": {
        "setup": _active_id,
        "anonymous": LOGIN,
        "default": DENY,
        "helper": ALLOW,
        "person": ALLOW,
    },
    "mandates:attestation_qr": {
        "setup": _active_id,
        "anonymous": LOGIN,
        "default": DENY,
        "helper": ALLOW,
        "person": ALLOW,
    },
    "mandates:acting_start": HELPERS,
    "mandates:acting_home": {"setup": _acting, **HELPERS},
    "mandates:acting_procedure": {"setup": _acting_procedure, "method": "post", **HELPER_OF_ORG},
    "mandates:acting_stop": {"method": "post", **HELPERS},
    "mandates:acting_switch": {"setup": _acting, "method": "post", **HELPER_OF_ORG},
    "mandates:revocation_attestation": {
        "setup": _partly_revoked_id,
        "anonymous": LOGIN,
        "default": DENY,
        "helper": ALLOW,
        "person": ALLOW,
    },
    "mandates:person_mandates": OWN,
    "mandates:person_revoke": {"setup": _active_id, "method": "post", **OWN},
    "mandates:person_consent_text": {"setup": _pending_account_id, **OWN},
    "mandates:person_consent": {"setup": _pending_account_id, "method": "post", **OWN},
    "mandates:claim": {"anonymous": ALLOW, "default": DENY},
    "mandates:accompaniment_list": HELPERS,
    "mandates:accompaniment_new": HELPERS,
    "mandates:accompaniment_stats": MANAGER,
    "mandates:accompaniment_export": MANAGER,
}
