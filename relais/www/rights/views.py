"""Screens of the rights simulator: the questionnaire (anonymous, answers in the session, one
question per screen), the results, and the detection of unclaimed rights for helpers."""

from __future__ import annotations

import datetime
import logging

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.accounts.selectors import person_by_id
from relais.core.downloads import set_download_name
from relais.policy.roles import active_organisation, is_person
from relais.policy.throttle import RateLimited, request_clients
from relais.procedures.claim_links import claimable_procedures
from relais.procedures.profile import profile_values
from relais.rights import engine, saved_results, selectors, services
from relais.rights.catalogue import ACRONYMS
from relais.rights.household import HouseholdError
from relais.territory.selectors import commune_by_code
from relais.www.decorators import allowed
from relais.www.rights import steps
from relais.www.rights.take_up_views import batch_rows_context, take_up_context

logger = logging.getLogger(__name__)
SESSION_KEY = "rights_answers"
FOR_PERSON_KEY = "rights_for_person"  # a helper runs the questionnaire for a person they follow


# --- Steps (relais/www/rights/steps.py) -------------------------------------------------------------
STEPS, FORMS, active_steps = steps.STEPS, steps.FORMS, steps.active_steps


def _answers(request) -> dict:
    return dict(request.session.get(SESSION_KEY) or {})


def _complete(answers: dict) -> bool:
    try:
        services.answers_household(answers)
    except HouseholdError:
        return False
    return True


def _first_missing(answers: dict) -> str | None:
    """The first screen whose answer is missing or invalid (None when all are fine)."""
    for name in active_steps(answers):
        form = FORMS[name](data=None, answers=answers)
        data = {key: value for key, value in form.initial.items() if value not in (None, "")}
        if set(form.fields) - set(data) - {"received"}:
            return name
    return None


def _prefill(request) -> dict:
    """Answers known for a logged-in person: their saved answers, else their procedure profile."""
    user = request.user
    if not is_person(user):
        return {}
    saved = selectors.profile_answers(person=user.person)
    if saved:
        return saved
    answers: dict = {}
    person = user.person
    profile = getattr(person, "procedure_profile", None)
    values = profile_values(person, profile.data if profile else {})
    birth = values.get("identity.birth_date") or (person.birth_date.isoformat() if person.birth_date else "")
    if birth:
        born = datetime.date.fromisoformat(str(birth)[:10])
        today = datetime.date.today()
        answers["adults"] = [{"age": today.year - born.year - ((today.month, today.day) < (born.month, born.day))}]
    commune = values.get("address.commune")
    if commune and commune_by_code(str(commune)) is not None:
        answers["commune"] = str(commune)
    return answers


@allowed("rights.simulate")
def start(request):
    """Presentation; POST starts (or restarts) the questionnaire."""
    if request.method == "POST":
        answers = {} if request.POST.get("restart") else (_answers(request) or _prefill(request))
        request.session[SESSION_KEY] = answers
        if request.POST.get("restart"):
            request.session.pop(FOR_PERSON_KEY, None)
        return redirect("rights:step", name=active_steps(answers)[0])
    return render(
        request,
        "rights/start.html",
        {
            "title": _("Mes droits : à quelles aides ai-je droit ?"),
            "has_answers": bool(_answers(request)),
            "prefill": bool(_prefill(request)) if not _answers(request) else False,
            # From the fewest screens (no children, not renting, under 55) to all of them.
            "steps_min": steps.question_range()[0],
            "steps_count": steps.question_range()[1],
            "can_batch": policy.allows(request.user, "rights.batch_space"),
        },
    )


