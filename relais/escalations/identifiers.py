"""The identifiers an administration needs (CAF number, tax number, NIR), validated with plain-French errors.

Shown only to the teams invited (the helper who typed them sees them masked)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LABELS = {
    "caf_number": gettext_lazy("Numéro d'allocataire CAF"),
    "tax_number": gettext_lazy("Numéro fiscal"),
    "nir": gettext_lazy("Numéro de sécurité sociale (NIR)"),
}


def _compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def clean_caf_number(value: str) -> str:
    value = _compact(value)
    if not re.fullmatch(r"\d{7}", value):
        raise ValidationError(_("Le numéro d'allocataire CAF a 7 chiffres (il est sur les courriers de la CAF)."))
    return value


def clean_tax_number(value: str) -> str:
    value = _compact(value)
    if not re.fullmatch(r"[0-3]\d{12}", value):
        raise ValidationError(
            _("Le numéro fiscal a 13 chiffres et commence par 0, 1, 2 ou 3 (il est en haut de l'avis d'impôt).")
        )
    return value


def nir_key(body: str) -> int:
    """The 2-digit key of the 13 first characters (Corsica: 2A counts as 19, 2B as 18)."""
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return 97 - number % 97


def clean_nir(value: str) -> str:
    value = _compact(value)
    if not re.fullmatch(r"[1-478]\d{4}(\d{2}|2A|2B)\d{6}\d{2}", value):
        raise ValidationError(
            _("Le numéro de sécurité sociale a 15 caractères : 13 chiffres puis une clé de 2 chiffres (carte Vitale).")
        )
    if nir_key(value[:13]) != int(value[13:]):
        raise ValidationError(_("Le numéro de sécurité sociale ne correspond pas à sa clé : vérifiez chaque chiffre."))
    return value


CLEANERS = {"caf_number": clean_caf_number, "tax_number": clean_tax_number, "nir": clean_nir}


def clean_identifiers(values: dict) -> dict:
    """Validate every identifier given; one ValidationError with a message per wrong field."""
    cleaned, errors = {}, {}
    for name, cleaner in CLEANERS.items():
        raw = (values or {}).get(name, "")
        if not raw or not str(raw).strip():
            continue
        try:
            cleaned[name] = cleaner(str(raw))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def masked(value: str) -> str:
    """« •••••••12 »: what the helper side sees of an identifier."""
    return "•" * max(len(value) - 2, 0) + value[-2:]


def labelled(identifiers: dict, *, reveal: bool) -> list[tuple[str, str]]:
    return [
        (str(LABELS[name]), value if reveal else masked(value))
        for name, value in (identifiers or {}).items()
        if name in LABELS
    ]
