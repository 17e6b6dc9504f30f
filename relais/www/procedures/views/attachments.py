"""Files of a dossier: a document of the safe attached, a file removed, a file (or its preview) shown."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.core.downloads import set_download_name
from relais.documents.processing import UploadRefused, preview
from relais.procedures import selectors, services
from relais.procedures.services import StaleDossier
from relais.www.procedures.views.common import acting_kwargs, dossier_for_person, own


@require_POST
@login_required
def attach_document(request, dossier_id):
    dossier = dossier_for_person(request, dossier_id, "dossier.edit")
    acting = acting_kwargs(request, dossier)
    field_key = request.POST.get("field", "")
    page = services.page_of_key(dossier.version, field_key)
    try:
        services.attachment_from_document(
            dossier=dossier,
            actor=request.user,
            field_key=field_key,
            document_id=int(request.POST.get(f"document_{field_key}") or 0),
            revision=int(request.POST.get("revision") or 0),
            **acting,
        )
    except StaleDossier as stale:
        messages.error(request, stale.message)
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [_("Choisissez un document.")])))
    except UploadRefused as refusal:  # plain message, draft intact
        messages.error(request, refusal.message)
    except ObjectDoesNotExist:  # the document left the safe meanwhile
        messages.error(request, _("Ce document n'est plus dans votre coffre-fort."))
    else:
        messages.success(request, _("Le document de votre coffre-fort est joint au dossier."))
    return redirect("procedures:dossier_page", dossier.pk, page)


@require_POST
@login_required
def attachment_remove(request, attachment_id):
    attachment = selectors.attachment_get(attachment_id=attachment_id)
    dossier = dossier_for_person(request, attachment.dossier_id, "dossier.edit")
    acting = acting_kwargs(request, dossier)
    page = services.page_of_key(dossier.version, attachment.field_key)
    try:
        services.attachment_remove(
            attachment=attachment, actor=request.user, revision=int(request.POST.get("revision") or 0), **acting
        )
    except StaleDossier as stale:
        messages.error(request, stale.message)
    else:
        messages.success(request, _("Le fichier est retiré."))
    return redirect("procedures:dossier_page", dossier.pk, page)


@login_required
def attachment_view(request, attachment_id):
    """Permission-checked file (or its small preview with ?apercu=1); ?version=N for a file of a submitted version."""
    version = request.GET.get("version", "")
    attachment = selectors.attachment_served(
        attachment_id=attachment_id, version_number=int(version) if version.isascii() and version.isdigit() else None
    )
    dossier = attachment.dossier
    if not request.user.is_authenticated:
        raise policy.Refused(_("Connectez-vous pour voir ce fichier."))
    is_own = policy.allows(request.user, "dossier.view", dossier) and own(request, dossier)
    acting = acting_kwargs(request, dossier)
    if acting:
        dossier = dossier_for_person(request, dossier.pk)
        services.dossier_record_read(dossier=dossier, actor=request.user, what="attachment", **acting)
    elif not is_own:
        policy.require(request.user, "dossier.instruct", dossier)
        services.dossier_record_read(dossier=dossier, actor=request.user, what="attachment")
    with attachment.file.open("rb") as handle:
        data = handle.read()
    content_type = attachment.content_type
    if request.GET.get("apercu"):
        small = preview(data, "pdf" if content_type == "application/pdf" else "jpeg")
        if small is not None:
            data, content_type = small, "image/jpeg"
    response = HttpResponse(data, content_type=content_type)
    return set_download_name(response, attachment.original_name or "fichier", inline=True)
