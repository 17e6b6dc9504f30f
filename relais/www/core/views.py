from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.identity import joining
from relais.organisations.selectors import organisation_members, organisations_in
from relais.www.accounts.forms import MemberAddForm
from relais.www.decorators import allowed
from relais.www.middleware import ACTIVE_ORG_SESSION_KEY
from relais.www.persons import todo
from relais.www.rights.steps import question_range


def home(request):
    low, high = question_range()
    return render(request, "core/home.html", {"title": _("Accueil"), "rights_questions": (low, high)})


@allowed("page.authenticated")
def dashboard(request):
    person = getattr(request.user, "person", None)
    context = {"title": _("Mon espace"), "todo": todo.person_todo(person, request.user) if person else None}
    return render(request, "core/dashboard.html", context)


@allowed("organisation.view_members")
def organisation(request):
    org = request.organisation
    if org is None:
        raise policy.Refused(_("Choisissez d'abord une structure."))
    policy.require(request.user, "organisation.view_members", org)
    return organisation_page(request, org)


def organisation_page(request, org, *, add_form=None, status: int = 200):
    """The organisation page: members, and for its managers the forms to add and remove them."""
    can_manage = policy.allows(request.user, "organisation.manage_members", org)
    context = {
        "title": org.name,
        "organisation": org,
        "members": organisation_members(organisation=org),
        "can_manage": can_manage,
        "add_form": (add_form or MemberAddForm()) if can_manage else None,
        "join_requests": joining.join_requests_for(organisation=org) if can_manage else [],
        "join_roles": [(role.value, role.label) for role in joining.ROLES],
    }
    return render(request, "core/organisation.html", context, status=status)


@require_POST
@allowed("organisation.switch")
def organisation_switch(request):
    membership_id = request.POST.get("membership")
    membership = next((m for m in getattr(request.user, "all_memberships", []) if str(m.pk) == membership_id), None)
    if membership is None:
        messages.error(request, _("Cette structure ne fait pas partie des vôtres."))
    else:
        policy.require(request.user, "organisation.switch", membership.organisation)
        request.session[ACTIVE_ORG_SESSION_KEY] = membership.pk
        messages.success(
            request, _("Vous agissez maintenant pour « %(name)s ».") % {"name": membership.organisation.name}
        )
    return redirect("www:dashboard")


@allowed("coordinator.space")
def coordination(request):
    departements = request.user.coordinated_departements.all()
    organisations = organisations_in(departements=departements)
    return render(
        request,
        "core/coordination.html",
        {"title": _("Coordination territoriale"), "departements": departements, "organisations": organisations},
    )


def legal(request):
    return render(request, "core/legal.html", {"title": _("Mentions légales")})


def privacy(request):
    return render(request, "core/privacy.html", {"title": _("Données personnelles")})


def accessibility(request):
    return render(request, "core/accessibility.html", {"title": _("Accessibilité : partiellement conforme")})


def sitemap(request):
    return render(request, "core/sitemap.html", {"title": _("Plan du site")})


def _error(request, status: int, title: str, message: str):
    return render(request, "core/error.html", {"title": title, "message": message, "status": status}, status=status)


def error_400(request, exception=None):
    return _error(request, 400, _("Demande incorrecte"), _("La demande n'a pas pu être comprise."))


def error_403(request, exception=None):
    message = getattr(exception, "message", None) or _("Vous n'avez pas accès à cette page.")
    return _error(request, 403, _("Accès refusé"), message)


def error_404(request, exception=None):
    return _error(request, 404, _("Page introuvable"), _("Cette page n'existe pas ou plus."))


def error_500(request):
    return _error(
        request,
        500,
        _("Erreur du service"),
        _("Une erreur est survenue de notre côté. Vos données enregistrées ne sont pas perdues."),
    )
