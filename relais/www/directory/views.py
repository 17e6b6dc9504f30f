"""Screens of the directory: search, place page, print view, report an error, editing."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.core.errors import DomainError
from relais.core.formats import phone_display
from relais.directory import hours, selectors, services
from relais.directory.models import Place
from relais.www.decorators import allowed
from relais.www.directory import referral_hooks
from relais.www.directory.forms import PlaceForm, ReportForm, SearchForm, ServiceForm
from relais.www.directory.rendering import field_group_html, results_html

PAGE_SIZE = 20
SEARCH_FIELD_GROUPS = ("quoi", "q", "rayon", "ouvert", "gratuit", "fauteuil", "langue", "public", "accueil")
CATEGORY_ALIASES = {
    "acces-aux-droits": "difficultes-administratives-ou-juridiques",
    "hygiene": "hygiene",
    "alimentation": "equipement-et-alimentation--alimentation",
    "numerique": "numerique",
}


def _query_from_form(data: dict, commune) -> selectors.Query:
    quoi = data.get("quoi") or ""
    if commune is not None:
        lat, lon = commune.latitude, commune.longitude
    else:  # "around me": the browser's position; the nearest commune gives the zone for remote services
        lat, lon = data["lat"], data["lon"]
        commune = selectors.nearest_commune(latitude=lat, longitude=lon)
    return selectors.Query(
        latitude=lat,
        longitude=lon,
        radius_km=float(data.get("rayon") or 10),
        themes=[quoi] if quoi else [],
        text=data.get("q") or "",
        open_now=bool(data.get("ouvert")),
        free_only=bool(data.get("gratuit")),
        publics=[data["public"]] if data.get("public") else [],
        language=data.get("langue") or "",
        wheelchair=bool(data.get("fauteuil")),
        modes_accueil=[data["accueil"]] if data.get("accueil") else [],
        commune_code=commune.code if commune else "",
        departement_code=commune.departement.code if commune else "",
    )


@allowed("directory.search")
def search(request):
    params = request.GET.copy()
    # Links from elsewhere in Relais: ?commune=<INSEE code>&categorie=<alias or theme>.
    if params.get("commune") and not params.get("ou"):
        params["ou"] = params["commune"]
    if params.get("categorie") and not params.get("quoi"):
        params["quoi"] = CATEGORY_ALIASES.get(params["categorie"], params["categorie"])
    submitted = any(k in params for k in ("ou", "lat", "q", "quoi"))
    form = SearchForm(params if submitted else None)
    page = None
    commune = None
    center = (None, None)
    error = ""
    next_url = ""
    referrals = referral_hooks.SearchHook(request)  # response rates for professionals (ADR 0016)
    if submitted and form.is_valid():
        data = form.cleaned_data
        commune = data.get("ou")
        if commune is not None or (data.get("lat") is not None and data.get("lon") is not None):
            try:
                query = _query_from_form(data, commune)
                center = (query.latitude, query.longitude)
                page = selectors.search_services(
                    query, cursor=request.GET.get("apres") or None, limit=PAGE_SIZE, load_fields=selectors.RESULT_FIELDS
                )
            except selectors.SearchError as exc:
                error = str(exc)
            page = referrals.rank(page)
            if page and page.next_cursor:
                next_params = params.copy()
                next_params["apres"] = page.next_cursor
                next_url = "?" + next_params.urlencode()
    return render(
        request,
        "directory/search.html",
        {
            "title": _("Trouver de l'aide près de chez vous"),
            "form": form,
            "page": page,
            "commune": commune,
            "error": error,
            "next_url": next_url,
            "can_edit": policy.allows(request.user, "directory.edit_space"),
            "show_map": bool(settings.MAP_TILE_URL),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "© OpenStreetMap"),
            "center_lat": center[0],
            "center_lon": center[1],
            "is_next_page": bool(request.GET.get("apres")),
            "results_html": results_html(page.hits, extra=referrals.badges()) if page else "",
            "referral_search": referrals.context(),
            "fields": {name: field_group_html(form[name]) for name in SEARCH_FIELD_GROUPS},
        },
    )


def _place_or_404(request, place_id: int) -> Place:
    place = selectors.place_get(place_id=place_id)
    if place is None or not policy.allows(request.user, "directory.view_place", place):
        raise Http404
    return place


def _share_text(place: Place, week: list[dict]) -> str:
    lines = [place.name, place.full_address]
    for day in week:
        lines.append(f"{day['day']} : {', '.join(day['spans']) if day['spans'] else _('fermé')}")
    if place.phone:
        lines.append(_("Tél. : %(phone)s") % {"phone": phone_display(place.phone)})
    return "\n".join(line for line in lines if line)


def _place_context(request, place: Place) -> dict:
    is_editor = policy.allows(request.user, "directory.edit_place", place)
    place_services = list(selectors.place_services(place=place, include_unpublished=is_editor))
    expression, hours_message, closed = hours.effective_hours(place)
    week = hours.week(expression) if not closed else []
    status = hours.place_status(place)
    service_rows = []
    for service in place_services:
        service_rows.append(
            {
                "service": service,
                "status": hours.place_status(place, service.hours) if service.hours else None,
                "week": hours.week(hours.effective_hours(place, service.hours)[0]) if service.hours else [],
            }
        )
    referral_hooks.add_to_place(request, service_rows, is_editor=is_editor)  # referrals (ADR 0016)
    share = _share_text(place, week)
    url = request.build_absolute_uri(reverse("directory:place", args=[place.pk]))
    coords = f"{place.latitude},{place.longitude}" if place.latitude is not None else ""
    return {
        "title": place.name,
        "place": place,
        "services": service_rows,
        "status": status,
        "week": week,
        "hours_message": hours_message,
        "closed": closed,
        "is_editor": is_editor,
        "show_pro": policy.allows(request.user, "directory.view_pro_fields", place),
        "sms_link": "sms:?body=" + quote(share + "\n" + url),
        "mail_link": "mailto:?" + urlencode({"subject": place.name, "body": share + "\n" + url}, quote_via=quote),
        "geo_link": f"geo:{coords}?q={quote(coords + '(' + place.name + ')')}" if coords else "",
        "osm_link": f"https://www.openstreetmap.org/?mlat={place.latitude}&mlon={place.longitude}#map=17/{place.latitude}/{place.longitude}"
        if coords
        else "",
        "age_days": place.age_days(),
        "stale": place.is_stale,
    }


@allowed("directory.search")
def place_detail(request, place_id: int):
    place = _place_or_404(request, place_id)
    return render(request, "directory/place.html", _place_context(request, place))


@allowed("directory.search")
def place_print(request, place_id: int):
    place = _place_or_404(request, place_id)
    return render(request, "directory/place_print.html", _place_context(request, place))


@allowed("directory.report_error")
def place_report(request, place_id: int):
    place = _place_or_404(request, place_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.error_report_create(
            place=place,
            message=form.cleaned_data["message"],
            contact=form.cleaned_data["contact"],
            reporter=request.user,
        )
        messages.success(
            request, _("Merci ! Votre signalement a été envoyé aux personnes qui tiennent cette fiche à jour.")
        )
        return redirect("directory:place", place_id=place.pk)
    return render(request, "directory/report.html", {"title": _("Signaler une erreur"), "place": place, "form": form})


def _editable(request, place_id: int) -> Place:
    place = selectors.place_for_edit(place_id=place_id)
    policy.require(request.user, "directory.edit_place", place, message=_("Vous ne pouvez pas modifier ce lieu."))
    return place


@allowed("directory.edit_space")
def my_places(request):
    places = selectors.places_for_editor(user=request.user)
    place_list = selectors.with_services(places, limit=200)
    reports = list(selectors.open_reports(places=places)[:100])
    return render(
        request,
        "directory/my_places.html",
        {
            "title": _("Mes lieux"),
            "places": place_list,
            "reports": reports,
            "can_create": policy.allows(request.user, "directory.create_place"),
            "flag_days": settings.DIRECTORY_STALE_FLAG_DAYS,
            "hide_days": settings.DIRECTORY_STALE_HIDE_DAYS,
        },
    )


def _place_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}


@allowed("directory.create_place")
def place_create(request):
    organisation = request.organisation
    form = PlaceForm(request.POST or None, initial={"languages": ["fr"]})
    if request.method == "POST" and form.is_valid():
        place = services.place_create(actor=request.user, organisation=organisation, data=_place_data(form))
        messages.success(request, _("Le lieu est créé. Ajoutez maintenant ses services."))
        return redirect("directory:service_add", place_id=place.pk)
    return render(request, "directory/place_edit.html", {"title": _("Ajouter un lieu"), "form": form, "place": None})


@allowed("directory.edit_space")
def place_edit(request, place_id: int):
    place = _editable(request, place_id)
    form = PlaceForm(request.POST or None, instance=place)
    stale = None
    if request.method == "POST" and form.is_valid():
        fresh = selectors.place_get(place_id=place.pk)  # the form modified `place`: give the service a clean instance
        try:
            services.place_update(
                place=fresh, actor=request.user, data=_place_data(form), revision=form.shown_revision()
            )
        except services.StaleEdit as error:
            form, stale = _stale_form(PlaceForm, request, selectors.place_get(place_id=place.pk), form, error)
        else:
            messages.success(request, _("Les modifications sont enregistrées."))
            return redirect("directory:place", place_id=place.pk)
    return render(
        request,
        "directory/place_edit.html",
        {
            "title": _("Modifier « %(name)s »") % {"name": place.name},
            "form": form,
            "place": place,
            "stale": stale,
            "can_moderate": policy.allows(request.user, "directory.moderate_place", place),
            "proposals": _proposals(form, place),
        },
    )


def _shown(field, value):
    """A saved value as people read it: codes of a field with choices by their labels (plain words first for
    categories: « Se laver, prendre une douche (Hygiène — douches) »), lists joined."""
    labels = {}
    for code, label in getattr(field, "choices", None) or ():
        if isinstance(label, list | tuple):  # an optgroup
            labels.update({str(c): str(lab) for c, lab in label})
        else:
            labels[str(code)] = str(label)
    if not isinstance(value, list) and str(value) not in labels:
        return value  # a date, a number, a text: as the template writes it
    values = value if isinstance(value, list) else [value]
    return ", ".join(labels.get(str(v), str(v)) for v in values if v not in (None, ""))


def _proposals(form, place) -> list[dict]:
    """The source's newer values for fields edited here, with their labels, for the edit page."""
    out = []
    for name, value in (place.source_proposals or {}).items():
        field = form.fields.get(name)
        shown = _shown(field, value)
        current = _shown(field, getattr(place, name, ""))
        out.append(
            {
                "name": name,
                "label": field.label if field else name,
                "value": shown if shown not in (None, "") else _("(vide)"),
                "current": current if current not in (None, "") else _("(vide)"),
            }
        )
    return out


