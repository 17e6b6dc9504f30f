"""The procedure's authors: groups ranked by weight, a group's reports and verbatims, fix tickets, answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.core.errors import DomainError
from relais.feedback import selectors, states
from relais.feedback.models import Group, Report, Review, Ticket
from relais.feedback.services.reports import procedure_fields, report_regroup, review_regroup
from relais.feedback.services.reviews import story_answer
from relais.procedures.models import Procedure
from relais.www.decorators import allowed
from relais.www.feedback.forms import AnswerForm, RegroupForm, TicketForm


def _authored(user, obj):
    policy.require(user, "feedback.author", obj)
    return obj


@allowed("procedures.backoffice")
def home(request):
    return render(
        request,
        "feedback/author_home.html",
        {"title": _("Retours des usagers"), "procedures": selectors.managed_procedures(request.user)},
    )


@login_required
def procedure(request, procedure_id: int):
    procedure = _authored(request.user, get_object_or_404(Procedure, pk=procedure_id))
    return render(
        request,
        "feedback/author_procedure.html",
        {
            "title": _("Retours sur « %(title)s »") % {"title": procedure.title},
            "procedure": procedure,
            "groups": selectors.ranked_groups(procedure=procedure),
            "escalations": selectors.escalations_for(procedure),
        },
    )


@login_required
def group(request, group_id: int):
    group = get_object_or_404(Group.objects.select_related("procedure"), pk=group_id)
    _authored(request.user, group.procedure)
    fields = procedure_fields(group.procedure)
    return render(
        request,
        "feedback/group.html",
        {
            "title": group.label,
            "group": group,
            "regroup_form": RegroupForm(fields=fields, initial={"field_key": group.field_key}),
            "answer_form": AnswerForm(),
            **selectors.group_content(group),
        },
    )


@login_required
@require_POST
def ticket_open(request, group_id: int):
    group = get_object_or_404(Group.objects.select_related("procedure"), pk=group_id)
    _authored(request.user, group.procedure)
    ticket = states.ticket_open(actor=request.user, group=group)
    messages.success(request, _("Le ticket de correction est ouvert."))
    return redirect("feedback:ticket", ticket.pk)


@login_required
@require_POST
def regroup(request, report_id: int):
    report = get_object_or_404(Report.objects.select_related("procedure"), pk=report_id)
    form = RegroupForm(request.POST, fields=procedure_fields(_authored(request.user, report.procedure)))
    if form.is_valid():
        report = report_regroup(actor=request.user, report=report, field_key=form.cleaned_data["field_key"])
        messages.success(request, _("Le signalement est déplacé dans « %(label)s ».") % {"label": report.group.label})
    return redirect("feedback:group", report.group_id)


@login_required
@require_POST
def regroup_review(request, review_id: int):
    review = get_object_or_404(Review.objects.select_related("procedure"), pk=review_id, procedure__isnull=False)
    form = RegroupForm(request.POST, fields=procedure_fields(_authored(request.user, review.procedure)))
    if form.is_valid():
        review = review_regroup(actor=request.user, review=review, field_key=form.cleaned_data["field_key"])
        messages.success(request, _("L'avis est déplacé dans « %(label)s ».") % {"label": review.group.label})
    return redirect("feedback:group", review.group_id)


@login_required
def attachment(request, report_id: int):
    report = get_object_or_404(Report.objects.select_related("procedure"), pk=report_id)
    _authored(request.user, report.procedure)
    if not report.attachment:
        raise Http404
    response = FileResponse(report.attachment.open("rb"), content_type=report.attachment_type)
    response["Content-Disposition"] = "attachment"
    return response


def _state_choices(ticket: Ticket):
    labels = dict(ticket._meta.get_field("state").choices)
    return [(state, labels[state]) for state in states.TRANSITIONS[ticket.state]] or [
        (ticket.state, labels[ticket.state])
    ]


@login_required
def ticket(request, ticket_id: int):
    ticket = get_object_or_404(Ticket.objects.select_related("group__procedure", "shipped_version"), pk=ticket_id)
    procedure = _authored(request.user, ticket.group.procedure)
    versions = selectors.published_versions(procedure)
    form = TicketForm(
        request.POST if request.method == "POST" else None,
        states=_state_choices(ticket),
        versions=versions,
        initial={"answer": ticket.public_answer},
    )
    if request.method == "POST" and form.is_valid():
        version = versions.filter(pk=form.cleaned_data["version"]).first() if form.cleaned_data["version"] else None
        try:
            states.ticket_transition(
                actor=request.user,
                ticket=ticket,
                to=form.cleaned_data["to"],
                answer=form.cleaned_data["answer"],
                version=version,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le ticket est enregistré."))
            return redirect("feedback:ticket", ticket.pk)
    return render(
        request,
        "feedback/ticket.html",
        {
            "title": _("Ticket de correction : %(label)s") % {"label": ticket.group.label},
            "ticket": ticket,
            "form": form,
            "changes": ticket.changes.all(),
            "procedure": procedure,
        },
    )


@login_required
@require_POST
def answer(request, review_id: int):
    review = get_object_or_404(Review.objects.select_related("procedure"), pk=review_id, procedure__isnull=False)
    _authored(request.user, review.procedure)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            story_answer(actor=request.user, review=review, answer=form.cleaned_data["answer"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Votre réponse est enregistrée ; elle est publiée avec l'avis une fois modéré.")
            )
    else:
        messages.error(request, _("Écrivez une réponse avant d'envoyer."))
    if review.group_id:
        return redirect("feedback:group", review.group_id)
    return redirect("feedback:author_procedure", review.procedure_id)
