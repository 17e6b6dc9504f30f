"""Figures of the territorial observatory, computed by `manage.py observatory_build` (docs/adr/0019).

No personal data: every row is about a commune or a département. Each indicator is stored with its
source and year (`indicators` = {key: {"value", "index", "source", "year"}}); a missing or secret value is
stored as None (never 0) with `"missing": "secret"` or `"absent"`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Build(models.Model):
    """One run of the computation; the pages read the latest finished one."""

    started_at = models.DateTimeField(_("commencé le"))
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    data_dir = models.CharField(_("dossier des données"), max_length=500, blank=True)
    weights = models.JSONField(_("poids"), default=dict)
    sources = models.JSONField(_("sources"), default=dict)  # {key: {"label", "source", "year"}}
    communes = models.PositiveIntegerField(default=0)
    places = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    frames = models.JSONField(default=dict)  # {"national" or département code: projection frame of its map}

    class Meta:
        verbose_name = _("calcul de l'observatoire")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class CommuneFigures(models.Model):
    build = models.ForeignKey(Build, on_delete=models.CASCADE, related_name="communes_figures")
    code = models.CharField(_("code INSEE"), max_length=5)
    name = models.CharField(_("nom"), max_length=100)
    departement_code = models.CharField(max_length=3, db_index=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    indicators = models.JSONField(default=dict)
    axes = models.JSONField(default=dict)  # {axis: index}
    total_index = models.FloatField(null=True, blank=True)
    score = models.FloatField(_("indice de fragilité (1 à 10)"), null=True, blank=True)
    score_seniors = models.FloatField(null=True, blank=True)
    score_young = models.FloatField(null=True, blank=True)
    people_at_risk = models.PositiveIntegerField(null=True, blank=True)
    headcounts = models.JSONField(default=dict)  # {key: people}
    coverage = models.JSONField(default=dict)  # distances per kind, places/hours per 10,000, layers
    flagged = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    iris = models.PositiveIntegerField(null=True, blank=True)  # number of IRIS (no IRIS-level data shipped)
    shape = models.TextField(blank=True)  # SVG path in its département's frame

    class Meta:
        verbose_name = _("chiffres d'une commune")
        constraints = [models.UniqueConstraint(fields=["build", "code"], name="observatory_commune_build_code")]
        indexes = [models.Index(fields=["build", "departement_code", "score"], name="observatory_commune_dep")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class DepartementFigures(models.Model):
    build = models.ForeignKey(Build, on_delete=models.CASCADE, related_name="departements_figures")
    code = models.CharField(_("code INSEE"), max_length=3)
    name = models.CharField(_("nom"), max_length=100)
    population = models.PositiveIntegerField(null=True, blank=True)
    communes = models.PositiveIntegerField(default=0)
    total_index = models.FloatField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    people_at_risk = models.PositiveIntegerField(null=True, blank=True)
    flagged_communes = models.PositiveIntegerField(default=0)
    coverage = models.JSONField(default=dict)
    indicators = models.JSONField(default=dict)
    score_seniors = models.FloatField(null=True, blank=True)
    score_young = models.FloatField(null=True, blank=True)
    shape = models.TextField(blank=True)  # SVG path in the national frame

    class Meta:
        verbose_name = _("chiffres d'un département")
        constraints = [models.UniqueConstraint(fields=["build", "code"], name="observatory_dep_build_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
