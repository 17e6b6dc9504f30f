"""Every write of the directory: places, services, versions, error reports, freshness campaign."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais import policy
from relais.accounts.models import User
from relais.core.errors import Conflict, DomainError
from relais.directory import hours
from relais.directory.models import ErrorReport, Place, PlaceVersion, Service
from relais.journal.services import journal_record
from relais.notifications.services import notify_address_on_commit, notify_on_commit
from relais.organisations.models import Organisation
from relais.territory.models import Commune

PLACE_FIELDS = [
    "name",
    "description",
    "siret",
    "address",
    "address_extra",
    "postcode",
    "commune_code",
    "commune_name",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "hours",
    "hours_note",
    "accessibility_url",
    "wheelchair",
    "animals_accepted",
    "languages",
    "welcome",
    "welcome_details",
    "closed_from",
    "closed_until",
    "closure_message",
    "temp_hours",
    "temp_hours_from",
    "temp_hours_until",
    "temp_hours_message",
    "is_full",
    "full_message",
    "itinerant",
    "itinerant_details",
    "pro_contact_name",
    "pro_phone",
    "pro_email",
    "referral_howto",
    "is_published",
]
SERVICE_FIELDS = [
    "name",
    "description",
    "type",
    "thematiques",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "conditions_acces",
    "modes_accueil",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
    "lien_mobilisation",
    "zone_eligibilite",
    "hours",
    "phone",
    "email",
    "contact_name",
    "is_published",
]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def content_hash(values: dict) -> str:
    payload = repr(sorted(values.items()))  # dates, lists, numbers and strings have a stable repr
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()  # noqa: S324 — change detection, not security


def place_snapshot(place: Place) -> dict:
    data = {name: _jsonable(getattr(place, name)) for name in PLACE_FIELDS}
    data["organisation_id"] = place.organisation_id
    data["services"] = [
        {"id": s.pk, **{name: _jsonable(getattr(s, name)) for name in SERVICE_FIELDS}}
        for s in place.services.order_by("id")
    ]
    return data


def _resolve_commune(place: Place) -> None:
    commune = None
    if place.commune_code:
        commune = Commune.objects.select_related("departement").filter(code=place.commune_code).first()
    if commune is not None:
        place.commune = commune
        place.commune_name = place.commune_name or commune.name
        place.departement_code = commune.departement.code
        if place.latitude is None or place.longitude is None:
            place.latitude, place.longitude = commune.latitude, commune.longitude
    elif place.commune_code:
        place.departement_code = (
            place.commune_code[:3] if place.commune_code.startswith("97") else place.commune_code[:2]
        )


def _check_hours(data: dict) -> None:
    for key in ("hours", "temp_hours"):
        if key in data:
            data[key] = hours.check(data[key])


def _refresh_services(place: Place) -> None:
    services = list(place.services.all())
    for service in services:
        service.refresh_search_fields(place)
    Service.objects.bulk_update(
        services,
        [
            "latitude",
            "longitude",
            "cell",
            "search_text",
            "themes_text",
            "publics_text",
            "modes_text",
            "languages_text",
            "zone_text",
            "is_remote_only",
            "wheelchair",
            "visible",
            "checked_at",
            "place_hours",
            "place_temporary",
        ],
    )


class StaleEdit(Conflict):
    """The place or service changed since the form was shown (another editor saved meanwhile)."""

    default_message = message = (
        "Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez. Pour ne rien écraser, "
        "vos modifications n'ont pas été enregistrées. Elles sont gardées ci-dessous : comparez-les avec les "
        "informations enregistrées entre-temps (listées en haut), puis enregistrez à nouveau."
    )


def _next_revision(model, pk: int, revision: int | None) -> int:
    """Lock the row and check the revision the form showed; the revision to save (None: no check)."""
    current = model.objects.select_for_update().filter(pk=pk).values_list("revision", flat=True).get()
    if revision is not None and revision != current:
        raise StaleEdit()
    return current + 1


def _version(place: Place, actor, summary: str) -> PlaceVersion:
    return PlaceVersion.objects.create(place=place, snapshot=place_snapshot(place), actor=actor, summary=summary[:200])


@transaction.atomic
def place_create(*, actor, organisation, data: dict) -> Place:
    policy.require(actor, "directory.create_place", organisation)
    _check_hours(data)
    place = Place(organisation=organisation, source="relais", source_id="", checked_at=timezone.now())
    for key, value in data.items():
        setattr(place, key, value)
    _resolve_commune(place)
    place.full_clean(exclude=["source_id", "commune"])
    place.save()
    place.source_id = str(place.pk)
    place.save(update_fields=["source_id"])
    _version(place, actor, _("Création du lieu"))
    journal_record(
        action="directory.place_created",
        actor=actor,
        organisation=organisation,
        obj=place,
        details={"name": place.name},
    )
    return place


@transaction.atomic
def place_update(*, place: Place, actor, data: dict, summary: str = "", revision: int | None = None) -> Place:
    """Save the edit form. `revision`: the one the form showed; another save since raises StaleEdit."""
    policy.require(actor, "directory.edit_place", place)
    _check_hours(data)
    place.revision = _next_revision(Place, place.pk, revision)
    before = place_snapshot(place)
    if not place.versions.exists():  # imported places: keep the state before the first edit
        PlaceVersion.objects.create(place=place, snapshot=before, summary=_("État avant la première modification"))
    for key, value in data.items():
        if key not in PLACE_FIELDS:
            raise ValueError(f"unknown place field {key}")
        setattr(place, key, value)
    _resolve_commune(place)
    place.checked_at = timezone.now()
    after = place_snapshot(place)
    changed = sorted(k for k in after if after[k] != before.get(k))
    if place.source != "relais":  # an imported place: these fields are now Relais' own (field-level)
        place.local_fields = sorted(set(place.local_fields or []) | {k for k in changed if k in PLACE_FIELDS})
        place.source_proposals = {k: v for k, v in (place.source_proposals or {}).items() if k not in changed}
    place.full_clean(exclude=["commune", "organisation"])
    place.save()
    _refresh_services(place)
    _version(place, actor, summary or _("Modification : %(fields)s") % {"fields": ", ".join(changed) or "—"})
    journal_record(
        action="directory.place_updated",
        actor=actor,
        organisation=place.organisation,
        obj=place,
        details={"changed": changed},
    )
    return place


@transaction.atomic
def place_source_proposal(*, place: Place, actor, field: str, accept: bool) -> Place:
    """An editor accepts (the source's value replaces Relais' own, the field follows the source again) or
    refuses (Relais' value stays, the proposal is dropped) the newer value a re-import brought."""
    policy.require(actor, "directory.edit_place", place)
    proposals = dict(place.source_proposals or {})
    if field not in proposals:
        raise DomainError(_("Cette proposition de la source n'existe plus : la page a peut-être déjà été mise à jour."))
    value = proposals.pop(field)
    place.source_proposals = proposals
    if accept:
        setattr(place, field, value)
        place.local_fields = [name for name in place.local_fields or [] if name != field]
        place.full_clean(exclude=["commune", "organisation"])
    place.save()
    if accept:
        _refresh_services(place)
        _version(place, actor, _("Valeur de la source acceptée : %(field)s") % {"field": field})
    journal_record(
        action="directory.source_proposal",
        actor=actor,
        organisation=place.organisation,
        obj=place,
        details={"field": field, "accepted": accept},
    )
    return place


@transaction.atomic
def place_confirm(*, place: Place, actor) -> Place:
    """« Les informations sont toujours justes » : restarts the freshness clock."""
    policy.require(actor, "directory.edit_place", place)
    place.checked_at = timezone.now()
    place.save(update_fields=["checked_at", "updated_at"])
    _refresh_services(place)
    _version(place, actor, _("Informations confirmées"))
    journal_record(action="directory.place_confirmed", actor=actor, organisation=place.organisation, obj=place)
    return place


@transaction.atomic
def place_set_published(*, place: Place, actor, published: bool, reason: str = "") -> Place:
    """Moderation by coordinators (and editors): hide or show a place."""
    policy.require(actor, "directory.moderate_place", place)
    place.is_published = published
    place.save(update_fields=["is_published", "updated_at"])
    _refresh_services(place)
    _version(place, actor, (_("Publié") if published else _("Masqué")) + (f" : {reason}" if reason else ""))
    journal_record(
        action="directory.place_published" if published else "directory.place_hidden",
        actor=actor,
        organisation=place.organisation,
        obj=place,
        details={"reason": reason},
    )
    return place


@transaction.atomic
def service_save(
    *, place: Place, actor, data: dict, service: Service | None = None, revision: int | None = None
) -> Service:
    """Create or save a service. `revision`: the one the edit form showed (StaleEdit when it changed)."""
    policy.require(actor, "directory.edit_place", place)
    _check_hours(data)
    creating = service is None
    if creating:
        service = Service(place=place, source="relais", source_id="")
    elif service.place_id != place.pk:
        raise policy.Refused(_("Ce service n'appartient pas à ce lieu."))
    else:
        service.revision = _next_revision(Service, service.pk, revision)
    for key, value in data.items():
        if key not in SERVICE_FIELDS:
            raise ValueError(f"unknown service field {key}")
        setattr(service, key, value)
    place.checked_at = timezone.now()
    place.save(update_fields=["checked_at", "updated_at"])
    service.refresh_search_fields(place)
    service.full_clean(exclude=["source_id", "place"])
    service.save()
    if creating:
        service.source_id = f"s{service.pk}"
        service.save(update_fields=["source_id"])
    _refresh_services(place)
    _version(
        place,
        actor,
        (_("Service ajouté : %(name)s") if creating else _("Service modifié : %(name)s")) % {"name": service.name},
    )
    journal_record(
        action="directory.service_saved",
        actor=actor,
        organisation=place.organisation,
        obj=service,
        details={"place_id": place.pk, "created": creating},
    )
    return service


def _editors(place: Place):
    if place.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        memberships__organisation_id=place.organisation_id, memberships__is_active=True, is_active=True
    ).distinct()