def _stale_form(form_class, request, current, typed_form, error) -> tuple:
    """Someone saved meanwhile: the form again with what this person typed (nothing lost), the current
    revision, and what is saved now for each field where the two differ."""
    changed = []
    for name in typed_form.Meta.fields:
        field = typed_form.fields.get(name)
        if field is None or name not in typed_form.cleaned_data:
            continue
        saved = getattr(current, name)
        if typed_form.cleaned_data[name] != saved and not (
            saved in (None, "", []) and not typed_form.cleaned_data[name]
        ):
            changed.append((field.label, _shown(field, saved)))
    data = request.POST.copy()
    data["revision"] = str(current.revision)
    return form_class(data, instance=current), {"message": error.message, "changed": changed}


def _service_data(form) -> dict:
    data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
    data["zone_eligibilite"] = form.cleaned_data.get("zone") or []
    return data


@allowed("directory.edit_space")
def service_edit(request, place_id: int, service_id: int | None = None):
    place = _editable(request, place_id)
    service = selectors.service_of_place(place=place, service_id=service_id) if service_id else None
    form = ServiceForm(request.POST or None, instance=service)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = _service_data(form)
        fresh = selectors.service_get(service_id=service.pk) if service else None
        try:
            services.service_save(
                place=place, actor=request.user, data=data, service=fresh, revision=form.shown_revision()
            )
        except services.StaleEdit as error:
            form, stale = _stale_form(ServiceForm, request, selectors.service_get(service_id=service.pk), form, error)
        else:
            messages.success(request, _("Le service est enregistré."))
            return redirect("directory:place", place_id=place.pk)
    return render(
        request,
        "directory/service_edit.html",
        {
            "title": _("Modifier le service") if service else _("Ajouter un service"),
            "form": form,
            "place": place,
            "service": service,
            "stale": stale,
        },
    )


