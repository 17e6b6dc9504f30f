"""Territory: régions, départements, communes (official INSEE codes)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.territory.matching import DIGITS, postcode_filter, ranked_by_name, split_postcode
from relais.territory.text import normalize


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = _("département")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CommuneQuerySet(models.QuerySet):
    def search(self, text: str):
        """Name or postcode, accent- and case-insensitive, `Saint`/`St` alike; best matches first
        (exact name, then names starting with the text, then containing it; bigger first)."""
        text = (text or "").strip()
        if not text:
            return self.none()
        if DIGITS.match(text):
            query = postcode_filter(text) | (models.Q(code=text) if len(text) == 5 else models.Q(pk__in=[]))
            return self.filter(query).order_by("-population", "name", "code")
        key, postcode = split_postcode(text)
        queryset = self.filter(postcode_filter(postcode)) if postcode else self
        if not key:
            return queryset.order_by("-population", "name", "code")
        return ranked_by_name(key, queryset)


class Commune(models.Model):
    code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    postcodes = models.CharField(_("codes postaux"), max_length=400, blank=True, help_text=_("séparés par des espaces"))
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    population = models.PositiveIntegerField(_("population municipale"), default=0)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.main_postcode or self.departement_id})"

    def save(self, *args, **kwargs):
        self.search_name = normalize(self.name)
        super().save(*args, **kwargs)

    @property
    def postcode_list(self) -> list[str]:
        return self.postcodes.split()

    @property
    def main_postcode(self) -> str:
        return self.postcodes.split()[0] if self.postcodes else ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.main_postcode})" if self.postcodes else self.name