def _notify(**kwargs) -> None:
    notify_on_commit(**kwargs)


def _place_url(place: Place) -> str:
    return settings.SITE_URL + reverse("directory:place", args=[place.pk])


@transaction.atomic
def error_report_create(*, place: Place, message: str, contact: str = "", reporter=None) -> ErrorReport:
    message = (message or "").strip()
    if len(message) < 5:
        raise ValueError(_("Expliquez en quelques mots ce qui ne va pas."))
    report = ErrorReport.objects.create(
        place=place,
        message=message[:3000],
        contact=(contact or "").strip()[:200],
        reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
    )
    link = settings.SITE_URL + reverse("directory:my_places")
    for user in _editors(place):
        with translation.override(getattr(user, "language", None) or "fr"):
            _notify(
                event="directory.error_report",
                key=f"directory-report-{report.pk}-user-{user.pk}",
                user=user,
                subject=_("Erreur signalée sur « %(name)s »") % {"name": place.name},
                body=_(
                    "Quelqu'un signale une erreur sur la fiche « %(name)s » :\n\n%(message)s\n\nCorrigez la fiche "
                    "ici : %(link)s"
                )
                % {"name": place.name, "message": report.message, "link": link},
                sms=_("Relais : une erreur est signalée sur « %(name)s ».") % {"name": place.name},
                link=link,
            )
    if place.organisation_id and place.organisation.email:
        subject = _("Erreur signalée sur « %(name)s »") % {"name": place.name}
        body = _("Quelqu'un signale une erreur sur la fiche « %(name)s » (%(url)s) :\n\n%(message)s") % {
            "name": place.name,
            "url": _place_url(place),
            "message": report.message,
        }
        notify_address_on_commit(
            event="place_error_reported",
            key=f"place-error-{report.pk}-organisation",
            email=place.organisation.email,
            subject=subject,
            body=body,
        )
    journal_record(
        action="directory.error_reported",
        actor=reporter if getattr(reporter, "is_authenticated", False) else None,
        organisation=place.organisation,
        obj=place,
        details={"report_id": report.pk},
    )
    return report


