"""What the other apps add to the coverage of a commune, one layer each (docs/adr/0019).

A layer is a function (commune codes, populations) → {commune code: value}, registered in LAYERS with its
label; the build adds each one's value under `coverage[key]` (absent when the layer has nothing to say:
« pas de donnée », never 0 by default). Each reuses what its app already exposes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.appointments.models import OpeningSlot, Reason
from relais.appointments.slots import free_slots
from relais.directory.models import Place
from relais.escalations.models import Escalation
from relais.referrals.models import ServiceResponseStats
from relais.referrals.selectors import min_referrals
from relais.rights.models import TakeUpState, UnclaimedRight

FREE_SLOT_DAYS = 14
MAX_REASONS = 500


@dataclass(frozen=True)
class Layer:
    key: str
    label: str
    public: bool
    compute: Callable[[list[str], dict[str, int | None], dt.datetime], dict[str, float]]


def _place_communes(place_ids) -> dict[int, str]:
    return dict(Place.objects.filter(pk__in=list(place_ids)).exclude(commune_code="").values_list("pk", "commune_code"))


def free_appointment_slots(codes, populations, now) -> dict[str, float]:
    """Free appointment slots in the next 14 days at the places of each commune (appointments.slots)."""
    today = timezone.localdate(now)
    active = OpeningSlot.objects.filter(removed_at=None).exclude(until__lt=today)
    reasons = Reason.objects.filter(opening_slots__in=active).distinct()[:MAX_REASONS]
    per_place: dict[int, int] = {}
    for reason in reasons:
        for slot in free_slots(reason=reason, start=today, end=today + dt.timedelta(days=FREE_SLOT_DAYS - 1), now=now):
            per_place[slot.place_id] = per_place.get(slot.place_id, 0) + slot.seats_left
    out: dict[str, float] = {}
    for place_id, code in _place_communes(per_place).items():
        out[code] = out.get(code, 0) + per_place[place_id]
    return out


def referral_response_rate(codes, populations, now) -> dict[str, float]:
    """Share (%) of referrals answered in 12 months at the services of each commune (referrals' stored rates,
    services with at least `min_referrals()` referrals only, as the directory shows them)."""
    rows = (
        ServiceResponseStats.objects.filter(count__gte=min_referrals())
        .exclude(service__place__commune_code="")
        .values("service__place__commune_code")
        .annotate(count=Sum("count"), answered=Sum("answered"))
    )
    return {
        row["service__place__commune_code"]: round(100 * row["answered"] / row["count"], 1)
        for row in rows
        if row["count"]
    }


def escalations_per_1000(codes, populations, now) -> dict[str, float]:
    """Escalations (saisines) opened in 12 months about people of each commune, per 1,000 inhabitants."""
    rows = (
        Escalation.objects.filter(created_at__gte=now - dt.timedelta(days=365))
        .exclude(commune=None)
        .values("commune__code")
        .annotate(n=Count("id"))
    )
    out = {}
    for row in rows:
        population = populations.get(row["commune__code"])
        if population:
            out[row["commune__code"]] = round(1000 * row["n"] / population, 2)
    return out


def unclaimed_rights(codes, populations, now) -> dict[str, float]:
    """Rights probably not claimed (batch detection of relais.rights), not yet worked through, by commune."""
    rows = (
        UnclaimedRight.objects.filter(state__in=[TakeUpState.DETECTED, TakeUpState.CONTACTED])
        .exclude(person__commune=None)
        .values("person__commune__code")
        .annotate(n=Count("id"))
    )
    return {row["person__commune__code"]: row["n"] for row in rows}


LAYERS = [
    Layer("free_slots", _("Créneaux de rendez-vous libres (14 jours)"), True, free_appointment_slots),
    Layer("referral_rate", _("Orientations qui ont reçu une réponse (%)"), True, referral_response_rate),
    Layer("escalations_per_1000", _("Saisines pour 1 000 habitants (12 mois)"), False, escalations_per_1000),
    Layer("unclaimed", _("Droits probablement non demandés, à traiter"), False, unclaimed_rights),
]
