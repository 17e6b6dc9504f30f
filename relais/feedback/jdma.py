"""The JDMA questions (« Je donne mon avis »), their answer codes and intentions, and the Observatoire's scoring
and colour thresholds (see docs/adr/0018). The codes are JDMA's so that figures stay comparable.

Scores /10: satisfaction good = 10, medium = 5, bad = 0, averaged; clarity (1-5) 0 / 2.5 / 5 / 7.5 / 10;
help reached: share of yes; help quality 10 / 7.5 / 5 / 2.5; autonomy: share of the « who helped » answers with
a good intention (no help needed) × 10."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Intention(models.TextChoices):
    VERY_GOOD = "very_good", _("très bien")
    GOOD = "good", _("bien")
    MEDIUM = "medium", _("moyen")
    BAD = "bad", _("mal")
    VERY_BAD = "very_bad", _("très mal")
    NEUTRAL = "neutral", _("neutre")


# field codes of the JDMA form
SATISFACTION = "satisfaction"
COMPREHENSION = "comprehension"
CONTACT_TRIED = "contact_tried"
CONTACT_REACHED = "contact_reached"
CONTACT_SATISFACTION = "contact_satisfaction"
VERBATIM = "verbatim"


class Satisfaction(models.TextChoices):
    GOOD = "good", _("Bien")
    MEDIUM = "medium", _("Moyen")
    BAD = "bad", _("Mal")


class ContactTried(models.TextChoices):
    CLOSE = "close", _("Un proche")
    ASSOCIATION = "association", _("Une association")
    WEBSITES = "websites", _("Des sites internet")
    OTHER = "other", _("Autre")
    NONE = "none", _("Je n'ai pas eu besoin d'aide")


class Reached(models.TextChoices):
    YES = "yes", _("Oui")
    NO = "no", _("Non")


class Quality(models.TextChoices):
    VERY_GOOD = "very_good", _("Très bonne")
    GOOD = "good", _("Bonne")
    BAD = "bad", _("Mauvaise")
    VERY_BAD = "very_bad", _("Très mauvaise")


INTENTIONS = {
    SATISFACTION: {"good": Intention.GOOD, "medium": Intention.MEDIUM, "bad": Intention.BAD},
    COMPREHENSION: {
        1: Intention.VERY_BAD,
        2: Intention.BAD,
        3: Intention.MEDIUM,
        4: Intention.GOOD,
        5: Intention.VERY_GOOD,
    },
    CONTACT_TRIED: {
        "close": Intention.NEUTRAL,
        "association": Intention.NEUTRAL,
        "websites": Intention.NEUTRAL,
        "other": Intention.NEUTRAL,
        "none": Intention.GOOD,
    },
    CONTACT_REACHED: {"yes": Intention.GOOD, "no": Intention.BAD},
    CONTACT_SATISFACTION: {
        "very_good": Intention.VERY_GOOD,
        "good": Intention.GOOD,
        "bad": Intention.BAD,
        "very_bad": Intention.VERY_BAD,
    },
}

SATISFACTION_POINTS = {"good": 10.0, "medium": 5.0, "bad": 0.0}
CLARITY_POINTS = {1: 0.0, 2: 2.5, 3: 5.0, 4: 7.5, 5: 10.0}
QUALITY_POINTS = {"very_good": 10.0, "good": 7.5, "bad": 5.0, "very_bad": 2.5}

GREEN, YELLOW, RED, NEUTRAL = "green", "yellow", "red", "neutral"


def colour_score(value: float | None) -> str:
    """Satisfaction and simplicity /10: green ≥ 8, yellow ≥ 5, red below."""
    if value is None:
        return NEUTRAL
    return GREEN if value >= 8 else YELLOW if value >= 5 else RED


def colour_reachable(percent: float | None) -> str:
    """Help reachable: green ≥ 85 %, yellow ≥ 70 %, red below."""
    if percent is None:
        return NEUTRAL
    return GREEN if percent >= 85 else YELLOW if percent >= 70 else RED
