"""Filters of the observatory pages: a figure or why it is missing (never a zero for a missing value)."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(value, digits: int = 1):
    """12.345 → « 12,3 »; "secret" → « secret statistique »; None / "absent" → « donnée manquante »."""
    if value == "secret":
        return _("secret statistique")
    if value is None or value == "absent" or value == "":
        return _("donnée manquante")
    try:
        return number_format(
            round(float(value), int(digits)), decimal_pos=int(digits), use_l10n=True, force_grouping=True
        )
    except (TypeError, ValueError):
        return _("donnée manquante")


@register.filter
def km(value):
    if value is None:
        return _("aucun lieu connu")
    return _("%(km)s km") % {"km": number_format(round(float(value)), decimal_pos=0)}


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def kind_km(coverage, kind):
    return (coverage or {}).get(f"{kind}_km")
