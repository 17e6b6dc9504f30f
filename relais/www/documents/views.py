"""Screens of the person's document safe ("Mon coffre")."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from relais import policy
from relais.core.downloads import set_download_name
from relais.core.formats import size_reduced
from relais.documents import selectors, services
from relais.documents.models import DocType, Document
from relais.documents.processing import MAX_UPLOAD_BYTES, UploadRefused, format_size
from relais.www.decorators import allowed
from relais.www.documents.forms import ConfirmDeleteForm, DocumentInfoForm, UploadForm
from relais.www.documents.journal_text import describe_entries

MAX_TOTAL_BYTES = 100 * 1024 * 1024
PRIVATE_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
}


def _bound(request, *, files: bool = False) -> tuple:
    """Form arguments: bound on POST (even an empty one), unbound on GET."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


def _private(response: HttpResponse) -> HttpResponse:
    for key, value in PRIVATE_HEADERS.items():
        response[key] = value
    return response


def _own_document(request, pk: int, action: str = "document.view") -> Document:
    document = selectors.document_get(pk=pk)
    if document is None or not policy.allows(request.user, action, document):
        raise Http404(_("Ce document n'existe pas ou n'est plus dans votre coffre."))
    return document


@allowed("document.safe")
def safe(request):
    person = request.user.person
    documents = list(selectors.documents_of(person))
    return render(
        request,
        "documents/safe.html",
        {
            "title": _("Mon coffre à documents"),
            "documents": documents,
            "form": UploadForm(),
            "expiring": [d for d in documents if d.expiry_state()],
        },
    )


def _read_uploads(files) -> list[bytes]:
    """Raw bytes of the uploaded files; the 50 Mo limit is checked before reading."""
    data = []
    for upload in files:
        if upload.size > MAX_UPLOAD_BYTES:
            raise UploadRefused(_("Ce fichier dépasse 50 Mo.") + f" ({upload.name})", code="too_big")
    if sum(upload.size for upload in files) > MAX_TOTAL_BYTES:
        raise UploadRefused(
            _("Ces fichiers pèsent plus de 100 Mo ensemble : envoyez-en moins à la fois."), code="too_big"
        )
    for upload in files:
        data.append(upload.read())
    return data


@never_cache
@require_http_methods(["GET", "POST"])
@allowed("document.safe")
def upload(request):
    person = request.user.person
    form = UploadForm(*_bound(request, files=True))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pending = services.pending_create(
                    person=person, actor=request.user, files=_read_uploads(form.cleaned_data["files"])
                )
            except UploadRefused as refusal:
                form.add_error("files", refusal.message)
                status = 422
            else:
                return redirect("documents:pending", pk=pending.pk)
        else:
            status = 422
    return render(request, "documents/upload.html", {"title": _("Ajouter un document"), "form": form}, status=status)


def _pending_or_404(request, pk):
    pending = selectors.pending_get(pk=pk, actor=request.user)
    if pending is None:
        raise Http404(_("Ce fichier n'est plus en attente : envoyez-le à nouveau."))
    return pending


@never_cache
@require_http_methods(["GET", "POST"])
@allowed("document.safe")
def pending(request, pk):
    item = _pending_or_404(request, pk)
    form = DocumentInfoForm(*_bound(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            document = services.pending_confirm(
                pending=item,
                actor=request.user,
                doc_type=data["doc_type"],
                title=data["title"] or DocType(data["doc_type"]).label,
                expires_on=data["expires_on"],
            )
            messages.success(request, _("« %(title)s » est dans votre coffre.") % {"title": document.title})
            return redirect("documents:safe")
        status = 422
    return render(
        request,
        "documents/pending.html",
        {
            "title": _("Vérifiez votre document"),
            "pending": item,
            "form": form,
            "size": format_size(item.size),
            "original_size": format_size(item.original_size),
            "reduced": size_reduced(item.original_size, item.size),
        },
        status=status,
    )


@require_POST
@allowed("document.safe")
def pending_cancel(request, pk):
    item = _pending_or_404(request, pk)
    services.pending_cancel(pending=item, actor=request.user)
    messages.info(request, _("Le fichier n'a pas été gardé."))
    return redirect("documents:safe")


@allowed("document.safe")
def pending_preview(request, pk):
    item = _pending_or_404(request, pk)
    if not item.preview:
        raise Http404()
    with item.preview.open("rb") as handle:
        return _private(HttpResponse(handle.read(), content_type="image/jpeg"))


@allowed("document.safe")
def pending_file(request, pk):
    item = _pending_or_404(request, pk)
    with item.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=item.content_type)
    set_download_name(response, f"document.{'pdf' if item.is_pdf else 'jpg'}", inline=True)
    return _private(response)


@allowed("document.safe")
def detail(request, pk):
    document = _own_document(request, pk)
    uses = list(selectors.uses_of(document))
    return render(
        request,
        "documents/detail.html",
        {"title": document.title, "document": document, "size": format_size(document.size), "uses": uses},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@allowed("document.safe")
def edit(request, pk):
    document = _own_document(request, pk, "document.edit")
    initial = {"doc_type": document.doc_type, "title": document.title, "expires_on": document.expires_on}
    form = DocumentInfoForm(*_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.document_update(
            document=document,
            actor=request.user,
            doc_type=data["doc_type"],
            title=data["title"] or DocType(data["doc_type"]).label,
            expires_on=data["expires_on"],
        )
        messages.success(request, _("Les informations du document sont enregistrées."))
        return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/edit.html",
        {
            "title": _("Modifier « %(title)s »") % {"title": document.title},
            "document": document,
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


@allowed("document.safe")
def download(request, pk):
    document = _own_document(request, pk)
    data = services.document_open(document=document, actor=request.user)
    response = HttpResponse(data, content_type=document.content_type)
    set_download_name(response, document.download_name, inline=bool(request.GET.get("voir")))
    return _private(response)


@allowed("document.safe")
def preview(request, pk):
    document = _own_document(request, pk)
    data = services.document_preview(document=document, actor=request.user)
    if data is None:
        raise Http404()
    return _private(HttpResponse(data, content_type="image/jpeg"))


@never_cache
@require_http_methods(["GET", "POST"])
@allowed("document.safe")
def delete(request, pk):
    document = _own_document(request, pk, "document.delete")
    form = ConfirmDeleteForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        title = document.title
        services.document_delete(document=document, actor=request.user)
        messages.success(request, _("« %(title)s » a été supprimé de votre coffre.") % {"title": title})
        return redirect("documents:safe")
    return render(
        request,
        "documents/delete.html",
        {
            "title": _("Supprimer « %(title)s »") % {"title": document.title},
            "document": document,
            "form": form,
        },
        status=422 if request.method == "POST" else 200,
    )


@allowed("document.safe")
def access_log(request):
    person = request.user.person
    policy.require(request.user, "document.access_log", person)
    entries = describe_entries(selectors.document_access_log(person))
    return render(
        request,
        "documents/access_log.html",
        {"title": _("Qui a vu mes documents"), "entries": entries, "safe_url": reverse("documents:safe")},
    )