@require_POST
@allowed("directory.edit_space")
def place_proposal(request, place_id: int):
    """Accept or refuse the newer value a re-import of the place's source brought for a field edited here."""
    place = _editable(request, place_id)
    accept = request.POST.get("decision") == "accepter"
    field = request.POST.get("champ", "")
    try:
        services.place_source_proposal(place=place, actor=request.user, field=field, accept=accept)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("La valeur de la source est reprise.")
            if accept
            else _("Votre valeur est gardée ; la proposition est écartée."),
        )
    return redirect("directory:place_edit", place_id=place.pk)


@require_POST
@allowed("directory.edit_space")
def place_confirm(request, place_id: int):
    place = _editable(request, place_id)
    services.place_confirm(place=place, actor=request.user)
    messages.success(request, _("Merci, la fiche est marquée comme vérifiée aujourd'hui."))
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/")
        else reverse("directory:place", args=[place.pk])
    )


@require_POST
@allowed("directory.edit_space")
def place_publish(request, place_id: int):
    place = selectors.place_for_edit(place_id=place_id)
    policy.require(request.user, "directory.moderate_place", place)
    publish = request.POST.get("publish") == "1"
    services.place_set_published(
        place=place, actor=request.user, published=publish, reason=request.POST.get("reason", "")[:200]
    )
    messages.success(request, _("Le lieu est publié.") if publish else _("Le lieu est masqué au public."))
    return redirect("directory:place", place_id=place.pk)


@allowed("directory.edit_space")
def place_history(request, place_id: int):
    place = _editable(request, place_id)
    return render(
        request,
        "directory/history.html",
        {
            "title": _("Historique de « %(name)s »") % {"name": place.name},
            "place": place,
            "versions": selectors.place_versions(place=place),
        },
    )


@require_POST
@allowed("directory.edit_space")
def report_resolve(request, report_id: int):
    report = selectors.error_report_get(report_id=report_id)
    services.error_report_resolve(report=report, actor=request.user)
    messages.success(request, _("Signalement marqué comme traité."))
    return redirect("directory:my_places")
