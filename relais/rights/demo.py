"""Demo: 1,000 persons followed by France Services Vénissieux, with household answers and consent
to the detection of unclaimed rights. Deterministic (seeded), idempotent, bulk-created."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from relais.accounts.models import Person
from relais.rights.models import RightsProfile
from relais.territory.models import Commune

DEMO_COUNT = 1_000
SEED = 20261122
COMMUNES = ["69259", "69259", "69259", "69123", "69199", "69256", "69029"]
FIRST_NAMES = [
    "Amina",
    "Karim",
    "Sophie",
    "Julien",
    "Fatou",
    "Mehdi",
    "Nathalie",
    "Kevin",
    "Aïcha",
    "Thomas",
    "Leïla",
    "Nicolas",
    "Yasmine",
    "David",
    "Chantal",
    "Moussa",
    "Sandrine",
    "Bilal",
    "Inès",
    "Patrick",
]
LAST_NAMES = [
    "Benali",
    "Martin",
    "Diallo",
    "Bernard",
    "Nguyen",
    "Petit",
    "Haddad",
    "Moreau",
    "Traoré",
    "Garcia",
    "Rousseau",
    "Mansouri",
    "Fournier",
    "Cissé",
    "Lambert",
    "Bouzid",
    "Girard",
    "Camara",
    "Roux",
    "Ferreira",
]
BENEFITS_RECEIVED = ["rsa", "ppa", "aide_logement", "af", "asf", "cf", "aah", "aspa", "css", "ars"]


def _money(rng: random.Random, low: int, high: int) -> int:
    return int(round(rng.uniform(low, high), -1))


def demo_answers(rng: random.Random, commune_codes: list[str]) -> dict:
    """One household with realistic shares: singles, single parents, couples, seniors."""
    kind = rng.choices(["single", "single_parent", "couple", "couple_children", "senior"], [30, 20, 12, 23, 15])[0]
    n_adults = 2 if kind.startswith("couple") else (rng.choice([1, 1, 2]) if kind == "senior" else 1)
    adults = []
    for _ in range(n_adults):
        age = rng.randint(66, 92) if kind == "senior" else rng.randint(20, 62)
        situation = (
            "retired"
            if kind == "senior"
            else rng.choices(["work", "part_time", "unemployed", "none"], [35, 25, 20, 20])[0]
        )
        adult = {
            "age": age,
            "disability": rng.choices(["none", "50", "80"], [90, 5, 5])[0],
            "salary": 0,
            "unemployment": 0,
            "pension": 0,
            "other": 0,
        }
        if situation == "work":
            adult["salary"] = _money(rng, 1_200, 2_600)
        elif situation == "part_time":
            adult["salary"] = _money(rng, 300, 1_100)
        elif situation == "unemployed":
            adult["unemployment"] = _money(rng, 500, 1_400)
        elif situation == "retired":
            adult["pension"] = _money(rng, 300, 1_600)
        adults.append(adult)
    children = []
    if kind in {"single_parent", "couple_children"}:
        children = [rng.randint(0, 19) for _ in range(rng.choices([1, 2, 3, 4], [40, 35, 18, 7])[0])]
        if kind == "single_parent" and rng.random() < 0.3:
            adults[0]["other"] = _money(rng, 100, 300)  # alimony received
    housing = rng.choices(["tenant", "owner", "hosted", "homeless"], [75, 10, 12, 3])[0]
    rent = _money(rng, 300, 850) if housing == "tenant" else 0
    received = [key for key in BENEFITS_RECEIVED if rng.random() < 0.25]
    return {
        "adults": adults,
        "children": children,
        "housing": housing,
        "rent": rent,
        "commune": rng.choice(commune_codes),
        "received": received,
    }


@transaction.atomic
def load(ctx: dict, stdout) -> None:
    organisation = ctx.get("organisations", {}).get("fs_venissieux")
    if organisation is None:
        stdout.write("  (structure France Services Vénissieux absente : profils de droits non créés)")
        return
    camille = getattr(ctx.get("users", {}).get("camille.martin@demo.relais.fr"), "person", None)
    if camille is not None:  # her saved questionnaire, shown in her person file (benefits received)
        answers = {**demo_answers(random.Random(SEED + 1), ["69259"]), "received": ["aide_logement"]}
        RightsProfile.objects.get_or_create(person=camille, defaults={"organisation": organisation, "answers": answers})
    existing = RightsProfile.objects.filter(organisation=organisation).exclude(person=camille).count()
    if existing >= DEMO_COUNT:
        stdout.write(f"  {existing} profils pour le simulateur de droits (déjà chargés)")
        return
    available = set(Commune.objects.filter(code__in=COMMUNES).values_list("code", flat=True))
    commune_codes = [code for code in COMMUNES if code in available] or ["69259"]
    rng = random.Random(SEED)
    now = timezone.now()
    persons = [
        Person(
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            phone=f"+336{rng.randint(10_000_000, 99_999_999)}",
            created_by_organisation=organisation,
        )
        for _ in range(DEMO_COUNT - existing)
    ]
    persons = Person.objects.bulk_create(persons, batch_size=500)
    if any(person.pk is None for person in persons):  # backends without RETURNING
        persons = list(
            Person.objects.filter(created_by_organisation=organisation, rights_profile__isnull=True).order_by("-pk")[
                : len(persons)
            ]
        )
    RightsProfile.objects.bulk_create(
        [
            RightsProfile(
                person=person,
                organisation=organisation,
                answers=demo_answers(rng, commune_codes),
                consent_to_batch=True,
                consent_at=now,
            )
            for person in persons
        ],
        batch_size=500,
    )
    stdout.write(
        f"  {DEMO_COUNT} personnes suivies par {organisation.name} avec un profil pour le simulateur de droits"
    )
