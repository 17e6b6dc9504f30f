"""Authorization matrix of procedures: the person's own dossiers, the processing organisation's back office."""

from tests.authz.expect import ALLOW, DENY, LOGIN


def _procedure(ctx, org_role="agent"):
    from tests.procedures.factories import make_procedure

    return make_procedure(organisation=ctx["organisations"][org_role], slug=f"matrice-{org_role}")


def _dossier(ctx, *, submitted=True):
    from relais.procedures import services
    from relais.procedures.models import Dossier, DossierState, DossierVersion

    procedure = _procedure(ctx)
    person = ctx["person"]
    dossier = services.dossier_start(actor=person.user, procedure=procedure)
    if submitted:
        Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)
        DossierVersion.objects.create(dossier=dossier, number=1, data=dossier.data)
    return dossier


def _attachment(ctx):
    from django.core.files.base import ContentFile

    from relais.procedures.models import Attachment

    dossier = _dossier(ctx)
    attachment = Attachment(
        dossier=dossier, field_key="piece", content_type="image/jpeg", size=3, original_name="a.jpg"
    )
    attachment.file.save("a.jpg", ContentFile(b"abc"), save=False)
    attachment.save()
    dossier.data = {**dossier.data, "piece": [attachment.pk]}  # the dossier holds it (a file no answer holds is 404)
    dossier.save(update_fields=["data"])
    return attachment


def _glossary(ctx):
    from relais.procedures.models import GlossaryTerm

    return {"term_id": GlossaryTerm.objects.create(slug="qf", term="Quotient familial", definition="...").pk}


def _claim(ctx):
    from relais.procedures import services
    from tests.factories import OrganisationFactory

    procedure = _procedure(ctx)
    partner = OrganisationFactory()
    procedure.prefill_partners.add(partner)
    _dossier_, token, _rejected = services.dossier_create_prefilled(
        procedure=procedure, partner_organisation=partner, data={}
    )
    return {"token": token}


OWNER = {"anonymous": LOGIN, "person": ALLOW, "default": DENY}
OWNER_OR_AGENT = {"anonymous": LOGIN, "person": ALLOW, "agent": ALLOW, "default": DENY}
AGENTS = {"anonymous": LOGIN, "agent": ALLOW, "default": DENY}

ROUTES = {
    "procedures:catalogue": {"default": ALLOW},
    "procedures:glossary": {"default": ALLOW},
    "procedures:detail": {"setup": lambda ctx: {"slug": _procedure(ctx).slug}, "default": ALLOW},
    "procedures:start": {
        "setup": lambda ctx: {"slug": _procedure(ctx).slug},
        "method": "post",
        "anonymous": LOGIN,
        "person": ALLOW,
        "default": DENY,
    },
    "procedures:glossary_manage": {"anonymous": LOGIN, "staff": ALLOW, "default": DENY},
    "procedures:glossary_term_edit": {"setup": _glossary, "anonymous": LOGIN, "staff": ALLOW, "default": DENY},
    "procedures:my_dossiers": OWNER,
    "procedures:profile": OWNER,
    # Any logged-in user may open a claim link; only a person can take the dossier (POST).
    "procedures:claim": {"setup": _claim, "anonymous": LOGIN, "default": ALLOW},
    "procedures:dossier": {"setup": lambda ctx: {"dossier_id": _dossier(ctx).pk}, **OWNER_OR_AGENT},
    "procedures:dossier_page": {
        "setup": lambda ctx: {"dossier_id": _dossier(ctx, submitted=False).pk, "page": 0},
        **OWNER,
    },
    "procedures:dossier_review": {"setup": lambda ctx: {"dossier_id": _dossier(ctx, submitted=False).pk}, **OWNER},
    "procedures:attach_document": {
        "setup": lambda ctx: {"dossier_id": _dossier(ctx, submitted=False).pk},
        "method": "post",
        **OWNER,
    },
    "procedures:message_post": {
        "setup": lambda ctx: {"dossier_id": _dossier(ctx).pk},
        "method": "post",
        **OWNER_OR_AGENT,
    },
    "procedures:profile_update": {
        "setup": lambda ctx: {"dossier_id": _dossier(ctx).pk},
        "method": "post",
        **OWNER_OR_AGENT,
    },
    "procedures:attachment": {"setup": lambda ctx: {"attachment_id": _attachment(ctx).pk}, **OWNER_OR_AGENT},
    "procedures:attachment_remove": {
        "setup": lambda ctx: {"attachment_id": _attachment(ctx).pk},
        "method": "post",
        **OWNER,
    },
    "procedures:backoffice_home": {"anonymous": LOGIN, "agent": ALLOW, "manager": ALLOW, "default": DENY},
    "procedures:backoffice_list": {"setup": lambda ctx: {"procedure_id": _procedure(ctx).pk}, **AGENTS},
    "procedures:backoffice_export": {"setup": lambda ctx: {"procedure_id": _procedure(ctx).pk}, **AGENTS},
    "procedures:backoffice_dossier": {"setup": lambda ctx: {"dossier_id": _dossier(ctx).pk}, **AGENTS},
    "procedures:backoffice_action": {"setup": lambda ctx: {"dossier_id": _dossier(ctx).pk}, "method": "post", **AGENTS},
    "procedures:builder_create": {"anonymous": LOGIN, "agent": ALLOW, "manager": ALLOW, "default": DENY},
    "procedures:builder_import": {
        "method": "post",
        "anonymous": LOGIN,
        "agent": ALLOW,
        "manager": ALLOW,
        "default": DENY,
    },
    "procedures:builder": {"setup": lambda ctx: {"procedure_id": _procedure(ctx).pk}, **AGENTS},
    "procedures:builder_field": {"setup": lambda ctx: {"procedure_id": _procedure(ctx).pk}, **AGENTS},
    "procedures:builder_action": {
        "setup": lambda ctx: {"procedure_id": _procedure(ctx).pk},
        "method": "post",
        **AGENTS,
    },
    "procedures:builder_export": {"setup": lambda ctx: {"version_id": _procedure(ctx).current_version_id}, **AGENTS},
}

API = {
    "GET /api/v1/procedures/": "public",
    "POST /api/v1/procedures/{slug}/dossiers": "partner",
    "GET /api/v1/procedures/dossiers/{dossier_id}": "partner",
}
