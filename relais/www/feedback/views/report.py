"""A helper (or an agent) reports a problem on a procedure: which question, what happened, how many people."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais.feedback import selectors
from relais.feedback.services.reports import ReportRefused, procedure_fields, report_submit
from relais.procedures.models import Procedure
from relais.www.decorators import allowed
from relais.www.feedback.forms import ChooseProcedureForm, ReportForm
from relais.www.feedback.views.review import removed_message


@allowed("feedback.report")
def report(request):
    slug = request.GET.get("demarche", "")
    procedure = selectors.procedure_for_review(slug=slug) if slug else None
    context = {"title": _("Signaler un problème sur une démarche"), "mine": selectors.reports_of(request.user)}
    if procedure is None:
        choose = ChooseProcedureForm(request.GET or None, procedures=Procedure.objects.published())
        if slug:
            choose.is_valid()
        return render(request, "feedback/report_choose.html", {**context, "form": choose})
    fields = procedure_fields(procedure)
    form = ReportForm(request.POST if request.method == "POST" else None, request.FILES or None, fields=fields)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _report, removed = report_submit(
                actor=request.user,
                procedure=procedure,
                field_key=data["field_key"],
                page=data["page"],
                what_happened=data["what_happened"],
                people_count=data["people_count"],
                attachment=data["attachment"],
            )
        except ReportRefused as refused:
            form.add_error(None, refused.message)
        else:
            if removed:
                messages.warning(request, removed_message(removed))
            messages.success(request, _("Merci : votre signalement est transmis aux auteurs de la démarche."))
            return redirect(reverse("feedback:report") + f"?demarche={procedure.slug}")
    return render(request, "feedback/report.html", {**context, "form": form, "procedure": procedure})
