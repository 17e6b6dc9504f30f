"""Directory of help places (lieux) and their services, aligned with data·inclusion v1.

A `Place` is a data·inclusion *structure* (a place where people are received); a `Service` is a
data·inclusion *service*. Both are keyed by (source, source_id) for idempotent imports.

Search reads only `Service` rows: the fields it filters on (position, grid cell, normalised text,
themes, languages, visibility) are copied from the place onto each service by
`Service.refresh_search_fields()` (called by every write in services.py and importers.py), so a
search is one indexed query without joins.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from relais.directory import taxonomy
from relais.territory.text import _NON_ALNUM, _SAINT

CELL_DEGREES = 0.1  # grid cell side for the spatial pre-filter (≈ 11 km × 7.5 km in France)


def cell_for(latitude: float, longitude: float) -> int:
    """Integer id of the 0.1° grid cell holding a point (indexed column `cell`)."""
    return (math.floor(latitude / CELL_DEGREES) + 900) * 10_000 + (math.floor(longitude / CELL_DEGREES) + 1_800)


_COMBINING = re.compile("[\u0300-\u036f]")


def fast_normalize(text: str) -> str:
    """Same result as territory.text.normalize for French text, ~5× faster (used on imports):
    NFKD then removing the combining diacritical marks block instead of a per-character test."""
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text or "")).lower().replace("œ", "oe").replace("æ", "ae")
    text = _NON_ALNUM.sub(" ", text).strip()
    text = _SAINT.sub(lambda m: "ste" if m.group(1) in {"sainte", "ste"} else "st", text)
    return " ".join(text.split())


def padded(values) -> str:
    """' a b c ' so that `contains(' b ')` matches whole values only."""
    values = [v for v in values if v]
    return f" {' '.join(values)} " if values else ""


class Welcome(models.TextChoices):
    UNCONDITIONAL = "inconditionnel", _("Accueil inconditionnel : tout le monde est reçu")
    PREFERENTIAL = "prioritaire", _("Accueil prioritaire de certains publics, les autres sont aussi reçus")
    EXCLUSIVE = "exclusif", _("Accueil réservé à certains publics")


class PlaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def fresh(self, *, now=None):
        """Places checked within the hide delay (older ones are hidden from the public)."""
        now = now or timezone.now()
        return self.filter(checked_at__gte=now - timezone.timedelta(days=settings.DIRECTORY_STALE_HIDE_DAYS))

    def public(self, *, now=None):
        return self.published().fresh(now=now)

    def stale(self, *, now=None):
        now = now or timezone.now()
        return self.filter(checked_at__lt=now - timezone.timedelta(days=settings.DIRECTORY_STALE_FLAG_DAYS))


class Place(models.Model):
    """Lieu : a place where people are received (data·inclusion structure)."""

    source = models.CharField(_("source"), max_length=100, default="relais")
    source_id = models.CharField(_("identifiant dans la source"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
        verbose_name=_("structure qui gère le lieu"),
    )
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("présentation"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    address_extra = models.CharField(_("complément d'adresse"), max_length=300, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "territory.Commune", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("commune")
    )
    commune_code = models.CharField(_("code INSEE de la commune"), max_length=5, blank=True)
    commune_name = models.CharField(_("commune"), max_length=100, blank=True)
    departement_code = models.CharField(max_length=3, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    website = models.URLField(_("site internet"), blank=True, max_length=500)
    hours = models.CharField(_("horaires (format OpenStreetMap)"), max_length=500, blank=True)
    hours_note = models.CharField(_("précisions sur les horaires"), max_length=300, blank=True)
    accessibility_url = models.URLField(_("fiche Acceslibre"), blank=True, max_length=500)
    wheelchair = models.BooleanField(_("accessible en fauteuil roulant"), null=True, blank=True)
    animals_accepted = models.BooleanField(_("animaux acceptés"), null=True, blank=True)
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    welcome = models.CharField(_("accueil"), max_length=16, choices=Welcome.choices, default=Welcome.UNCONDITIONAL)
    welcome_details = models.CharField(_("publics reçus en priorité ou seuls reçus"), max_length=300, blank=True)
    closed_from = models.DateField(_("fermeture exceptionnelle : du"), null=True, blank=True)
    closed_until = models.DateField(_("fermeture exceptionnelle : jusqu'au"), null=True, blank=True)
    closure_message = models.CharField(_("message de fermeture"), max_length=300, blank=True)
    temp_hours = models.CharField(_("horaires temporaires (format OpenStreetMap)"), max_length=500, blank=True)
    temp_hours_from = models.DateField(_("horaires temporaires : du"), null=True, blank=True)
    temp_hours_until = models.DateField(_("horaires temporaires : jusqu'au"), null=True, blank=True)
    temp_hours_message = models.CharField(_("message des horaires temporaires"), max_length=300, blank=True)
    is_full = models.BooleanField(_("complet en ce moment"), default=False)
    full_message = models.CharField(_("message quand c'est complet"), max_length=300, blank=True)
    itinerant = models.BooleanField(_("itinérant (bus, permanence qui se déplace)"), default=False)
    itinerant_details = models.CharField(_("où et quand passe le service itinérant"), max_length=500, blank=True)
    pro_contact_name = models.CharField(_("contact pour les professionnels"), max_length=150, blank=True)
    pro_phone = models.CharField(_("téléphone réservé aux professionnels"), max_length=20, blank=True)
    pro_email = models.EmailField(_("adresse électronique réservée aux professionnels"), blank=True)
    referral_howto = models.TextField(_("comment orienter une personne"), blank=True)
    is_published = models.BooleanField(_("publié"), default=True)
    source_updated_on = models.DateField(_("mis à jour par la source le"), null=True, blank=True)
    #: data·inclusion `reseaux_porteurs` (france-service, conseillers-numeriques…)
    networks = models.JSONField(_("réseaux"), default=list, blank=True)
    #: the source's coordinates were implausible (far from the commune): the commune's centre is shown
    position_approximate = models.BooleanField(_("position approximative (centre de la commune)"), default=False)
    #: fields of an imported place edited in Relais: a re-import no longer overwrites them…
    local_fields = models.JSONField(default=list, blank=True, editable=False)
    #: …it keeps the source's newer value here, for an editor to accept or refuse: {field: value}
    source_proposals = models.JSONField(default=dict, blank=True, editable=False)
    checked_at = models.DateTimeField(_("informations vérifiées le"), default=timezone.now, db_index=True)
    content_hash = models.CharField(max_length=40, blank=True, editable=False)
    #: bumped by every save from the edit form; the form posts the one it showed (optimistic locking)
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="directory_place_source_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def di_id(self) -> str:
        return f"{self.source}--{self.source_id}"

    @property
    def full_address(self) -> str:
        parts = [self.address, self.address_extra, " ".join(p for p in [self.postcode, self.commune_name] if p)]
        return ", ".join(p for p in parts if p)

    def age_days(self, now=None) -> int:
        return max(0, ((now or timezone.now()) - self.checked_at).days)

    @property
    def is_stale(self) -> bool:
        return self.age_days() > settings.DIRECTORY_STALE_FLAG_DAYS

    @property
    def is_hidden_stale(self) -> bool:
        return self.age_days() > settings.DIRECTORY_STALE_HIDE_DAYS

    def language_labels(self) -> list[str]:
        return [taxonomy.LANGUAGES.get(code, code) for code in self.languages]


SEARCH_INDEX_FIELDS = [
    "cell",
    "latitude",
    "longitude",
    "visible",
    "is_remote_only",
    "checked_at",
    "themes_text",
    "search_text",
    "frais",
    "languages_text",
    "publics_text",
    "modes_text",
    "type",
    "wheelchair",
    "name",
    "hours",
    "place_hours",
    "place_temporary",
    "place",
    "id",
]


class ServiceQuerySet(models.QuerySet):
    def public(self, *, now=None):
        now = now or timezone.now()
        # `__in=[True]` rather than `=True`: Django writes a bare boolean column for the latter,
        # which SQLite cannot match against an index.
        return self.filter(
            visible__in=[True], checked_at__gte=now - timezone.timedelta(days=settings.DIRECTORY_STALE_HIDE_DAYS)
        )


class Service(models.Model):
    """Service offered at a place (data·inclusion service), plus Relais' extension fields."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="services", verbose_name=_("lieu"))
    source = models.CharField(_("source"), max_length=100, default="relais")
    source_id = models.CharField(_("identifiant dans la source"), max_length=200)
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=32, blank=True, choices=taxonomy.TYPE_CHOICES)
    thematiques = models.JSONField(_("thématiques"), default=list, blank=True)
    frais = models.CharField(_("frais"), max_length=16, blank=True, choices=taxonomy.FRAIS_CHOICES)
    frais_precisions = models.CharField(_("précisions sur les frais"), max_length=500, blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    publics_precisions = models.CharField(_("précisions sur les publics"), max_length=500, blank=True)
    conditions_acces = models.TextField(_("conditions d'accès"), blank=True)
    modes_accueil = models.JSONField(_("modes d'accueil"), default=list, blank=True)
    modes_mobilisation = models.JSONField(_("modes de mobilisation"), default=list, blank=True)
    mobilisable_par = models.JSONField(_("mobilisable par"), default=list, blank=True)
    mobilisation_precisions = models.TextField(_("comment s'adresser au service"), blank=True)
    lien_mobilisation = models.URLField(_("lien pour s'inscrire ou demander"), blank=True, max_length=500)
    zone_eligibilite = models.JSONField(_("zone d'éligibilité (codes INSEE)"), default=list, blank=True)
    hours = models.CharField(_("horaires du service (si différents du lieu)"), max_length=500, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    is_published = models.BooleanField(_("publié"), default=True)
    source_updated_on = models.DateField(null=True, blank=True)
    content_hash = models.CharField(max_length=40, blank=True, editable=False)
    #: bumped by every save from the edit form; the form posts the one it showed (optimistic locking)
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Search fields, copied from the place (see refresh_search_fields).
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    cell = models.IntegerField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    themes_text = models.TextField(blank=True, editable=False)
    publics_text = models.CharField(max_length=500, blank=True, editable=False)
    modes_text = models.CharField(max_length=100, blank=True, editable=False)
    languages_text = models.CharField(max_length=200, blank=True, editable=False)
    zone_text = models.TextField(blank=True, editable=False)
    is_remote_only = models.BooleanField(default=False)
    wheelchair = models.BooleanField(default=False)
    visible = models.BooleanField(default=True)
    checked_at = models.DateTimeField(default=timezone.now)
    place_hours = models.CharField(max_length=500, blank=True, editable=False)
    place_temporary = models.BooleanField(default=False, editable=False)  # temporary closure or hours set

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="directory_service_source_unique")]
        indexes = [
            # Covering index: a search reads only this index, stored in cell order (docs/adr/0006).
            models.Index(fields=SEARCH_INDEX_FIELDS, name="directory_service_search"),
            models.Index(fields=["is_remote_only", "visible"], name="directory_service_remote"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def di_id(self) -> str:
        return f"{self.source}--{self.source_id}"

    @property
    def effective_hours(self) -> str:
        return self.hours or self.place.hours

    def theme_labels(self) -> list[str]:
        """Plain label first, the official term second (« Se laver, prendre une douche (Hygiène — douches) »)."""
        return [taxonomy.display_label(code) for code in self.thematiques]

    def public_labels(self) -> list[str]:
        return [taxonomy.public_label(code) for code in self.publics]

    def type_label(self) -> str:
        return taxonomy.type_label(self.type) if self.type else ""

    def refresh_search_fields(self, place: Place | None = None) -> None:
        place = place or self.place
        self.latitude, self.longitude = place.latitude, place.longitude
        self.cell = (
            cell_for(place.latitude, place.longitude)
            if place.latitude is not None and place.longitude is not None
            else None
        )
        self.themes_text, theme_words = _theme_texts(tuple(self.thematiques), get_language())
        # capped: the column is part of the covering search index (PostgreSQL index rows ≤ 2.7 kB)
        self.search_text = fast_normalize(" ".join([self.name, place.name, theme_words, self.description[:300]]))[:600]
        self.publics_text = padded(self.publics)
        self.modes_text = padded(self.modes_accueil)
        self.languages_text = padded(place.languages)
        self.zone_text = padded(self.zone_eligibilite)
        self.is_remote_only = "a-distance" in self.modes_accueil and "en-presentiel" not in self.modes_accueil
        self.wheelchair = bool(place.wheelchair)
        self.visible = bool(self.is_published and place.is_published)
        self.checked_at = place.checked_at
        self.place_hours = place.hours
        self.place_temporary = bool(place.closed_from or place.closed_until or place.temp_hours)


@lru_cache(maxsize=4096)
def _theme_texts(thematiques: tuple[str, ...], language: str | None) -> tuple[str, str]:
    """(themes_text, the themes' labels in `language`, the active one) of a service's categories: a
    national import has few distinct sets."""
    themes = set(thematiques)
    themes |= {code.split("--")[0] for code in thematiques}
    return padded(sorted(themes)), " ".join(taxonomy.theme_label(code) for code in thematiques)


class PlaceVersion(models.Model):
    """One saved state of a place and its services (kept on every change)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="versions")
    snapshot = models.JSONField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    summary = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("version d'un lieu")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.place_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class ErrorReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ErrorReport(models.Model):
    """« Signaler une erreur » sent by anyone about a place; reaches its editors."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="error_reports")
    message = models.TextField(_("ce qui ne va pas"))
    contact = models.CharField(_("votre téléphone ou adresse électronique (facultatif)"), max_length=200, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement d'erreur")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.place_id}: {self.message[:40]}"


class PlaceAlias(models.Model):
    """Another source's id for the same real place (a duplicate merged at import, issue #12).

    The France Services list and a digital-help file both describe « France services Puget-Théniers »:
    one `Place`, the second source's (source, source id) kept here, so that its re-imports update the
    same place (and its own services) instead of creating the duplicate again."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    source = models.CharField(max_length=100)
    source_id = models.CharField(max_length=200)
    reason = models.CharField(max_length=40)  # "siret", "france-services", "name-and-position"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("autre identifiant du lieu")
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="directory_alias_source_unique")]

    def __str__(self) -> str:
        return f"{self.source}--{self.source_id} → {self.place_id}"
