"""The signed link for a receiving service without a Relais account (`/orientations/lien/<service>/<token>/`).

A link altered, for another service, revoked (renewed or cancelled) or expired opens a clear page showing no
data; an expired one offers to send a fresh link to the service's own address. Every opening of a valid
link, and of each shared document, is journaled (`referral.viewed_by_service`, `referral.attachment_opened`)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from relais.referrals import links, services
from relais.www.referrals.views.answering import answer_forms, handle_answer

REFUSALS = {
    links.ALTERED: (
        gettext_lazy("Ce lien n'est pas valable"),
        gettext_lazy("Le lien est incomplet ou a été modifié. Copiez-le en entier depuis le courriel reçu."),
    ),
    links.WRONG_SERVICE: (
        gettext_lazy("Ce lien n'est pas pour ce service"),
        gettext_lazy("Ce lien a été envoyé à un autre service. Utilisez le lien du courriel que votre service a reçu."),
    ),
    links.REVOKED: (
        gettext_lazy("Ce lien ne fonctionne plus"),
        gettext_lazy(
            "Un lien plus récent a été envoyé à votre service, ou l'orientation a été annulée. "
            "Utilisez le dernier courriel reçu."
        ),
    ),
    links.EXPIRED: (
        gettext_lazy("Ce lien a expiré"),
        gettext_lazy("Pour protéger les données de la personne, un lien ne sert que %(days)s jours."),
    ),
}


def _refusal(request, check, service_id: int, token: str):
    title, text = REFUSALS[check.status]
    return render(
        request,
        "referrals/link_refused.html",
        {
            "title": title,
            "text": str(text) % {"days": links.link_days()},
            "can_renew": check.status == links.EXPIRED,
            "renew_url": reverse("referrals:link_renew", args=[service_id, token]),
        },
        status=410 if check.status in (links.EXPIRED, links.REVOKED) else 404,
    )


@never_cache
def link_view(request, service_id: int, token: str):
    check = links.check_token(service_id=service_id, token=token)
    if not check.ok:
        return _refusal(request, check, service_id, token)
    referral = check.referral
    forms = answer_forms(request)
    status = 200
    if request.method == "POST":
        done, forms = handle_answer(request, referral, via=services.LINK)
        if done:
            return redirect(request.path)
        status = 400
    referral = services.referral_view_by_service(referral=referral, via=services.LINK)
    return render(
        request,
        "referrals/service_view.html",
        {
            "title": _("Orientation vers « %(service)s »") % {"service": referral.service_name},
            "referral": referral,
            "forms": forms,
            "answer_url": request.path,
            "attachment_url": request.path + "document/",
            "via_link": True,
        },
        status=status,
    )


@require_POST
def link_renew(request, service_id: int, token: str):
    check = links.check_token(service_id=service_id, token=token)
    if check.status != links.EXPIRED:
        if not check.ok:
            return _refusal(request, check, service_id, token)
        return redirect("referrals:link", service_id=service_id, token=token)
    sent = services.link_renew(referral=check.referral)
    return render(
        request,
        "referrals/link_renewed.html",
        {"title": _("Nouveau lien envoyé") if sent else _("Pas de nouveau lien"), "sent": sent},
    )


@never_cache
def link_attachment(request, service_id: int, token: str, attachment_id: int):
    check = links.check_token(service_id=service_id, token=token)
    if not check.ok:
        return _refusal(request, check, service_id, token)
    attachment = check.referral.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    data = services.attachment_open(attachment=attachment, via=services.LINK)
    return _file_response(attachment, data)


def _file_response(attachment, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=attachment.content_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="document-{attachment.pk}.{attachment.extension or "bin"}"'
    response["Cache-Control"] = "no-store"
    return response
