"""A document of the person's safe attached to an escalation, opened by someone on one of its sides
(the document policy decides: the helper under a mandate, or a team invited, through `escalation.view`)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from relais import policy
from relais.core.downloads import set_download_name
from relais.documents import services as documents
from relais.documents.selectors import documents_used_by
from relais.www.decorators import allowed
from relais.www.escalations.views.common import escalation_or_404


@allowed("escalation.inbox")
def attachment(request, escalation_id: int, document_id: int):
    escalation = escalation_or_404(request, escalation_id)
    document = next((d for d in documents_used_by(escalation) if d.pk == document_id), None)
    if document is None:
        raise Http404
    policy.require(request.user, "document.view", document, on_behalf_of=escalation.person)
    data = documents.document_open(
        document=document, actor=request.user, on_behalf_of=escalation.person, purpose="escalation"
    )
    response = HttpResponse(data, content_type=document.content_type)
    return set_download_name(response, document.download_name, inline=document.is_pdf)