@allowed("rights.simulate")
def step(request, name: str):
    if name not in FORMS:
        raise Http404
    answers = _answers(request)
    steps = active_steps(answers)
    if name not in steps:
        return redirect("rights:step", name=steps[0])
    form_class = FORMS[name]
    refused = None
    if request.method == "POST":
        form = form_class(data=request.POST, answers=answers)
        try:
            services.questionnaire_answer_counted(request_clients(request))
        except RateLimited as exc:
            refused = exc  # the page comes back with what was typed, and says when to try again
            form.is_valid()
            form.add_error(None, exc.message)
        if refused is None and form.is_valid():
            form.apply(answers)
            request.session[SESSION_KEY] = answers
            steps = active_steps(answers)
            index = steps.index(name) if name in steps else 0
            if index + 1 < len(steps):
                return redirect("rights:step", name=steps[index + 1])
            return redirect("rights:results")
    else:
        form = form_class(answers=answers)
    index = steps.index(name)
    response = render(
        request,
        "rights/step.html",
        {
            "title": form.title,
            "form": form,
            "number": index + 1,
            "total": len(steps),
            "next_title": FORMS[steps[index + 1]].title if index + 1 < len(steps) else _("Vos résultats"),
            "previous_url": reverse("rights:step", kwargs={"name": steps[index - 1]})
            if index
            else reverse("rights:start"),
        },
        status=429 if refused else 200,
    )
    if refused:
        response["Retry-After"] = str(refused.retry_after)
    return response


def _help_context(request, commune_code: str | None) -> dict:
    commune = commune_by_code(commune_code) if commune_code else None
    return {"help_commune": commune, "help_organisation": active_organisation(request.user)}


@allowed("rights.simulate")
def results(request):
    answers = _answers(request)
    missing = _first_missing(answers)
    if missing is not None:
        messages.info(request, _("Il manque une réponse pour faire le calcul."))
        return redirect("rights:step", name=missing)
    try:
        household = services.answers_household(answers)
    except HouseholdError as exc:
        messages.error(request, exc.message)
        return redirect("rights:step", name="commune" if exc.field == "commune" else active_steps(answers)[0])
    context = {
        "title": _("Vos résultats"),
        **_help_context(request, household.depcom),
        "commune": commune_by_code(household.depcom),
    }
    status = 200
    try:
        estimate = services.household_estimate(
            household=household, procedures=claimable_procedures(), clients=request_clients(request)
        )
    except engine.EngineNotReady:
        context["preparing"] = True
        response = render(request, "rights/results.html", context, status=200)
        response["Refresh"] = "5"
        response["Cache-Control"] = "no-store"
        return response
    except engine.EngineFailure:
        logger.exception("rights estimate failed")
        context["failure"] = True
        status = 503
    else:
        context["estimate"] = estimate
        context["received"] = [line for line in estimate.lines if line.already_received]
        context["new_lines"] = [line for line in estimate.lines if not line.already_received]
        context["followed"] = _followed_person(request)
        context["can_save"] = is_person(request.user) or context["followed"] is not None
        context["print_view"] = request.GET.get("impression") == "1"
        context["acronyms"] = [(abbr, str(words)) for abbr, words in ACRONYMS.items() if abbr in ("CAF", "MSA", "MDPH")]
    return render(request, "rights/results.html", context, status=status)


def _followed_person(request):
    """The person a helper is running the questionnaire for (checked again on every use)."""
    person_id = request.session.get(FOR_PERSON_KEY)
    if not person_id:
        return None
    person = person_by_id(person_id)
    if person is None or not policy.allows(request.user, "rights.act_for", person):
        return None
    return person


def _saved_for(request):
    """(person, organisation) the result is saved for: the followed person, or the person themself."""
    followed = _followed_person(request)
    if followed is not None:
        return followed, active_organisation(request.user)
    if is_person(request.user):
        return request.user.person, None
    raise policy.Refused(_("Ouvrez d'abord la fiche de la personne que vous accompagnez."))


def _estimate_for_saving(request, answers):
    household = services.answers_household(answers)
    return services.household_estimate(household=household, procedures=claimable_procedures())


@require_POST
@allowed("rights.save")
def save(request):
    """Keep the answers and the estimate in the person file (a person, or a helper for a followed person)."""
    answers = _answers(request)
    person, organisation = _saved_for(request)
    try:
        estimate = _estimate_for_saving(request, answers)
        saved_results.rights_result_save(
            person=person,
            answers=answers,
            estimate=estimate,
            actor=request.user,
            organisation=organisation,
            consent_to_batch=None if organisation is not None else bool(request.POST.get("consent")),
        )
    except HouseholdError as exc:
        messages.error(request, exc.message)
        return redirect("rights:results")
    except (engine.EngineNotReady, engine.EngineFailure):
        messages.error(request, _("Le calcul n'est pas disponible pour l'instant : réessayez dans un moment."))
        return redirect("rights:results")
    if organisation is not None:
        messages.success(
            request,
            _("L'estimation de %(name)s est enregistrée dans son dossier.")
            % {"name": f"{person.first_name} {person.last_name}"},
        )
    else:
        messages.success(request, _("Votre estimation est enregistrée dans votre dossier. Vous pourrez la revoir."))
    return redirect("rights:results")


