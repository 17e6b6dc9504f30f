"""Matching of typed commune names and postcodes, shared by `Commune.objects.search` and the
selectors (no model import here, so the models can use it)."""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from relais.territory.text import normalize

POSTCODE_IN_TEXT = re.compile(r"(?<!\d)(\d{5})(?!\d)")
DIGITS = re.compile(r"^\d{1,5}$")


def postcode_filter(digits: str) -> Q:
    """Communes having a postcode equal to (5 digits) or starting with `digits`."""
    if len(digits) == 5:
        return Q(postcodes__contains=digits)  # postcodes are 5-digit words: a match is a whole word
    return Q(postcodes__startswith=digits) | Q(postcodes__contains=f" {digits}")


def split_postcode(text: str) -> tuple[str, str]:
    """("Vénissieux (69200)") → ("venissieux", "69200"); a postcode may come before or after."""
    postcode = ""
    match = POSTCODE_IN_TEXT.search(text)
    if match:
        postcode = match.group(1)
        text = text[: match.start()] + " " + text[match.end() :]
    return normalize(text), postcode


def ranked_by_name(key: str, queryset: QuerySet) -> QuerySet:
    """Exact name first, then names starting with the text, then a word starting with it, then
    names containing it; bigger communes first within each group."""
    return (
        queryset.filter(search_name__contains=key)
        .annotate(
            rank=Case(
                When(search_name=key, then=Value(0)),
                When(search_name__startswith=key, then=Value(1)),
                When(search_name__contains=f" {key}", then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-population", "name", "code")
    )
