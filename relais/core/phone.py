"""Phone numbers: normalise what people type into E.164 (+33612345678) with plain-French errors.

French numbers are written in many ways ("06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78",
"0033 (0)6 12 34 56 78"). Overseas numbers keep their own country code: a Réunion mobile
"0692 12 34 56" is +262692123456, not +33692123456."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# National prefixes (after the leading 0) of the overseas departments, with their country code.
_OVERSEAS = {
    "590": "590",
    "690": "590",
    "691": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "596": "596",
    "696": "596",
    "697": "596",  # Martinique
    "594": "594",
    "694": "594",  # Guyane
    "262": "262",
    "263": "262",
    "692": "262",
    "693": "262",  # La Réunion
    "269": "262",
    "639": "262",  # Mayotte
}
_OVERSEAS_MOBILE = {"690", "691", "696", "697", "694", "692", "693", "639"}
_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u202f]")


def normalize_phone(value: str) -> str:
    """Return the number in E.164, or raise ValidationError with a message a person understands."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Indiquez un numéro de téléphone."), code="phone_empty")
    compact = raw.replace("(0)", "")
    compact = _SEPARATORS.sub("", compact)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not re.fullmatch(r"\+?[0-9]+", compact):
        raise ValidationError(
            _("Le numéro de téléphone ne doit contenir que des chiffres (par exemple 06 12 34 56 78)."),
            code="phone_characters",
        )
    if compact.startswith("+"):
        digits = compact[1:]
        if digits.startswith("330"):  # "+33 06..." typed by mistake
            digits = "33" + digits[3:]
        if digits.startswith("33"):
            national = digits[2:]
            if len(national) != 9 or national[0] == "0":
                raise ValidationError(
                    _("Un numéro français a 10 chiffres, par exemple 06 12 34 56 78."), code="phone_length"
                )
            return "+33" + national
        if not 7 <= len(digits) <= 15 or digits[0] == "0":
            raise ValidationError(
                _("Ce numéro international n'est pas valide : vérifiez l'indicatif du pays et les chiffres."),
                code="phone_international",
            )
        return "+" + digits
    if len(compact) != 10:
        raise ValidationError(_("Un numéro français a 10 chiffres, par exemple 06 12 34 56 78."), code="phone_length")
    if compact[0] != "0" or compact[1] == "0":
        raise ValidationError(
            _("Un numéro français commence par 0 puis un chiffre de 1 à 9, par exemple 06 12 34 56 78."),
            code="phone_prefix",
        )
    national = compact[1:]
    country = _OVERSEAS.get(national[:3], "33")
    return f"+{country}{national}"


def validate_phone(value: str) -> None:
    """Django validator for phone fields."""
    normalize_phone(value)


def is_mobile(e164: str) -> bool:
    """True when the number can receive SMS, as far as we can tell.

    French mobiles are 06 and 07; foreign numbers are accepted as they are (the provider decides)."""
    if e164.startswith("+33"):
        return e164[3] in "67"
    for prefix in ("+590", "+596", "+594", "+262"):
        if e164.startswith(prefix):
            return e164[len(prefix) :][:3] in _OVERSEAS_MOBILE
    return True
