"""What the procedures screens share: who may see a dossier (own, acting under a mandate), summaries."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from relais import policy
from relais.procedures import field_types, selectors
from relais.procedures import fields as F_
from relais.www.mandates.acting import acting_refusal, current_acting, require_acting_domain


def require(request, action: str, obj=None):
    if not request.user.is_authenticated:
        raise policy.Refused(_("Connectez-vous pour continuer."))
    policy.require(request.user, action, obj)


def own(request, dossier) -> bool:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    return person is not None and dossier.person_id is not None and dossier.person_id == person.pk


def acting_kwargs(request, dossier) -> dict:
    """{"on_behalf_of", "mandate"} when a helper acts for the dossier's person (acting context), else {}."""
    if dossier.person_id is None or own(request, dossier):
        return {}
    acting = current_acting(request)
    if acting is None or acting.person.pk != dossier.person_id:
        return {}
    require_acting_domain(request, acting, dossier.procedure.category)  # the session's domain, or refused
    return {"on_behalf_of": acting.person, "mandate": acting.mandate}


def mandate_refusal(request, person, category: str, mandate=None) -> str:
    """Plain-French reason why the helper may not act for `person` in `category` ("" when allowed)."""
    decision = policy.decide(request.user, "mandate.act", person, category=category, mandate=mandate)
    return "" if decision else (decision.reason or _("Vous ne pouvez pas agir pour cette personne."))


def after_draft_saved(request, acting: dict):
    if acting:
        messages.success(
            request,
            _("Les réponses sont enregistrées. Retrouvez ce brouillon dans l'espace « Agir pour %(person)s ».")
            % {"person": acting["on_behalf_of"]},
        )
        return redirect("mandates:acting_home")
    messages.success(request, _("Vos réponses sont enregistrées. Retrouvez ce brouillon dans « Mes démarches »."))
    return redirect("procedures:my_dossiers")


def dossier_for_person(request, dossier_id, action="dossier.view"):
    dossier = selectors.dossier_get(dossier_id=dossier_id, reader=request.user)
    if not request.user.is_authenticated:
        raise policy.Refused(_("Connectez-vous pour voir ce dossier."))
    acting = acting_kwargs(request, dossier)
    if policy.allows(request.user, action, dossier, **acting):
        return dossier
    if acting:  # acting for this person: say why (out of scope, expired, revoked, other organisation)
        reason = mandate_refusal(request, dossier.person, dossier.procedure.category, acting["mandate"])
        if reason:
            raise policy.Refused(reason)
    elif not own(request, dossier) and acting_refusal(request):
        raise policy.Refused(acting_refusal(request))
    raise policy.Refused(_("Ce dossier n'est pas le vôtre, ou il n'est pas accessible."))


def organisation(request):
    org = getattr(request, "organisation", None)
    if org is None:
        raise policy.Refused(_("Choisissez d'abord une structure."))
    return org


def procedure_for_agent(request, procedure_id, action="procedure.manage"):
    procedure = selectors.procedure_get(procedure_id=procedure_id)
    require(request, action, procedure)
    return procedure


def summary(dossier, data: dict, attachments: dict) -> list[dict]:
    """Answers page by page for display: [{"title", "index", "rows": [{"label", "value", "attachments"}]}]."""
    result = []
    for index, page in enumerate(F_.pages(dossier.version.fields)):
        rows = []
        for spec in F_.input_fields(page["fields"]):
            if not F_.evaluate(spec.get("condition"), data):
                continue
            value = data.get(spec["key"])
            row = {
                "label": spec["label"],
                "key": spec["key"],
                "value": F_.display_value(spec, value),
                "attachments": [],
            }
            field_type = field_types.get(spec["type"], default="text")
            if field_type.holds_files:
                row["attachments"] = [attachments[pk] for pk in (value or []) if pk in attachments]
            if field_type.has_children:
                row["entries"] = [
                    [
                        {"label": c["label"], "value": F_.display_value(c, item.get(c["key"]))}
                        for c in F_.input_fields(spec.get("fields", []))
                        if F_.evaluate(c.get("condition"), data, item)
                    ]
                    for item in (value or [])
                ]
            rows.append(row)
        result.append({"title": page["title"] or _("Vos réponses"), "index": index, "rows": rows})
    return result