@transaction.atomic
def error_report_resolve(*, report: ErrorReport, actor) -> ErrorReport:
    policy.require(actor, "directory.edit_place", report.place)
    report.resolved_at = timezone.now()
    report.resolved_by = actor
    report.save(update_fields=["resolved_at", "resolved_by"])
    journal_record(
        action="directory.error_report_resolved",
        actor=actor,
        organisation=report.place.organisation,
        obj=report.place,
        details={"report_id": report.pk},
    )
    return report


def freshness_campaign(
    *, now: dt.datetime | None = None, departement_codes: list[str] | None = None, period: str = "%Y-%m"
) -> dict:
    """Notify each organisation whose places were not checked for 6 months (once per `period`: month by
    default; the observatory's campaign of a coordinator passes a day and its départements)."""
    now = now or timezone.now()
    stale = Place.objects.stale(now=now).exclude(organisation=None)
    if departement_codes is not None:
        stale = stale.filter(departement_code__in=departement_codes)
    counts = {"organisations": 0, "places": 0, "notifications": 0}
    link = settings.SITE_URL + reverse("directory:my_places")
    for organisation in Organisation.objects.filter(pk__in=stale.values("organisation_id")):
        places = list(stale.filter(organisation=organisation).order_by("checked_at"))
        hidden = [p for p in places if p.age_days(now) > settings.DIRECTORY_STALE_HIDE_DAYS]
        counts["organisations"] += 1
        counts["places"] += len(places)
        names = "\n".join(
            f"- {p.name} ({_('vérifié il y a %(n)s jours') % {'n': p.age_days(now)}})" for p in places[:30]
        )
        with transaction.atomic():
            for user in _editors(places[0]):
                with translation.override(getattr(user, "language", None) or "fr"):
                    _notify(
                        event="directory.freshness",
                        key=f"directory-freshness-{organisation.pk}-{user.pk}-{now.strftime(period)}",
                        user=user,
                        subject=ngettext(
                            "%(n)s fiche de lieu à vérifier", "%(n)s fiches de lieux à vérifier", len(places)
                        )
                        % {"n": len(places)},
                        body=_(
                            "Ces fiches n'ont pas été vérifiées depuis plus de 6 mois. Après 12 mois, elles ne sont "
                            "plus "
                            "montrées au public (%(hidden)s le sont déjà).\n\n%(names)s\n\nVérifiez-les ici : %(link)s"
                        )
                        % {"hidden": len(hidden), "names": names, "link": link},
                        sms=ngettext(
                            "Relais : %(n)s fiche de lieu à vérifier.",
                            "Relais : %(n)s fiches de lieux à vérifier.",
                            len(places),
                        )
                        % {"n": len(places)},
                        link=link,
                    )
                    counts["notifications"] += 1
            journal_record(
                action="directory.freshness_campaign",
                organisation=organisation,
                details={"places": [p.pk for p in places]},
            )
    return counts
