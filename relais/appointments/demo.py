"""Demo appointments: France Services Vénissieux offers a phone reason, a desk reason, a collective
workshop and a sensitive reason, with weekly opening slots of its manager (Marc). Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relais.appointments.models import BookableBy, Location, OpeningSlot, Reason, Recurrence
from relais.directory.models import Place

MANAGER_EMAIL = "marc.responsable@demo.relais.fr"

REASONS = [
    # name, location, minutes, bookable by, collective capacity, hidden, before, after
    (
        "Aide aux démarches en ligne, par téléphone",
        Location.PHONE,
        30,
        BookableBy.EVERYONE,
        0,
        False,
        "Un conseiller vous appelle au numéro de votre compte. Gardez vos identifiants à portée de main.",
        "Si vous ne pouvez pas répondre, annulez avec le lien du message : le créneau servira à quelqu'un d'autre.",
    ),
    (
        "Accompagnement à la déclaration de revenus, sur place",
        Location.DESK,
        45,
        BookableBy.PROFESSIONALS,
        0,
        False,
        "Apportez votre dernier avis d'imposition et vos justificatifs de revenus.",
        "",
    ),
    ("Atelier : créer son adresse électronique", Location.DESK, 90, BookableBy.EVERYONE, 6, False, "", ""),
    ("Entretien confidentiel", Location.DESK, 30, BookableBy.PROFESSIONALS, 0, True, "", ""),
]


def load(ctx: dict, stdout) -> None:
    organisation = ctx["organisations"]["fs_venissieux"]
    agent = ctx["users"][MANAGER_EMAIL]
    place = Place.objects.filter(source="relais-demo", source_id="fs-venissieux").first()
    if place is None:
        return
    reasons = []
    for name, location, minutes, bookable_by, capacity, hidden, before, after in REASONS:
        reason, _created = Reason.objects.update_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "location": location,
                "duration_minutes": minutes,
                "bookable_by": bookable_by,
                "is_collective": capacity > 1,
                "capacity": max(1, capacity),
                "hidden_in_messages": hidden,
                "instructions_before": before,
                "instructions_after": after,
            },
        )
        reasons.append(reason)
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    plan = [
        (1, dt.time(9), dt.time(12), [reasons[0], reasons[3]]),
        (3, dt.time(14), dt.time(17), [reasons[0], reasons[1]]),
        (4, dt.time(9, 30), dt.time(11), [reasons[2]]),
    ]
    for weekday, start, end, offered in plan:
        opening, _created = OpeningSlot.objects.get_or_create(
            agent=agent,
            place=place,
            start_time=start,
            end_time=end,
            recurrence=Recurrence.WEEKLY if weekday != 4 else Recurrence.BIWEEKLY,
            removed_at=None,
            defaults={"first_day": monday + dt.timedelta(days=weekday), "until": monday + dt.timedelta(days=182)},
        )
        opening.reasons.set(offered)
    stdout.write(f"  rendez-vous : {len(reasons)} motifs, {len(plan)} plages d'ouverture à {place.name}")
