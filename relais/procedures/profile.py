"""Tell us once: the profile keys a procedure field can be mapped to (`profile_key`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# key → (label, field type used to validate it)
PROFILE_KEYS: dict[str, tuple] = {
    "identity.first_name": (_("Prénom"), "text"),
    "identity.last_name": (_("Nom"), "text"),
    "identity.birth_date": (_("Date de naissance"), "date"),
    "identity.nir": (_("Numéro de sécurité sociale"), "nir"),
    "contact.email": (_("Adresse électronique"), "email"),
    "contact.phone": (_("Téléphone"), "phone"),
    "address.street": (_("Adresse"), "address"),
    "address.commune": (_("Commune"), "commune"),
    "household.situation": (_("Situation familiale"), "text"),
    "household.size": (_("Nombre de personnes dans le foyer"), "integer"),
    "household.children": (_("Nombre d'enfants à charge"), "integer"),
    "income.situation": (_("Situation professionnelle"), "text"),
    "income.monthly": (_("Revenus du foyer par mois (euros)"), "decimal"),
    "ids.caf_number": (_("Numéro d'allocataire CAF"), "text"),
    "ids.tax_number": (_("Numéro fiscal"), "text"),
    "bank.iban": (_("IBAN"), "iban"),
}

# Values the Person record already holds (used when the profile has none).
PERSON_FALLBACK = {
    "identity.first_name": "first_name",
    "identity.last_name": "last_name",
    "identity.birth_date": "birth_date",
    "contact.email": "email",
    "contact.phone": "phone",
}


def profile_values(person, profile_data: dict) -> dict:
    """Every known profile value of a person: the profile first, then the Person record."""
    values = {k: v for k, v in (profile_data or {}).items() if k in PROFILE_KEYS and v not in (None, "")}
    for key, attribute in PERSON_FALLBACK.items():
        if key not in values and person is not None:
            value = getattr(person, attribute, None)
            if value not in (None, ""):
                values[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return values