@require_POST
@allowed("rights.save")
def send(request):
    """Send a summary of the estimate to the person, by SMS or email (their own channel)."""
    answers = _answers(request)
    person, organisation = _saved_for(request)
    try:
        estimate = _estimate_for_saving(request, answers)
    except HouseholdError as exc:
        messages.error(request, exc.message)
        return redirect("rights:results")
    except (engine.EngineNotReady, engine.EngineFailure):
        messages.error(request, _("Le calcul n'est pas disponible pour l'instant : réessayez dans un moment."))
        return redirect("rights:results")
    saved_results.rights_summary_send(person=person, estimate=estimate, actor=request.user, organisation=organisation)
    messages.success(request, _("Le résumé est envoyé par SMS ou par courriel, selon les préférences de la personne."))
    return redirect("rights:results")


@allowed("rights.batch_space")
def for_person(request, person_id: int):
    """A helper runs the questionnaire with a person they follow (their saved answers first)."""
    person = person_by_id(person_id)
    if person is None:
        raise Http404
    policy.require(
        request.user,
        "rights.act_for",
        person,
        message=_("Vous n'accompagnez pas cette personne : vous ne pouvez pas faire le calcul pour elle."),
    )
    if request.method == "POST":
        services.rights_profile_opened(
            person=person, actor=request.user, organisation=active_organisation(request.user)
        )
        request.session[SESSION_KEY] = selectors.profile_answers(person=person) or {}
        request.session[FOR_PERSON_KEY] = person.pk
        return redirect("rights:step", name=active_steps(request.session[SESSION_KEY])[0])
    services.rights_person_viewed(person=person, actor=request.user, organisation=active_organisation(request.user))
    return render(
        request,
        "rights/for_person.html",
        {
            "title": _("Calculer les droits d'une personne accompagnée"),
            "followed": person,
            "has_answers": bool(selectors.profile_answers(person=person)),
        },
    )


# --- Unclaimed rights (helpers) ---------------------------------------------------------------------
@allowed("rights.batch_space")
def batch_home(request):
    organisation = active_organisation(request.user)
    if request.method == "POST":
        batch = services.batch_run_start(organisation=organisation, actor=request.user)
        return redirect("rights:batch_detail", batch_id=batch.pk)
    return render(
        request,
        "rights/batch_home.html",
        {
            "title": _("Droits probablement non réclamés"),
            "organisation": organisation,
            "batches": selectors.batches_for(organisation=organisation),
            "followed": selectors.followed_with_consent_count(organisation=organisation),
            **take_up_context(request, organisation),
        },
    )


def _batch_or_404(request, batch_id: int):
    batch = selectors.batch_for(organisation=active_organisation(request.user), batch_id=batch_id)
    if batch is None:
        raise Http404
    policy.require(request.user, "rights.batch_view", batch)
    return batch


@allowed("rights.batch_space")
def batch_detail(request, batch_id: int):
    batch = _batch_or_404(request, batch_id)
    worked = batch_rows_context(request, batch)
    services.batch_viewed(
        batch=batch, actor=request.user, rows=[{"person_id": row["right"].person_id} for row in worked["rows"]]
    )
    response = render(
        request,
        "rights/batch_detail.html",
        {
            "title": _("Recherche de droits non réclamés"),
            "batch": batch,
            "finished": batch.status in ("done", "failed"),
            **worked,
        },
    )
    if batch.status in ("pending", "running"):
        response["Refresh"] = "3"
    return response


@allowed("rights.batch_space")
def batch_csv(request, batch_id: int):
    batch = _batch_or_404(request, batch_id)
    content = services.batch_csv(batch=batch, actor=request.user)
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    return set_download_name(response, f"droits-non-reclames-{batch.period}-{batch.pk}.csv")
