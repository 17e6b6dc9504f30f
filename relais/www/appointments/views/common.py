"""Shared pieces of the appointment screens: weeks of free slots, the chosen slot read back."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.appointments import slots as slot_lib
from relais.appointments.models import Reason
from relais.core.errors import DomainError

WEEK = dt.timedelta(days=7)


def reason_or_404(reason_id: int) -> Reason:
    reason = Reason.objects.filter(pk=reason_id, is_active=True).select_related("organisation", "procedure").first()
    if reason is None:
        raise Http404
    return reason


def int_param(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def week_context(request, reason: Reason) -> dict:
    """The free slots of one week (« semaine » = 0, 1, 2... weeks from today), grouped by day."""
    week = max(0, min(int_param(request.GET.get("semaine"), 0), 52))
    place_id = int_param(request.GET.get("lieu"))
    today = timezone.localdate()
    start = today + week * WEEK
    found = slot_lib.free_slots(reason=reason, start=start, end=start + WEEK - dt.timedelta(days=1), place_id=place_id)
    days = [
        {"day": day, "slots": list(items)}
        for day, items in groupby(found, key=lambda slot: timezone.localtime(slot.starts_at).date())
    ]
    next_free = None
    if not found:
        later = slot_lib.first_free(reason=reason, place_id=place_id)
        if later is not None and later.starts_at.date() > start:
            next_free = later
    latest = today + dt.timedelta(days=reason.max_delay_days)
    return {
        "reason": reason,
        "days": days,
        "week": week,
        "week_start": start,
        "previous_week": week - 1 if week > 0 else None,
        "next_week": week + 1 if start + WEEK <= latest else None,
        "next_free": next_free,
        "next_free_week": (timezone.localtime(next_free.starts_at).date() - today).days // 7 if next_free else None,
        "place_id": place_id,
    }


def chosen(request, reason: Reason):
    """(agent id, start) of the slot in `creneau`, or a DomainError in plain French."""
    parsed = slot_lib.parse_key(request.POST.get("creneau") or request.GET.get("creneau") or "")
    if parsed is None:
        raise DomainError(_("Aucun créneau choisi : choisissez un créneau dans la liste."))
    return parsed
